using System.Text.Json;
using System.Text.RegularExpressions;
using ImagePipeline.Generation;
using ImagePipeline.Configuration;

namespace ImagePipeline.Api;

/// <summary>A generation request naming a field the pipeline does not have (<c>aspect_ratio</c>) is refused rather than
/// run without it (<see cref="ApiJson.RequestOptions"/> disallows unmapped members); the refusal names the field and
/// the one it probably meant.</summary>
public static partial class UnknownRequestField
{
    static readonly Lazy<string[]> KnownFields = new(() =>
        [.. ApiJson.RequestOptions.GetTypeInfo(typeof(GenerationRequest)).Properties.Select(p => p.Name)]);

    /// <summary>The unknown member a <see cref="JsonException"/> is about, or null when it is about something else.</summary>
    public static string? NameOf(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // System.Text.Json names it only in the message: "The JSON property 'x' could not be mapped to any .NET member …".
        var match = UnmappedMember().Match(exception.Message);
        return match.Success ? match.Groups["name"].Value : null;
    }

    /// <summary>"'aspect_ratio' is not a field of a generation request; did you mean 'aspectRatio'?"</summary>
    public static string Describe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NearestName.Find(name, KnownFields.Value) is { } meant
            ? $"'{name}' is not a field of a generation request; did you mean '{meant}'?"
            : $"'{name}' is not a field of a generation request (fields: {string.Join(", ", KnownFields.Value)}).";
    }

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any \\.NET member", RegexOptions.Singleline)]
    private static partial Regex UnmappedMember();
}
