using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Testing.Simulators;

/// <summary>
/// Base of the simulators of request-queue APIs (GMI Cloud, Segmind): a submit queues a job that runs for
/// <see cref="SimulatorBehavior.JobDuration"/> and then settles once, failed with <see cref="SimulatorBehavior.FailJobsWith"/>
/// or with a real PNG. A test can also script the next submit or read reply word for word.
/// </summary>
public abstract class RequestQueueSimulator : ProviderSimulator
{
    readonly ConcurrentDictionary<string, QueuedJob> _jobs = new();
    readonly ConcurrentQueue<(int StatusCode, string Body, string ContentType)> _submitReplies = new();
    readonly ConcurrentQueue<(int StatusCode, string Body, string ContentType)> _queryReplies = new();
    int _jobSequence;

    /// <summary>The JSON body of the last accepted submit, exactly as received.</summary>
    public JsonObject? LastSubmitBody { get; private set; }

    /// <summary>Ids of every job created, in no particular order.</summary>
    public IReadOnlyCollection<string> JobIds => [.. _jobs.Keys];

    /// <summary>The next submit gets exactly this reply (before any other check), for wire shapes the script cannot make.</summary>
    public void ReplyToNextSubmit(HttpStatusCode statusCode, string body, string contentType = "application/json") =>
        _submitReplies.Enqueue(((int)statusCode, body, contentType));

    /// <summary>The next status or result read gets exactly this reply (before any other check).</summary>
    public void ReplyToNextQuery(HttpStatusCode statusCode, string body, string contentType = "application/json") =>
        _queryReplies.Enqueue(((int)statusCode, body, contentType));

    /// <summary>The PNG served for a job's output, to compare with what a client downloaded.</summary>
    public byte[]? GetOutputBytes(string requestId) => GetFile(OutputFileName(requestId));

    protected static string OutputFileName(string requestId) => $"{requestId}.png";

    /// <summary>Answers with the reply scripted for the next submit, if there is one.</summary>
    protected Task<bool> AnswerScriptedSubmitAsync(HttpContext context) => AnswerScriptedAsync(context, _submitReplies);

    /// <summary>Answers with the reply scripted for the next status or result read, if there is one.</summary>
    protected Task<bool> AnswerScriptedQueryAsync(HttpContext context) => AnswerScriptedAsync(context, _queryReplies);

    /// <summary>Queues a job for an accepted submit and counts the submit.</summary>
    private protected QueuedJob Accept(string id, string model, JsonObject body)
    {
        var job = new QueuedJob(id, model, DateTimeOffset.UtcNow, Behavior.JobDuration, Interlocked.Increment(ref _jobSequence));
        _jobs[job.Id] = job;
        LastSubmitBody = body;
        CountSubmit();
        return job;
    }

    private protected bool TryGetJob(string id, [NotNullWhen(true)] out QueuedJob? job) => _jobs.TryGetValue(id, out job);

    /// <summary>Settles a job once it has run its duration: failed when the script says so, otherwise with a real PNG.
    /// Null while it is still running.</summary>
    private protected QueuedJobOutcome? Resolve(QueuedJob job)
    {
        lock (job)
        {
            if (job.Outcome is not null || DateTimeOffset.UtcNow - job.SubmittedAt < job.Duration) return job.Outcome;
            job.Outcome = Behavior.FailJobsWith is { } message
                ? new QueuedJobOutcome(null, message)
                : new QueuedJobOutcome(CreateOutputFile(OutputFileName(job.Id), job.Sequence), null);
            return job.Outcome;
        }
    }

    static async Task<bool> AnswerScriptedAsync(HttpContext context, ConcurrentQueue<(int StatusCode, string Body, string ContentType)> replies)
    {
        if (!replies.TryDequeue(out var reply)) return false;
        await WriteAsync(context, reply.StatusCode, reply.Body, reply.ContentType);
        return true;
    }
}
