namespace ImagePipeline.Providers.Scenario;

/// <summary>An input image read into memory for an asset upload (bounded by <see cref="ScenarioClient.MaxAssetBytes"/>).</summary>
internal sealed record ScenarioInputImage(byte[] Content, string MediaType)
{
    public string FileExtension => MediaType.ToUpperInvariant() switch
    {
        "IMAGE/JPEG" or "IMAGE/JPG" => "jpg",
        "IMAGE/WEBP" => "webp",
        "IMAGE/GIF" => "gif",
        _ => "png",
    };
}
