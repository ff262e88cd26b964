using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Conformance.Tests.Replay;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// Saves the journals of conformance scenarios as checked-in histories (<c>Histories/&lt;engine&gt;/&lt;scenario&gt;.json</c>)
/// for <see cref="HistoryReplayTests"/>. Off unless <c>RECORD_HISTORIES=1</c>, so ordinary runs never rewrite them.
/// </summary>
internal static class HistoryRecorder
{
    public const string EnvironmentVariable = "RECORD_HISTORIES";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static bool IsEnabled => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes every journal in an embedded runtime's data folder (finished ones are kept under
    /// <c>completed/</c>), oldest instance first.</summary>
    public static void SaveEmbedded(string scenario, string dataDirectory)
    {
        var journals = new[] { "completed", "instances" }
            .Select(folder => Path.Combine(dataDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.journal"))
            .Select(ReadLines)
            .Where(lines => lines.Count > 0)
            .OrderBy(lines => lines[0]!["at"]!.GetValue<DateTimeOffset>())
            .ToList();
        var history = new RecordedHistory("embedded", scenario, journals);
        var path = Path.Combine(SourceHistoriesDirectory(), history.Engine, scenario + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(history, Indented) + "\n");
    }

    static JsonArray ReadLines(string path) =>
        new(File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)).ToArray());

    // The source tree, not the build output: recorded files are meant to be reviewed and committed.
    static string SourceHistoriesDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Histories"));
}
