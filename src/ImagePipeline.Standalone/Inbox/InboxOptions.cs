namespace ImagePipeline.Standalone.Inbox;

/// <summary>The <c>Inbox</c> configuration section of the standalone host: the watched folder (its location,
/// <c>Inbox:Directory</c>, is read by the core's <c>AddEditDrops</c>) and the optional polled drop container.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>Watch the inbox folder.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A file counts as fully written once its size and modification time stayed the same this long.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The whole folder is looked at again this often, in case the file watcher missed something.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Also take drops from the blob container (<c>EditDrops:Container</c>); needs <c>Storage:ConnectionString</c>
    /// or <c>Storage:ServiceUri</c>. The standalone host has no Event Grid, so it polls.</summary>
    public bool UseBlobContainer { get; set; }

    /// <summary>How often the blob container is listed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
