using System.Runtime.InteropServices;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>
/// The data folder's one exclusive lock, taken explicitly. On Unix, .NET emulates share modes with an advisory
/// <c>flock</c> on every file it opens — about 14 calls per generation across journals, ledger and outputs — which the
/// standalone host switches off (<c>System.IO.DisableFileLocking</c>); this lock is the only one the runtime relies on,
/// so it does not depend on that emulation.
/// </summary>
internal static partial class DataFolderLock
{
    const int LockExclusive = 2;
    const int LockNonBlocking = 4;

    /// <summary>Opens <paramref name="path"/> and holds an exclusive lock on it until the stream is disposed; an
    /// <see cref="IOException"/> when another process holds it.</summary>
    public static FileStream Acquire(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        if (OperatingSystem.IsWindows()) return stream; // FileShare.None is enforced by the OS there
        var handle = stream.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0) return stream;
            var error = Marshal.GetLastPInvokeError();
            stream.Dispose();
            throw new IOException($"The lock on {path} is held by another process (errno {error}).");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fileDescriptor, int operation);
}
