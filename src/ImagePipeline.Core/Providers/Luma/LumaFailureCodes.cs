namespace ImagePipeline.Providers.Luma;

/// <summary>The Agents API's <c>failure_code</c> values and what each means for the pipeline.</summary>
public static class LumaFailureCodes
{
    public const string GenerationFailed = "generation_failed";
    public const string OutputNotFound = "output_not_found";
    public const string ContentModerated = "content_moderated";
    public const string BudgetExhausted = "budget_exhausted";
    public const string ImageTooLarge = "image_too_large";
    public const string UnsupportedFormat = "unsupported_format";
    public const string CorruptInput = "corrupt_input";
    public const string InvalidRequest = "invalid_request";

    /// <summary>Maps a failed generation to the pipeline's error. Only the two transient codes are worth a new job;
    /// an unknown code is reported as a plain, non-retryable provider failure.</summary>
    public static ProviderError ToProviderError(string? failureCode, string? failureReason)
    {
        var message = string.IsNullOrWhiteSpace(failureReason)
            ? $"Luma reported the generation failed ({failureCode ?? "no failure code"})."
            : failureReason;
        return failureCode switch
        {
            GenerationFailed or OutputNotFound => new ProviderError(ProviderErrorCodes.ProviderFailed, message, Retryable: true),
            ContentModerated => new ProviderError(ProviderErrorCodes.ContentBlocked, message),
            BudgetExhausted => new ProviderError(ProviderErrorCodes.InsufficientCredits, message),
            ImageTooLarge or UnsupportedFormat or CorruptInput => new ProviderError(ProviderErrorCodes.InvalidInput, message),
            InvalidRequest => new ProviderError(ProviderErrorCodes.ProviderRejected, message),
            _ => new ProviderError(ProviderErrorCodes.ProviderFailed, message),
        };
    }

    /// <summary>Dream Machine has no failure codes; its moderation failures say so in <c>failure_reason</c>.</summary>
    public static ProviderError FromDreamMachineReason(string? failureReason)
    {
        var message = string.IsNullOrWhiteSpace(failureReason) ? "Luma reported the generation failed." : failureReason;
        return message.Contains("moderation", StringComparison.OrdinalIgnoreCase)
            ? new ProviderError(ProviderErrorCodes.ContentBlocked, message)
            : new ProviderError(ProviderErrorCodes.ProviderFailed, message);
    }
}
