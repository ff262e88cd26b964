namespace ImagePipeline.Functions;

/// <summary>The <c>Maintenance</c> configuration section (e.g. <c>Maintenance__PurgeAfter=7.00:00:00</c>).</summary>
public sealed class MaintenanceOptions
{
    public const string SectionName = "Maintenance";

    /// <summary>App setting holding the purge timer's NCRONTAB schedule. A flat name on purpose: the Functions host
    /// resolves <c>%name%</c> binding expressions reliably only for top-level settings.</summary>
    public const string PurgeScheduleSetting = "MaintenancePurgeSchedule";

    /// <summary>How long finished generations keep their orchestration history (input, status, output). Their images
    /// stay in the output container; only the status record goes, after which the status route answers 404.</summary>
    public TimeSpan PurgeAfter { get; set; } = TimeSpan.FromDays(7);
}
