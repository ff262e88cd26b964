using System.Buffers;
using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>JSON lines in <see cref="WorkflowJson.Options"/>. The default encoder escapes control characters, so a
/// record never contains a raw newline and one line is always one record.</summary>
internal static class JournalSerializer
{
    public static byte[] ToBytes(IReadOnlyList<JournalRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * records.Count);
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var record in records)
        {
            JsonSerializer.Serialize(writer, record, WorkflowJson.Options);
            writer.Flush();
            buffer.Write("\n"u8);
            writer.Reset(buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JournalRecord? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalRecord>(line, WorkflowJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
