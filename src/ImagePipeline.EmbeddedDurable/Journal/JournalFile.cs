using Microsoft.Win32.SafeHandles;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>An instance's append-only journal on disk. <see cref="Length"/> is where the next batch goes; only the
/// journal writer moves it, so a torn tail left by a crash is simply overwritten.</summary>
internal sealed class JournalFile(string path, long length)
{
    public string Path { get; } = path;

    public long Length { get; set; } = length;

    /// <summary>The descriptor kept open between appends (null while closed); only <see cref="JournalHandles"/>
    /// opens, hands out and closes it, under its lock.</summary>
    internal SafeFileHandle? Handle { get; set; }

    /// <summary>This journal's place in <see cref="JournalHandles"/>' least-recently-used order while open.</summary>
    internal LinkedListNode<JournalFile>? OpenNode { get; set; }
}
