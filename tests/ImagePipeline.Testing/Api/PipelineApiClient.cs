using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Api;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;

namespace ImagePipeline.Testing.Api;

/// <summary>
/// The pipeline's HTTP API as a caller drives it, for end-to-end tests of either host: start a generation, read its
/// status, wait for a state. Failures say what the API answered, plus whatever <paramref name="diagnostics"/> adds
/// (e.g. the tail of the host's log).
/// </summary>
public sealed class PipelineApiClient(HttpClient http, TimeSpan defaultWait, TimeSpan pollDelay, Func<string>? diagnostics = null)
{
    public HttpClient Http { get; } = http ?? throw new ArgumentNullException(nameof(http));

    public async Task<HttpResponseMessage> StartGenerationAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/generations") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add(GenerationApi.IdempotencyKeyHeader, idempotencyKey);
        return await Http.SendAsync(request);
    }

    /// <summary>Starts a generation and returns its id; anything but <c>202</c> throws with the answer.</summary>
    public async Task<string> StartAndGetIdAsync(object body, string? idempotencyKey = null)
    {
        using var response = await StartGenerationAsync(body, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new HttpRequestException($"Start answered {(int)response.StatusCode}: {text}{Diagnostics()}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The status document, or null while the route answers 404.</summary>
    public async Task<GenerationStatusDocument?> FindStatusAsync(string id)
    {
        using var response = await Http.GetAsync($"api/generations/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Status of {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<GenerationStatusDocument>(WorkflowJson.Options);
    }

    public async Task<GenerationStatusDocument> GetStatusAsync(string id) =>
        await FindStatusAsync(id) ?? throw new InvalidOperationException($"There is no generation {id}.");

    /// <summary>Polls the status route until the predicate holds. A host that is restarting (refused connections,
    /// timeouts) is waited for; on timeout this throws with the last status seen.</summary>
    public async Task<GenerationStatusDocument> WaitForAsync(string id, Func<GenerationStatusDocument, bool> until, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(until);
        var deadline = DateTime.UtcNow + (timeout ?? defaultWait);
        GenerationStatusDocument? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await FindStatusAsync(id);
                if (last is not null && until(last)) return last;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is null && DateTime.UtcNow < deadline) { }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline) { }
            await Task.Delay(pollDelay);
        }
        throw new TimeoutException($"Generation {id} did not reach the expected state; last status {last?.Status} " +
            $"({JsonSerializer.Serialize(last, WorkflowJson.Options)}).{Diagnostics()}");
    }

    public Task<GenerationStatusDocument> WaitForTerminalAsync(string id, TimeSpan? timeout = null) =>
        WaitForAsync(id, s => s.Status.IsTerminal(), timeout);

    string Diagnostics() => diagnostics is null ? "" : Environment.NewLine + diagnostics();
}
