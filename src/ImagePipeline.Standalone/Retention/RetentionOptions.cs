namespace ImagePipeline.Standalone.Retention;

/// <summary>The <c>Retention</c> section: how long the standalone host keeps what a finished generation leaves in its
/// data folder. Off unless <see cref="FinishedAfter"/> is set: nothing a caller may still want is deleted by default.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Purge a generation this long after it ended (completed, failed or canceled); null keeps everything.</summary>
    public TimeSpan? FinishedAfter { get; set; }

    /// <summary>Also delete the purged generations' archived outputs (kept by default: they are the product).</summary>
    public bool DeleteOutputs { get; set; }

    /// <summary>How often the data folder is swept.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
