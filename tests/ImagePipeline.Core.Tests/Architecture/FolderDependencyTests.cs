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
        var violations = new List<string>();
        foreach (var (relative, text) in CoreSources())
        {
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

    /// <summary>The one cycle kept on purpose: the orchestration and its step contracts are one unit (a nested namespace
    /// sees its parent). Any other pair of folders reaching each other, directly or round a loop, is a knot.</summary>
    static readonly string[] KeptCycle = ["Workflow", "Workflow.Steps"];

    [Fact]
    public void Core_folders_form_no_cycle_but_workflow_and_its_steps()
    {
        var edges = new Dictionary<string, HashSet<string>>();
        HashSet<string> From(string folder) => edges.TryGetValue(folder, out var set) ? set : edges[folder] = [];
        foreach (var (_, text) in CoreSources())
        {
            if (NamespaceLine().Match(text) is not { Success: true } ns) continue;
            var source = GraphFolder(ns.Groups[1].Value);
            foreach (Match used in UsingLine().Matches(text)) From(source).Add(GraphFolder(used.Groups[1].Value));
            // A nested namespace sees its parents without a using (up to, not including, ImagePipeline itself).
            var parent = ns.Groups[1].Value;
            while (parent.LastIndexOf('.') is var dot && dot > "ImagePipeline".Length)
            {
                parent = parent[..dot];
                From(source).Add(GraphFolder(parent));
            }
        }

        HashSet<string> Reachable(string start)
        {
            var seen = new HashSet<string>();
            var pending = new Stack<string>([start]);
            while (pending.TryPop(out var folder))
            {
                foreach (var next in From(folder))
                    if (next != folder && seen.Add(next)) pending.Push(next);
            }
            return seen;
        }

        var reach = edges.Keys.ToList().ToDictionary(folder => folder, Reachable);
        var knots = reach.Keys.Order(StringComparer.Ordinal)
            .SelectMany(a => reach[a].Where(b => string.CompareOrdinal(a, b) < 0 && reach.TryGetValue(b, out var back) && back.Contains(a))
                .Select(b => (a, b)))
            .Where(pair => !(KeptCycle.Contains(pair.a) && KeptCycle.Contains(pair.b)))
            .Select(pair => $"{pair.a} <-> {pair.b}")
            .ToList();

        Assert.True(knots.Count == 0, "Folders that depend on each other (see .ci/folder-graph.py):\n" + string.Join('\n', knots));
    }

    /// <summary>As .ci/folder-graph.py draws it: Workflow.Steps on its own, every other folder with its subfolders.</summary>
    static string GraphFolder(string ns) =>
        ns == "ImagePipeline.Workflow.Steps" || ns.StartsWith("ImagePipeline.Workflow.Steps.", StringComparison.Ordinal) ? "Workflow.Steps"
        : TopFolder(ns) is { Length: > 0 } top ? top : "(root)";

    static IEnumerable<(string Relative, string Text)> CoreSources()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "ImagePipeline.Core");
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(core, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            yield return (relative, File.ReadAllText(file));
        }
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
