using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Serialization;
using ImagePipeline.Starting;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Cli;

/// <summary>Runs one generation on an in-process host (embedded runtime, its own journal folder so it never resumes or
/// races a server's generations on the same data folder), shows the wait, and on Ctrl+C cancels the generation — the
/// workflow cancels the provider job where the provider can — before it exits.</summary>
static class InProcessGeneration
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a cancel may take to reach the workflow and the provider before the command gives up waiting.</summary>
    static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(60);
    static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(GenerateSettings settings)
    {
        await using var app = StandaloneHost.Build([.. settings.HostArguments, "--urls", "http://127.0.0.1:0"], builder =>
        {
            // The wait is shown on stderr; the host's own information logs would drown it.
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            var data = StandaloneDefaults.DataDirectory(builder.Configuration);
            builder.Configuration["Runtime:JournalDirectory"] ??= Path.Combine(data, "cli-runtime");
            // One generation only: the inbox and queue entry points belong to the server.
            builder.Configuration["Inbox:Enabled"] = "false";
            builder.Configuration["Events:QueueListener:Enabled"] = "false";
            builder.Services.AddSingleton<IHostLifetime, CommandLineHostLifetime>();
            // stdout carries only results (--json: the document alone), so every log line goes to stderr.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        await app.StartAsync();
        try
        {
            return await RunAsync(app.Services, settings);
        }
        finally
        {
            // The answer is already printed: a step still winding down (a canceled provider job) must not hold the exit.
            using var stopping = new CancellationTokenSource(StopWait);
            await app.StopAsync(stopping.Token);
        }
    }

    static async Task<int> RunAsync(IServiceProvider services, GenerateSettings settings)
    {
        var client = services.GetRequiredService<IWorkflowClient>();
        using var interrupt = new CancellationTokenSource();
        // The first Ctrl+C (or SIGTERM) cancels the generation; a second one is left to end the process at once.
        void Interrupt(PosixSignalContext context)
        {
            if (interrupt.IsCancellationRequested) return;
            context.Cancel = true;
            interrupt.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

        var started = await services.GetRequiredService<GenerationStarter>().StartAsync(client, settings.Request, idempotencyKey: null);
        if (!started.Accepted)
        {
            await Console.Error.WriteLineAsync("The request is invalid:");
            foreach (var error in started.Validation.Errors) await Console.Error.WriteLineAsync($"  {error.Field}: {error.Message}");
            return GenerateExitCodes.Usage;
        }

        var id = started.GenerationId!;
        var clock = Stopwatch.StartNew();
        var display = new WaitDisplay();
        WaitDisplay.Note(await StartedLineAsync(client, id, settings.Request.Provider?.ToString() ?? services.GetRequiredService<IOptions<PipelineOptions>>().Value.DefaultProvider));
        var status = await display.RunAsync(show => WaitAsync(client, id, clock, show, interrupt.Token));
        if (status is null || !status.Status.IsTerminal())
        {
            WaitDisplay.Note($"Canceling generation {id} (Ctrl+C again exits without waiting)...");
            var timeProvider = services.GetRequiredService<TimeProvider>();
            await client.RaiseEventAsync(id, WorkflowEvents.Cancel, new CancelRequest(timeProvider.GetUtcNow(), "Interrupted at the command line"));
            using var cancelWait = new CancellationTokenSource(CancelWait);
            status = await display.RunAsync(show => WaitAsync(client, id, clock, show, cancelWait.Token)) ?? status;
        }
        return await ReportAsync(services, settings, id, status);
    }

    /// <summary>Where the generation starts and, for a list or "auto", where it goes next and why: the routing is fixed
    /// at acceptance, so the first status read already holds it.</summary>
    static async Task<string> StartedLineAsync(IWorkflowClient client, string id, string requested)
    {
        var routing = await client.GetAsync(id, CancellationToken.None) is { } instance ? GenerationStatusDocumentFactory.Create(instance).Routing : null;
        if (routing is null) return $"Generation {id} started on {requested}. Ctrl+C cancels it.";
        var next = routing.Candidates.Count > 1 ? $" (then {string.Join(", ", routing.Candidates.Skip(1))})" : "";
        var why = routing.Requested == ProviderSelection.AutoKeyword ? $" {routing.Reason}." : "";
        return $"Generation {id} started on {routing.Chosen}{next}.{why} Ctrl+C cancels it.";
    }

    /// <summary>Polls the local runtime until the generation ends or <paramref name="stop"/>; the last status seen.</summary>
    static async Task<GenerationStatusDocument?> WaitAsync(IWorkflowClient client, string id, Stopwatch clock, Action<string, TimeSpan> show,
        CancellationToken stop)
    {
        GenerationStatusDocument? status = null;
        while (true)
        {
            if (await client.GetAsync(id, CancellationToken.None) is { } instance)
            {
                status = GenerationStatusDocumentFactory.Create(instance);
                show(PhaseOf(status), clock.Elapsed);
                if (status.Status.IsTerminal()) return status;
            }
            try
            {
                await Task.Delay(PollInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return status;
            }
        }
    }

    static string PhaseOf(GenerationStatusDocument status) =>
        $"{status.Status} {status.Progress.Percent}% on {status.Provider}" + (status.Progress.ProviderStatus is { } word ? $" ({word})" : "");

    static async Task<int> ReportAsync(IServiceProvider services, GenerateSettings settings, string id, GenerationStatusDocument? status)
    {
        if (settings.Json && status is not null) Console.WriteLine(JsonSerializer.Serialize(status, WorkflowJson.Options));
        // With --json stdout holds the document alone; what a person reads goes to stderr.
        var results = settings.Json ? Console.Error : Console.Out;
        var exitCode = await ReportOutcomeAsync(services, settings, id, status, results);
        // Last, where a person looks first: which provider made it (after which refused) and what it cost.
        if (status is not null && status.Status.IsTerminal())
            await (status.Status == GenerationStatus.Completed ? results : Console.Error).WriteLineAsync(OutcomeSummary.Describe(status));
        return exitCode;
    }

    static async Task<int> ReportOutcomeAsync(IServiceProvider services, GenerateSettings settings, string id, GenerationStatusDocument? status,
        TextWriter results)
    {
        switch (status?.Status)
        {
            case GenerationStatus.Completed:
                foreach (var output in status.Outputs)
                    await results.WriteLineAsync($"Archived {output.ContentType} {output.Width}x{output.Height} ({output.Bytes} bytes, sha256 {output.Sha256}) at {ToDisplay(output.Uri)}");
                if (settings.OutputPath is not { } outputPath) return GenerateExitCodes.Completed;
                try
                {
                    var store = services.GetRequiredService<IOutputStore>();
                    foreach (var path in await OutputFiles.CopyAsync(store, status, outputPath, CancellationToken.None))
                        await results.WriteLineAsync($"Saved {path}");
                    return GenerateExitCodes.Completed;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The generation is archived all the same; the copy the caller asked for is what failed.
                    await Console.Error.WriteLineAsync($"Could not save to {outputPath}: {ex.Message}");
                    return GenerateExitCodes.Failed;
                }
            case GenerationStatus.Canceled:
                await Console.Error.WriteLineAsync($"Generation {id} was canceled.");
                return GenerateExitCodes.Canceled;
            case GenerationStatus.Failed:
                await Console.Error.WriteLineAsync($"Generation {id} failed: {status.Error?.Code} {status.Error?.Message}");
                return GenerateExitCodes.Failed;
            default:
                await Console.Error.WriteLineAsync($"Generation {id} was asked to cancel but had not ended within {CancelWait.TotalSeconds:0} s; it is {status?.Status.ToString() ?? "unknown"}.");
                return GenerateExitCodes.Canceled;
        }
    }

    static string ToDisplay(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
}
