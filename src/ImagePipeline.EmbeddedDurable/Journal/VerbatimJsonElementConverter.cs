using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>Writes a JSON value into the journal exactly as it was produced. Re-writing it would re-escape its strings
/// ("+00:00" comes back as "\u002B00:00"), so an instance read back from its journal (a finished one, after a restart)
/// would not read exactly as it did live. A value laid out over several lines is written compactly instead: one line
/// is one record.</summary>
internal sealed class VerbatimJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        var raw = value.GetRawText();
        if (raw.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
