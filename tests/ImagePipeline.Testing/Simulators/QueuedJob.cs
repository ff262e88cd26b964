namespace ImagePipeline.Testing.Simulators;

/// <summary>A job on a <see cref="RequestQueueSimulator"/>: it runs for its duration from submit, then settles once.</summary>
internal sealed class QueuedJob(string id, string model, DateTimeOffset submittedAt, TimeSpan duration, int sequence)
{
    public string Id { get; } = id;
    public string Model { get; } = model;
    public DateTimeOffset SubmittedAt { get; } = submittedAt;
    public TimeSpan Duration { get; } = duration;
    /// <summary>1 for the first job accepted, 2 for the next, …: seeds the output image.</summary>
    public int Sequence { get; } = sequence;
    public QueuedJobOutcome? Outcome { get; set; }
}
