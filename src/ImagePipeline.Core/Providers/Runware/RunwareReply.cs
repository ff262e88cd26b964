using System.Text.Json;

namespace ImagePipeline.Providers.Runware;

/// <summary>A Runware reply or webhook body: <c>{"data":[…]}</c> and/or <c>{"errors":[…]}</c>.</summary>
internal sealed record RunwareReply(IReadOnlyList<JsonElement> Data, IReadOnlyList<RunwareError> Errors)
{
    public const string ErrorStatus = "error";
    public const string SuccessStatus = "success";

    /// <summary>Null when <paramref name="root"/> is not a Runware reply at all.</summary>
    public static RunwareReply? FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return null;
        var data = new List<JsonElement>();
        var errors = new List<RunwareError>();
        if (root.TryGetProperty("data", out var items) && items.ValueKind == JsonValueKind.Array)
            data.AddRange(items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(item => item.Clone()));
        if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
            errors.AddRange(list.EnumerateArray().Where(e => e.ValueKind is JsonValueKind.Object or JsonValueKind.String).Select(e => RunwareError.FromJson(e)));
        if (root.TryGetProperty("error", out var single) && single.ValueKind is JsonValueKind.Object or JsonValueKind.String)
            errors.Add(RunwareError.FromJson(single));
        return new RunwareReply(data, errors);
    }

    public static RunwareReply? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Items of <paramref name="taskUuid"/> (items without a taskUUID are taken as ours: one task per request).</summary>
    public IEnumerable<JsonElement> ItemsOf(string taskUuid) =>
        Data.Where(item => RunwareJson.StringOf(item, "taskUUID") is not { } id || string.Equals(id, taskUuid, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<RunwareError> ErrorsOf(string taskUuid) =>
        Errors.Where(error => error.TaskUuid is null || string.Equals(error.TaskUuid, taskUuid, StringComparison.OrdinalIgnoreCase));

    /// <summary>The error an item carries, in either per-item shape; null for a processing or success item.</summary>
    public static RunwareError? ItemError(JsonElement item)
    {
        var taskType = RunwareJson.StringOf(item, "taskType");
        var taskUuid = RunwareJson.StringOf(item, "taskUUID");
        if (item.TryGetProperty("error", out var error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String)
            return RunwareError.FromJson(error, taskType, taskUuid);
        if (item.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            && errors.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object or JsonValueKind.String } first)
        {
            return RunwareError.FromJson(first, taskType, taskUuid);
        }

        var status = RunwareJson.StringOf(item, "status");
        var hasErrorFields = RunwareJson.StringOf(item, "code") is not null && RunwareJson.StringOf(item, "message") is not null
            && RunwareJson.StringOf(item, "imageURL") is null;
        if (string.Equals(status, ErrorStatus, StringComparison.OrdinalIgnoreCase) || hasErrorFields)
            return RunwareError.FromJson(item, taskType, taskUuid);
        return null;
    }
}
