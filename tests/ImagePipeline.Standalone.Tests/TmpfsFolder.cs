using System.Diagnostics;

namespace ImagePipeline.Standalone.Tests;

/// <summary>A small tmpfs mounted for one test (root required, as on the build machines): a real file system that
/// fills up or is read-only, so the host meets the same errors a full or read-only disk gives. Mounting failures fail
/// the test; nothing is skipped.</summary>
public sealed class TmpfsFolder : IDisposable
{
    TmpfsFolder(string path) => Path = path;

    public string Path { get; }

    public static TmpfsFolder Mount(string size, bool readOnly = false)
    {
        var path = Directory.CreateTempSubdirectory("imagepipeline-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", (readOnly ? "ro," : "") + "size=" + size + ",mode=0777", "tmpfs", path);
        return new TmpfsFolder(path);
    }

    /// <summary>Writes zeros until the file system says it is full; returns the filler file.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler.bin");
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException ex) when (ex.HResult == 28) // ENOSPC
        {
        }
        // Whatever bytes are left (less than one chunk) go too, so even a tiny journal append fails.
        try
        {
            while (true) stream.Write(chunk, 0, 1);
        }
        catch (IOException ex) when (ex.HResult == 28)
        {
        }
        return filler;
    }

    public void Dispose()
    {
        // Lazy unmount: a host still holding a file open must not leave the mount behind.
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {command}.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()} — these tests need root.");
    }
}
