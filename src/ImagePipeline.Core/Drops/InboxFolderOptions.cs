namespace ImagePipeline.Drops;

/// <summary>The inbox folder edits are dropped into (<c>Inbox:Directory</c>); unset, <c>inbox</c> in the data folder.
/// The standalone host's watcher settings share the section (<c>InboxOptions</c>).</summary>
public sealed class InboxFolderOptions
{
    public const string SectionName = "Inbox";

    /// <summary>Relative paths are taken from the current directory.</summary>
    public string? Directory { get; set; }
}
