using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Pipeline;

/// <summary>Generation ids: random for a plain start, derived from the key for an idempotent one, so the same key
/// always lands on the same durable instance (and never starts a second job).</summary>
public static class GenerationIds
{
    const string Prefix = "gen_";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>The id for an idempotency key (or any other stable key: a blob name and ETag, an event id).</summary>
    public static string FromKey(string scope, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{key}"));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Ids are used in routes, blob names and file names: keep them to a safe alphabet.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 100 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
