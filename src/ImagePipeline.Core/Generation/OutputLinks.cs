using System.Globalization;

namespace ImagePipeline.Generation;

/// <summary>The caller-facing <c>url</c> of each archived output: the download route of this API, so a caller needs no
/// access to the storage behind <c>uri</c>.</summary>
public static class OutputLinks
{
    /// <summary><c>/api/generations/{id}/outputs/{index}</c>.</summary>
    public static string PathOf(string generationId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/generations/{Uri.EscapeDataString(generationId)}/outputs/{index}");

    /// <summary>Sets each output's <see cref="ArchivedOutput.Url"/>: absolute under <paramref name="publicBaseUrl"/> (the
    /// setting callback URLs use; any path on it is kept), else the relative path.</summary>
    public static GenerationStatusDocument Apply(GenerationStatusDocument document, Uri? publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Outputs.Count == 0) return document;
        var root = publicBaseUrl is { IsAbsoluteUri: true } ? publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') : "";
        return document with
        {
            Outputs = [.. document.Outputs.Select((output, index) => output with { Url = root + PathOf(document.Id, index) })],
        };
    }
}
