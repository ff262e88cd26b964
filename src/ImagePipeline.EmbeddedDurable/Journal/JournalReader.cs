using ImagePipeline.Generation;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>Reads an instance journal, tolerating a torn last line.</summary>
internal static class JournalReader
{
    public static LoadedJournal Read(string path) => Parse(File.ReadAllBytes(path));

    public static LoadedJournal Parse(ReadOnlySpan<byte> content)
    {
        var journal = new LoadedJournal();
        long offset = 0;
        while (offset < content.Length)
        {
            var rest = content[(int)offset..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // The final write never completed; nothing after it was acknowledged.
                journal.HasTornTail = true;
                break;
            }

            var record = JournalSerializer.TryParse(rest[..newline]);
            var next = offset + newline + 1;
            if (record is null)
            {
                if (next < content.Length)
                {
                    journal.IsCorrupt = true;
                }
                else
                {
                    journal.HasTornTail = true;
                }

                break;
            }

            Add(journal, record);
            offset = next;
            journal.ValidLength = offset;
        }

        return journal;
    }

    static void Add(LoadedJournal journal, JournalRecord record)
    {
        journal.LastAt = record.At;
        if (record.Kind == JournalRecordKind.Created)
        {
            journal.Created ??= record;
        }
        else if (record.IsAction)
        {
            journal.Actions.Add(record);
        }
        else if (record.IsInbound)
        {
            journal.Inbound.Add(record);
        }
        else if (record.Kind == JournalRecordKind.CustomStatus)
        {
            journal.LastCustomStatus = record;
        }
        else if (record.IsTerminal)
        {
            journal.Terminal ??= record;
        }
    }
}
