using System.Text.Json;
using System.Text.RegularExpressions;
using ImagePipeline.Providers.Http;

namespace ImagePipeline.Providers.Runware;

/// <summary>One Runware error, from the top-level <c>errors</c> array or from a result item (<c>{"status":"error","error":{…}}</c>
/// or an item carrying the error fields itself).</summary>
internal sealed partial record RunwareError(string? Code, string? Message, string? Parameter, string? TaskType, string? TaskUuid)
{
    /// <summary>"message (code, parameter)" for logs and typed errors.</summary>
    public string Describe()
    {
        var message = string.IsNullOrWhiteSpace(Message) ? "Runware reported an error without a message." : Message;
        return (Code, Parameter) switch
        {
            (null, null) => message,
            (_, null) => $"{message} ({Code})",
            (null, _) => $"{message} (parameter {Parameter})",
            _ => $"{message} ({Code}, parameter {Parameter})",
        };
    }

    /// <summary>Runware does not know the task (never received, or its results' ttl ran out). The exact code is not
    /// documented, so the code and the wording are both read. An error of the inference task itself ("model not found") is a failure, not an unknown task.</summary>
    public bool IsUnknownTask =>
        (TaskType is null || string.Equals(TaskType, "getResponse", StringComparison.OrdinalIgnoreCase))
        && (UnknownTaskWords().IsMatch(Code ?? "") || UnknownTaskWords().IsMatch(Message ?? ""));

    public bool IsAboutCredits => CreditWords().IsMatch(Code ?? "") || CreditWords().IsMatch(Message ?? "");

    /// <summary>How a task that ended with this error is reported to the pipeline.</summary>
    public ProviderError ToJobError()
    {
        var code = ContentSafetyMessages.LooksLikeSafetyBlockCode(Code, Message) ? ProviderErrorCodes.ContentBlocked
            : IsAboutCredits ? ProviderErrorCodes.InsufficientCredits
            : ProviderErrorCodes.ProviderFailed;
        return new ProviderError(code, Describe());
    }

    public static RunwareError FromJson(JsonElement error, string? taskType = null, string? taskUuid = null) =>
        error.ValueKind == JsonValueKind.String
            ? new RunwareError(null, error.GetString(), null, taskType, taskUuid)
            : new RunwareError(
                RunwareJson.StringOf(error, "code"),
                RunwareJson.StringOf(error, "message") ?? RunwareJson.StringOf(error, "error"),
                RunwareJson.StringOf(error, "parameter"),
                RunwareJson.StringOf(error, "taskType") ?? taskType,
                RunwareJson.StringOf(error, "taskUUID") ?? taskUuid);

    [GeneratedRegex(@"not ?found|does ?not ?exist|unknown ?task|no ?task|expired", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnknownTaskWords();

    [GeneratedRegex(@"insufficient ?(credits?|funds|balance)|balance", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditWords();
}
