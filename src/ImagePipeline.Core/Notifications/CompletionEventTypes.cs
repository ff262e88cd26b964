using ImagePipeline.Generation;

namespace ImagePipeline.Notifications;

/// <summary>CloudEvent <c>type</c>s of completion events (<c>subject</c> is the generation id).</summary>
public static class CompletionEventTypes
{
    public const string Completed = "ImagePipeline.Generation.Completed";
    public const string Failed = "ImagePipeline.Generation.Failed";
    public const string Canceled = "ImagePipeline.Generation.Canceled";
    /// <summary>The CloudEvent <c>source</c> of everything this pipeline publishes.</summary>
    public const string Source = "/imagepipeline/generations";

    public static string For(GenerationStatus status) => status switch
    {
        GenerationStatus.Completed => Completed,
        GenerationStatus.Canceled => Canceled,
        _ => Failed,
    };
}
