namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>An instance's append-only journal on disk. <see cref="Length"/> is where the next batch goes; only the
/// journal writer moves it, so a torn tail left by a crash is simply overwritten.</summary>
internal sealed class JournalFile(string path, long length)
{
    public string Path { get; } = path;

    public long Length { get; set; } = length;
}
