using System.Text.RegularExpressions;

namespace ImagePipeline.Core.Tests.Architecture;

/// <summary>Dependencies between the Core folders point one way (hosts → Api/Events → Starting → Workflow →
/// Providers/Storage/Notifications/Pipeline; Generation and Serialization at the bottom). Read from the source's
/// <c>using</c> directives, as <c>.ci/folder-graph.py</c> draws the whole graph, so a failure names the file.</summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Lower folder → the folders it must never use.</summary>
    static readonly Dictionary<string, string[]> Forbidden = new()
    {
        ["Generation"] = ["Api", "Workflow", "Providers", "Storage", "Notifications", "Pipeline", "Events", "Serialization"],
        ["Serialization"] = ["Api", "Workflow", "Providers", "Storage", "Notifications", "Pipeline", "Events", "Generation"],
        ["Workflow"] = ["Api", "Events", "Starting"],
        ["Providers"] = ["Api", "Workflow", "Pipeline", "Events", "Notifications"],
        ["Storage"] = ["Api", "Workflow", "Pipeline", "Events", "Notifications"],
        ["Notifications"] = ["Api", "Workflow", "Pipeline", "Events"],
        ["Pipeline"] = ["Api", "Workflow", "Events", "Starting", "Inputs"],
        ["Inputs"] = ["Api", "Workflow", "Events", "Starting"],
    };

    [Fact]
    public void No_core_folder_uses_a_folder_above_it()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "ImagePipeline.Core");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(core, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            if (NamespaceLine().Match(text) is not { Success: true } ns) continue;
            if (!Forbidden.TryGetValue(TopFolder(ns.Groups[1].Value), out var forbidden)) continue;
            foreach (Match used in UsingLine().Matches(text))
            {
                var target = TopFolder(used.Groups[1].Value);
                if (forbidden.Contains(target)) violations.Add($"{relative} uses ImagePipeline.{target}");
            }
        }

        Assert.True(violations.Count == 0, "Lower folders use higher ones:\n" + string.Join('\n', violations));
    }

    /// <summary>Workflow.Steps counts as Workflow; Providers.Luma as Providers.</summary>
    static string TopFolder(string ns) => ns.Split('.') is [_, var top, ..] ? top : "";

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace\s+(ImagePipeline[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^(?:global\s+)?using\s+(ImagePipeline[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
