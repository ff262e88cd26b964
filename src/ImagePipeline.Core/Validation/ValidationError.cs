namespace ImagePipeline.Validation;

/// <summary>One offending field (JSON name as in the HTTP body, e.g. <c>referenceImages[3]</c>) and why.</summary>
public sealed record ValidationError(string Field, string Message);
