using System.Text.Json.Serialization;

namespace ImagePipeline.Generation;

/// <summary>The request's <c>provider</c>: one name, an ordered list to fail over along, or <c>"auto"</c> (the pipeline
/// ranks the configured providers that can take the request). In JSON a string (<c>"runware"</c>, <c>"auto"</c>) or an
/// array of names; a one-name array is written back as a string.</summary>
[JsonConverter(typeof(ProviderSelectionJsonConverter))]
public sealed record ProviderSelection
{
    public const string AutoKeyword = "auto";

    ProviderSelection(IReadOnlyList<string> names) => Names = names;

    /// <summary>The names in the caller's order, lower-case; empty for <see cref="Auto"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool IsAuto => Names.Count == 0;

    public static ProviderSelection Auto { get; } = new([]);

    public static ProviderSelection One(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return string.Equals(name.Trim(), AutoKeyword, StringComparison.OrdinalIgnoreCase) ? Auto : new([name.Trim().ToLowerInvariant()]);
    }

    /// <summary>An ordered list; duplicates keep their first place. Callers validate that it is not empty.</summary>
    public static ProviderSelection List(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new([.. names.Select(n => n.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>So code and tests can keep writing <c>Provider = "runware"</c>.</summary>
    public static implicit operator ProviderSelection?(string? name) => name is null ? null : One(name);

    public bool Equals(ProviderSelection? other) => other is not null && Names.SequenceEqual(other.Names, StringComparer.Ordinal);

    public override int GetHashCode() => Names.Aggregate(0, (hash, name) => HashCode.Combine(hash, name));

    /// <summary>"auto", "runware" or "runware,segmind": for logs and messages.</summary>
    public override string ToString() => IsAuto ? AutoKeyword : string.Join(",", Names);
}
