using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>Traces of the pipeline's own storage: archive writes and reads of outputs
/// (<see cref="Storage.TracedOutputStore"/>) and the submission ledger (<see cref="Pipeline.TracedSubmissionLedger"/>).</summary>
public static class StorageTelemetry
{
    public const string SourceName = "ImagePipeline.Storage";

    public const string ArchiveWriteActivity = "ImagePipeline.Storage.ArchiveWrite";
    public const string ArchiveReadActivity = "ImagePipeline.Storage.ArchiveRead";
    public const string ArchiveDeleteActivity = "ImagePipeline.Storage.ArchiveDelete";
    public const string LedgerActivity = "ImagePipeline.Storage.Ledger";

    /// <summary>Which ledger operation: begin, complete, find or abandon.</summary>
    public const string LedgerOperationTag = "imagepipeline.ledger.operation";

    /// <summary>Whether a read or lookup found what it looked for.</summary>
    public const string FoundTag = "imagepipeline.found";
    public const string DeletedTag = "imagepipeline.deleted";

    public static ActivitySource ActivitySource { get; } = new(SourceName);

    public static Activity? Start(string name, string? generationId)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        if (generationId is not null) activity?.SetTag(PipelineTelemetry.GenerationIdTag, generationId);
        return activity;
    }
}
