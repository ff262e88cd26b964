using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Providers.Mock;

/// <summary>Everything the mock needs to answer for a job, carried in the job id itself (<c>mock_</c> + base64url JSON),
/// so the mock keeps no state and a restarted host still knows every job it issued. Short names keep ids short.</summary>
internal sealed record MockJobTicket(
    [property: JsonPropertyName("g")] string GenerationId,
    [property: JsonPropertyName("t")] long SubmittedAtUnixMs,
    [property: JsonPropertyName("n")] int Images,
    [property: JsonPropertyName("s")] int Seed,
    [property: JsonPropertyName("w")] int Width,
    [property: JsonPropertyName("h")] int Height,
    [property: JsonPropertyName("f"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure = null)
{
    public const string Prefix = "mock_";
    public const string FailureFailed = "failed";
    public const string FailureBlocked = "blocked";

    public DateTimeOffset SubmittedAt => DateTimeOffset.FromUnixTimeMilliseconds(SubmittedAtUnixMs);

    public string ToJobId() => Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static bool TryParse(string? jobId, [NotNullWhen(true)] out MockJobTicket? ticket)
    {
        ticket = null;
        if (jobId is null || !jobId.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        try
        {
            var bytes = Base64Url.DecodeFromChars(jobId.AsSpan(Prefix.Length));
            ticket = JsonSerializer.Deserialize<MockJobTicket>(bytes);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        return ticket is { GenerationId: not null, Images: > 0, Width: > 0, Height: > 0 };
    }
}
