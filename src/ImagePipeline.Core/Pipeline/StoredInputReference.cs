namespace ImagePipeline.Pipeline;

/// <summary>The form of internal input-image references: <c>stored-input:{store}/{name}</c>. Only internal entry points
/// (blob drop, inbox folder) create them; the HTTP API refuses them.</summary>
public static class StoredInputReference
{
    public const string Scheme = "stored-input:";

    public static string Create(string store, string name) => $"{Scheme}{store}/{name}";

    public static bool IsReference(string? value) => value is not null && value.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Splits a reference into its store and name.</summary>
    public static (string Store, string Name) Parse(string reference)
    {
        if (!IsReference(reference)) throw new FormatException($"'{reference}' is not a stored input reference.");
        var rest = reference[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1) throw new FormatException($"'{reference}' is not a stored input reference.");
        return (rest[..slash], rest[(slash + 1)..]);
    }
}
