namespace ImagePipeline.Storage;

/// <summary>Options of <see cref="FileSystemOutputStore"/> (configuration: <c>Storage:RootDirectory</c>).</summary>
public sealed class FileSystemOutputStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder outputs go under; created when missing. Relative paths are taken from the current directory.</summary>
    public string RootDirectory { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "data", "outputs");
}
