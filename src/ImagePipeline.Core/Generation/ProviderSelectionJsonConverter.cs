using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Generation;

/// <summary>Reads <c>provider</c> as a string or an array of strings (an empty array or string is refused as malformed
/// JSON input, which the API answers as a 400 naming the field); writes a single name back as a string so stored
/// histories keep the shape they had before lists existed.</summary>
public sealed class ProviderSelectionJsonConverter : JsonConverter<ProviderSelection>
{
    public override ProviderSelection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var name = reader.GetString();
                if (string.IsNullOrWhiteSpace(name)) throw new JsonException("provider must be a provider name, a list of names, or \"auto\".");
                return ProviderSelection.One(name);
            case JsonTokenType.StartArray:
                var names = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } item || string.IsNullOrWhiteSpace(item))
                        throw new JsonException("provider lists hold provider names (strings).");
                    if (string.Equals(item.Trim(), ProviderSelection.AutoKeyword, StringComparison.OrdinalIgnoreCase))
                        throw new JsonException("\"auto\" stands alone: use provider: \"auto\", not inside a list.");
                    names.Add(item);
                }
                if (names.Count == 0) throw new JsonException("provider lists name at least one provider.");
                return ProviderSelection.List(names);
            default:
                throw new JsonException("provider must be a provider name, a list of names, or \"auto\".");
        }
    }

    public override void Write(Utf8JsonWriter writer, ProviderSelection value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsAuto) writer.WriteStringValue(ProviderSelection.AutoKeyword);
        else if (value.Names.Count == 1) writer.WriteStringValue(value.Names[0]);
        else
        {
            writer.WriteStartArray();
            foreach (var name in value.Names) writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
    }
}
