using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Listing;

/// <summary>Reads what the index needs from the files of the data folder: a journal's first line is its creation record,
/// so only that much is read; a compact record of an earlier version is small and read whole.</summary>
internal static class CreationRecords
{
    const int ReadChunk = 4096;

    /// <summary>A generation with more than one candidate may end on any of them: its provider is left open here (the
    /// listing decides on its status document).</summary>
    public static CreationIndexEntry? FromInput(string instanceId, GenerationWorkflowInput? input) =>
        input is null ? null : new CreationIndexEntry(instanceId, input.CreatedAt,
            input.Routing is { Candidates.Count: > 1 } ? null : input.Provider, input.Request.Metadata);

    public static CreationIndexEntry? FromRecord(JournalRecord? created)
    {
        if (created?.InstanceId is not { } instanceId) return null;
        try
        {
            return FromInput(instanceId, created.Data?.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The creation record at the start of a journal; null when it is missing or unreadable (such an instance
    /// is not listed: GET cannot answer for it either).</summary>
    public static CreationIndexEntry? FromJournal(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var buffer = new byte[ReadChunk];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0) return null;
                var newline = Array.IndexOf(buffer, (byte)'\n', length, read);
                length += read;
                if (newline >= 0) return FromRecord(JournalSerializer.TryParse(buffer.AsSpan(0, newline)) is { Kind: JournalRecordKind.Created } record ? record : null);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // retired or removed meanwhile; it is found under its new name
        }
    }

    public static CreationIndexEntry? FromCompactRecord(string path)
    {
        try
        {
            var instance = JsonSerializer.Deserialize<WorkflowInstance>(File.ReadAllBytes(path), WorkflowJson.Options);
            if (instance?.SerializedInput is not { } input) return null;
            return FromInput(instance.InstanceId, JsonSerializer.Deserialize<GenerationWorkflowInput>(input, WorkflowJson.Options));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }
}
