using System.Text.Json;

namespace ImagePipeline.Providers.Runware;

/// <summary>Turns the result items of one imageInference task (from getResponse or a webhook) into a job status.</summary>
internal static class RunwareResults
{
    const string Processing = "processing";

    /// <summary>The task's status, or null when Runware says it does not know the task.</summary>
    /// <param name="expectedOutputs">numberResults: the task has succeeded once this many distinct results are in.</param>
    public static ProviderJobStatus? ToStatus(RunwareReply reply, string taskUuid, int expectedOutputs)
    {
        var items = reply.ItemsOf(taskUuid).ToList();
        var errors = reply.ErrorsOf(taskUuid).ToList();
        if (items.Count == 0 && errors.Count > 0 && errors.All(e => e.IsUnknownTask)) return null;

        var results = ResultsOf(items);
        var outputs = results.Select(r => r.Output).ToList();
        var cost = ReportedCosts.Sum(results.Select(r => r.CostUsd));
        var failure = items.Select(RunwareReply.ItemError).FirstOrDefault(e => e is not null)
            ?? errors.FirstOrDefault(e => !e.IsUnknownTask);
        if (failure is not null)
        {
            return new ProviderJobStatus
            {
                JobId = taskUuid, State = ProviderJobState.Failed, ProviderStatus = RunwareReply.ErrorStatus,
                Outputs = outputs, Error = failure.ToJobError(), Cost = cost,
            };
        }

        var expected = Math.Max(1, expectedOutputs);
        if (outputs.Count >= expected)
        {
            return new ProviderJobStatus
            {
                JobId = taskUuid, State = ProviderJobState.Succeeded, ProviderStatus = RunwareReply.SuccessStatus, Progress = 1, Outputs = outputs, Cost = cost,
            };
        }

        // Accepted but nothing reported yet is "queued"; some results in (or items processing) is "running".
        var started = outputs.Count > 0 || items.Count > 0;
        return new ProviderJobStatus
        {
            JobId = taskUuid,
            State = started ? ProviderJobState.Running : ProviderJobState.Queued,
            ProviderStatus = items.Select(item => RunwareJson.StringOf(item, "status")).FirstOrDefault(s => s is not null) ?? Processing,
            Progress = (double)outputs.Count / expected,
            Outputs = outputs,
            Cost = cost,
        };
    }

    /// <summary>Success items, one output each with what Runware billed for it (<c>cost</c>, sent because the task asks
    /// <c>includeCost</c>), deduplicated by imageUUID: a webhook retry or a repeated item adds neither an output nor its cost.</summary>
    static List<(ProviderOutput Output, decimal? CostUsd)> ResultsOf(IEnumerable<JsonElement> items)
    {
        var results = new List<(ProviderOutput, decimal?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (RunwareReply.ItemError(item) is not null) continue;
            var url = RunwareJson.StringOf(item, "imageURL");
            var status = RunwareJson.StringOf(item, "status");
            if (url is null || (status is not null && !string.Equals(status, RunwareReply.SuccessStatus, StringComparison.OrdinalIgnoreCase))) continue;
            var id = RunwareJson.StringOf(item, "imageUUID") ?? url;
            if (seen.Add(id)) results.Add((new ProviderOutput(url, id, ContentTypeOf(url)), ReportedCosts.UsdOf(item, "cost")));
        }
        return results;
    }

    static string? ContentTypeOf(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PNG" => "image/png",
            ".JPG" or ".JPEG" => "image/jpeg",
            ".WEBP" => "image/webp",
            _ => null,
        };
    }
}
