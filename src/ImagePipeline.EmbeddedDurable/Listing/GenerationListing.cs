using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Generation;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Listing;

/// <summary>
/// <c>GET /api/generations</c> on the embedded runtime: the creation filters (provider, time, metadata) are answered
/// from the <see cref="CreationIndex"/> alone; status needs the instance's current state, read as GET reads it (the
/// runner in memory, else the journal on disk), except for ended ones whose final status the index has learnt.
/// </summary>
internal sealed class GenerationListing(InstanceStore store, Func<string, WorkflowInstance?> read)
{
    readonly CreationIndex _index = new();

    public int Count => _index.Count;

    /// <summary>Indexes every finished instance (unfinished ones are indexed as start-up resumes them).</summary>
    public void LoadCompleted()
    {
        if (!Directory.Exists(store.CompletedDirectory)) return;
        Parallel.ForEach(Directory.EnumerateFiles(store.CompletedDirectory), path =>
        {
            var entry = path.EndsWith(".journal", StringComparison.Ordinal) ? CreationRecords.FromJournal(path)
                : path.EndsWith(".json", StringComparison.Ordinal) ? CreationRecords.FromCompactRecord(path)
                : null;
            if (entry is not null) _index.Add(entry);
        });
    }

    public void Add(JournalRecord created)
    {
        if (CreationRecords.FromRecord(created) is { } entry) _index.Add(entry);
    }

    public void Add(string instanceId, GenerationWorkflowInput input)
    {
        if (CreationRecords.FromInput(instanceId, input) is { } entry) _index.Add(entry);
    }

    public WorkflowInstancePage Query(GenerationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.ContinuationToken is { } token ? ListingCursor.Parse(token) : null;
        var found = new List<WorkflowInstance>(query.PageSize);
        bool Candidate(CreationIndexEntry entry) => CreationIndex.MatchesCreation(query, entry);
        while (found.Count < query.PageSize)
        {
            var batch = _index.Next(cursor, Candidate, query.PageSize - found.Count);
            if (batch.Count == 0) return new WorkflowInstancePage(found, null);
            foreach (var entry in batch)
            {
                cursor = new ListingCursor(entry.CreatedAt, entry.InstanceId);
                // Gone when its files were purged since it was indexed.
                if (read(entry.InstanceId) is not { } instance) continue;
                var document = GenerationStatusDocumentFactory.Create(instance);
                if (document.Status.IsTerminal()) entry.FinalStatus = document.Status;
                if (query.Matches(document)) found.Add(instance);
            }
        }
        // A full page: say whether anything older may still match, so the last page ends in null rather than an empty one.
        var more = _index.Next(cursor, Candidate, 1).Count > 0;
        return new WorkflowInstancePage(found, more ? cursor!.ToToken() : null);
    }
}
