using System.Text.Json;
using ImagePipeline.Workflow;

namespace ImagePipeline.Pipeline;

/// <summary>The standalone host's ledger: one small file per generation, created with CreateNew so two attempts can
/// never both begin.</summary>
public sealed class FileSubmissionLedger(string directory, TimeProvider timeProvider) : ISubmissionLedger
{
    public async Task<SubmissionRecord?> TryBeginAsync(string generationId, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(generationId);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return await ReadAsync(path, cancellationToken);
        }

        try
        {
            await using (stream)
            {
                await JsonSerializer.SerializeAsync(stream, new SubmissionRecord(timeProvider.GetUtcNow(), null), WorkflowJson.Options, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
            return null;
        }
        catch
        {
            // Nothing was sent yet: an empty file left by a failed write (a full disk) would read as an earlier submit of
            // unknown outcome and block the real one when the step runs again.
            File.Delete(path);
            throw;
        }
    }

    public async Task CompleteAsync(string generationId, string providerJobId, CancellationToken cancellationToken = default)
    {
        var path = PathFor(generationId);
        var record = await ReadAsync(path, cancellationToken) ?? new SubmissionRecord(timeProvider.GetUtcNow(), null);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record with { ProviderJobId = providerJobId }, WorkflowJson.Options), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public Task AbandonAsync(string generationId, CancellationToken cancellationToken = default)
    {
        File.Delete(PathFor(generationId));
        return Task.CompletedTask;
    }

    static async Task<SubmissionRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            // An empty file is an attempt that died while being recorded: still an attempt of unknown fate.
            return json.Length == 0 ? new SubmissionRecord(DateTimeOffset.MinValue, null) : JsonSerializer.Deserialize<SubmissionRecord>(json, WorkflowJson.Options);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    string PathFor(string generationId) => Path.Combine(directory, Uri.EscapeDataString(generationId) + ".submit.json");
}
