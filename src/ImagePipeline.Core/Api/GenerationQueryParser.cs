using System.Globalization;
using ImagePipeline.Generation;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Api;

/// <summary>Reads <c>GET /api/generations</c>'s query string into a <see cref="GenerationQuery"/>, or a 400 problem
/// naming the parameter. Unknown parameters are refused too: a misspelt filter silently ignored would list everything.</summary>
public static class GenerationQueryParser
{
    const string MetadataPrefix = "metadata.";
    const int MaxMetadataFilters = 32;

    /// <summary>The Functions host's function key may travel in the query string.</summary>
    const string FunctionKeyParameter = "code";

    public static (GenerationQuery? Query, ApiResult? Problem) Parse(IQueryCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new GenerationQuery();
        var statuses = new HashSet<GenerationStatus>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in parameters)
        {
            if (values.Count > 1 && !name.Equals("status", StringComparison.OrdinalIgnoreCase))
                return (null, Bad(name, "Give this parameter once."));
            var value = values.ToString();
            switch (name.ToUpperInvariant())
            {
                case "STATUS":
                    foreach (var text in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                    {
                        if (ParseStatus(text) is not { } status)
                            return (null, Bad(name, $"'{text}' is not a status; use {string.Join(", ", Enum.GetNames<GenerationStatus>())} (comma-separated for several)."));
                        statuses.Add(status);
                    }
                    break;
                case "PROVIDER":
                    if (string.IsNullOrWhiteSpace(value)) return (null, Bad(name, "Name a provider."));
                    query = query with { Provider = value.Trim() };
                    break;
                case "CREATEDAFTER":
                    if (ParseInstant(value) is not { } after) return (null, Bad(name, "Give an ISO 8601 date or date-time, e.g. 2026-11-30T04:00:00Z."));
                    query = query with { CreatedAfter = after };
                    break;
                case "CREATEDBEFORE":
                    if (ParseInstant(value) is not { } before) return (null, Bad(name, "Give an ISO 8601 date or date-time, e.g. 2026-11-30T04:00:00Z."));
                    query = query with { CreatedBefore = before };
                    break;
                case "PAGESIZE":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > GenerationQuery.MaxPageSize)
                        return (null, Bad(name, $"Give a whole number from 1 to {GenerationQuery.MaxPageSize} (default {GenerationQuery.DefaultPageSize})."));
                    query = query with { PageSize = size };
                    break;
                case "CONTINUATIONTOKEN":
                    if (string.IsNullOrEmpty(value)) return (null, Bad(name, "Pass the continuationToken of the previous page, or leave it out for the first."));
                    query = query with { ContinuationToken = value };
                    break;
                case var _ when name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > MetadataPrefix.Length:
                    if (metadata.Count == MaxMetadataFilters) return (null, Bad(name, $"At most {MaxMetadataFilters} metadata filters."));
                    // Keys are matched exactly, as the request stored them.
                    metadata[name[MetadataPrefix.Length..]] = value;
                    break;
                case var _ when name.Equals(FunctionKeyParameter, StringComparison.Ordinal):
                    break;
                default:
                    return (null, Bad(name, "Unknown parameter; filters are status, provider, createdAfter, createdBefore, metadata.{key}, pageSize and continuationToken."));
            }
        }

        if (query.CreatedAfter is { } from && query.CreatedBefore is { } to && from >= to)
            return (null, Bad("createdBefore", "createdBefore must be later than createdAfter."));
        return (query with { Statuses = statuses, Metadata = metadata }, null);
    }

    /// <summary>The status document's names, case-insensitive, plus the words other APIs use for the same states.</summary>
    static GenerationStatus? ParseStatus(string text) => text.ToUpperInvariant() switch
    {
        "PENDING" => GenerationStatus.Queued,
        "SUCCEEDED" => GenerationStatus.Completed,
        "CANCELLED" => GenerationStatus.Canceled,
        _ when !text.All(char.IsAsciiLetter) => null,
        _ => Enum.TryParse<GenerationStatus>(text, ignoreCase: true, out var status) ? status : null,
    };

    /// <summary>ISO 8601; a value without an offset is UTC (never the server's local time).</summary>
    static DateTimeOffset? ParseInstant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    static ApiResult Bad(string parameter, string message) =>
        Problems.Field(StatusCodes.Status400BadRequest, "Invalid query parameter.", parameter, message);
}
