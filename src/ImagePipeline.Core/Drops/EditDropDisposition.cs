namespace ImagePipeline.Drops;

/// <summary>What processing a drop did.</summary>
public enum EditDropDisposition
{
    /// <summary>An edit was started.</summary>
    Started,
    /// <summary>The drop was unusable; a generation that ends Failed (and notifies) was recorded for it.</summary>
    Rejected,
    /// <summary>This version of the drop was handled before (a redelivered trigger, a rescan): nothing new was started.</summary>
    AlreadyHandled,
    /// <summary>Not a drop (a sidecar, a partial download, …).</summary>
    Ignored,
}
