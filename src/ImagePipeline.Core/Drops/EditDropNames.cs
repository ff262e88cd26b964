namespace ImagePipeline.Drops;

/// <summary>Naming conventions of drops: <c>photo.jpg</c>'s instruction may be in the sidecar <c>photo.json</c>, and
/// sidecars (and files still being written by common tools) never start anything themselves.</summary>
public static class EditDropNames
{
    public const string SidecarExtension = ".json";
    public const string ReasonSuffix = ".reason.txt";
    static readonly string[] PartialSuffixes = [".tmp", ".part", ".partial", ".crdownload", ".download", ".filepart"];

    public static bool IsSidecar(string name) => name.EndsWith(SidecarExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sidecar of <paramref name="name"/>: same folder and base name, extension <c>.json</c>.</summary>
    public static string SidecarOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.LastIndexOf('/');
        var dot = name.LastIndexOf('.');
        var stem = dot > slash + 1 ? name[..dot] : name;
        return stem + SidecarExtension;
    }

    /// <summary>True for names that are not drops at all: sidecars, reason files, hidden files and partial downloads.</summary>
    public static bool IsIgnored(string name)
    {
        var fileName = name[(name.LastIndexOf('/') + 1)..];
        return fileName.Length == 0
            || fileName.StartsWith('.')
            || IsSidecar(fileName)
            || fileName.EndsWith(ReasonSuffix, StringComparison.OrdinalIgnoreCase)
            || PartialSuffixes.Any(suffix => fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }
}
