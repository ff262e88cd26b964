using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Api;
using ImagePipeline.Serialization;

namespace ImagePipeline.Standalone.Cli;

/// <summary><c>generate --no-wait</c>: hands the request to a running host's <c>POST /api/generations</c> and prints
/// the id. An in-process generation would stop with the command, so one that goes on after it must live in a server.</summary>
static class ServerSubmission
{
    public static async Task<int> RunAsync(GenerateSettings settings, string? apiKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = settings.Server, Timeout = TimeSpan.FromSeconds(100) };
        if (apiKey is { Length: > 0 }) http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("api/generations", settings.Request, WorkflowJson.Options, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"No server answers at {settings.Server} ({ex.Message}). Start one " +
                "(dotnet run --project src/ImagePipeline.Standalone), name it with --server, or leave out --no-wait.");
            return GenerateExitCodes.Failed;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode && JsonSerializer.Deserialize<GenerationAccepted>(body, WorkflowJson.Options) is { } accepted)
            {
                Console.WriteLine(accepted.Id);
                await Console.Error.WriteLineAsync($"Generation {accepted.Id} is {accepted.Status} on {settings.Server}; its status: {new Uri(settings.Server, accepted.StatusUrl)}");
                return GenerateExitCodes.Completed;
            }
            await Console.Error.WriteLineAsync($"The server refused the generation ({(int)response.StatusCode}): {body}");
            return (int)response.StatusCode is 400 or 413 or 415 ? GenerateExitCodes.Usage : GenerateExitCodes.Failed;
        }
    }
}
