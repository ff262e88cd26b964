using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>
/// The one place a step's failure gets its pipeline error code, and the one encoding that carries the code across a
/// history boundary. The embedded runtime journals the code as a field; the Durable Functions host records only an
/// exception's type and message for an activity, so there the code travels as a <c>[code] message</c> prefix.
/// (Durable Task 1.28's <c>TaskFailureDetails.Properties</c> would be the structured form, but whether the Functions
/// host fills them for isolated-worker activities is unproven here, so the prefix stays, defined only in this file.)
/// </summary>
public static class StepFailureCode
{
    /// <summary>The pipeline error code of a step's exception, or null when it has none.</summary>
    public static string? Of(Exception exception) => exception switch
    {
        ProviderException provider => provider.ErrorCode,
        StepException step => step.ErrorCode,
        _ => null,
    };

    /// <summary>Prefixes <paramref name="message"/> with <paramref name="errorCode"/> unless it already carries a code.</summary>
    public static string Prefix(string errorCode, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        return Split(message).Code is null ? $"[{errorCode}] {message}" : message;
    }

    /// <summary>Splits a leading <c>[code]</c> off a failure message. Codes are short snake_case words
    /// (<see cref="ProviderErrorCodes"/>); anything else in brackets is left in the message.</summary>
    public static (string? Code, string Message) Split(string? message)
    {
        if (string.IsNullOrEmpty(message) || message[0] != '[') return (null, message ?? "");
        var end = message.IndexOf(']', StringComparison.Ordinal);
        if (end < 2 || end > 65) return (null, message);
        var code = message[1..end];
        if (!code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) return (null, message);
        return (code, message[(end + 1)..].TrimStart());
    }
}
