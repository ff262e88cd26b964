namespace ImagePipeline.Validation;

/// <summary>The outcome of validating a request: valid, or every offending field.</summary>
public sealed record ValidationResult(IReadOnlyList<ValidationError> Errors)
{
    public static ValidationResult Valid { get; } = new([]);
    public bool IsValid => Errors.Count == 0;

    /// <summary>Field → messages, the shape of RFC 7807 validation problem details.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    public override string ToString() => string.Join("; ", Errors.Select(e => $"{e.Field}: {e.Message}"));
}
