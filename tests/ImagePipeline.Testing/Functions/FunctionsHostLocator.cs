using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Testing.Functions;

/// <summary>
/// Finds the <c>func</c> that runs the Functions host: the one named by <c>FUNC</c>, else Core Tools' <c>func</c> on PATH,
/// else the stand-in beside the repository (<c>../shared/functions-host/func</c>, a real host built from source for
/// machines where Core Tools cannot be installed). tests/run.sh applies the same order to decide whether to skip.
/// </summary>
public static class FunctionsHostLocator
{
    public const string VariableName = "FUNC";

    /// <summary>Set (to 1) where a missing or broken host must fail the run instead of skipping it, as CI does.</summary>
    public const string RequireVariableName = "REQUIRE_FUNCTIONS_HOST";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariableName) is "1" or "true";

    /// <summary>The <c>func</c> executable, or null with the places looked at.</summary>
    public static string? Find(out string searched)
    {
        var candidates = new List<string>();
        var configured = Environment.GetEnvironmentVariable(VariableName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            searched = $"{VariableName}={configured}";
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var onPath = Path.Combine(folder, "func");
            if (File.Exists(onPath)) return searched = onPath;
        }
        candidates.Add("func on PATH");
        if (AzuriteServer.FindRepositoryRoot() is { } root)
        {
            var standIn = Path.GetFullPath(Path.Combine(root, "..", "shared", "functions-host", "func"));
            if (File.Exists(standIn)) return searched = standIn;
            candidates.Add(standIn);
        }
        searched = string.Join(", ", candidates);
        return null;
    }
}
