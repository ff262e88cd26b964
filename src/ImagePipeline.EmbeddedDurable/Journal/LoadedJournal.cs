namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>A journal read back from disk, split the way replay consumes it.</summary>
internal sealed class LoadedJournal
{
    public JournalRecord? Created { get; set; }

    /// <summary>Actions in issue order; replay matches the workflow's actions against them one by one.</summary>
    public List<JournalRecord> Actions { get; } = [];

    /// <summary>Outcomes in the order they were delivered; replay delivers them again in that order.</summary>
    public List<JournalRecord> Inbound { get; } = [];

    public JournalRecord? LastCustomStatus { get; set; }

    public JournalRecord? Terminal { get; set; }

    public DateTimeOffset LastAt { get; set; }

    /// <summary>Bytes up to the end of the last complete record.</summary>
    public long ValidLength { get; set; }

    /// <summary>The last line was cut short (a write interrupted by a crash): it is ignored and cut off.</summary>
    public bool HasTornTail { get; set; }

    /// <summary>A line other than the last is unreadable: the journal cannot be trusted.</summary>
    public bool IsCorrupt { get; set; }

    public bool HasProgress => Actions.Count > 0 || Inbound.Count > 0 || Terminal is not null;
}
