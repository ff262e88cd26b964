using System.Globalization;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Starting;
using ImagePipeline.Workflow;

namespace ImagePipeline.Standalone;

/// <summary>
/// <c>generate</c>: runs one generation end to end from the command line on the embedded runtime, shows progress while
/// it waits, and prints where the archived images are. Uses its own journal folder so it never resumes (or races)
/// the generations of a server running on the same data folder.
/// </summary>
public static class GenerateCommand
{
    public const string Name = "generate";

    const string Usage = """
        Usage: dotnet run --project src/ImagePipeline.Standalone -- generate --prompt "<text>" [options]
          --prompt <text>          what to generate, or the edit instruction (required)
          --image <path|url>       source image to edit: a local file or an https URL
          --reference <path|url>   a reference image (repeatable)
          --provider <name>        segmind | scenario | runware | gmicloud | luma | mock (default: configured, else mock)
          --model <id>             provider model (default: the provider's default)
          --aspect-ratio <w:h>     e.g. 16:9
          --style <auto|manga>     --output-format <png|jpeg|webp>   --web-search   --seed <n>   --count <1-4>
        Provider keys and settings come from the same configuration as the server (e.g. Providers__Segmind__ApiKey).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var request, out var hostArgs, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var app = StandaloneHost.Build([.. hostArgs, "--urls", "http://127.0.0.1:0"], builder =>
        {
            // Progress is printed below; the host's own information logs would drown it.
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            var data = StandaloneDefaults.DataDirectory(builder.Configuration);
            builder.Configuration["Runtime:JournalDirectory"] ??= Path.Combine(data, "cli-runtime");
            // One generation only: the inbox and queue entry points belong to the server.
            builder.Configuration["Inbox:Enabled"] = "false";
            builder.Configuration["Events:QueueListener:Enabled"] = "false";
        });
        await app.StartAsync();

        var starter = app.Services.GetRequiredService<GenerationStarter>();
        var client = app.Services.GetRequiredService<IWorkflowClient>();
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupt.Cancel(); };

        var started = await starter.StartAsync(client, request!, idempotencyKey: null, cancellationToken: interrupt.Token);
        if (!started.Accepted)
        {
            await Console.Error.WriteLineAsync("The request is invalid:");
            foreach (var e in started.Validation.Errors) await Console.Error.WriteLineAsync($"  {e.Field}: {e.Message}");
            return 2;
        }

        var id = started.GenerationId!;
        Console.WriteLine($"Generation {id} started on {request!.Provider ?? "the default provider"}.");
        GenerationStatusDocument? status = null;
        string? lastLine = null;
        try
        {
            while (status is null || !status.Status.IsTerminal())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), interrupt.Token);
                if (await client.GetAsync(id, interrupt.Token) is not { } instance) continue;
                status = GenerationStatusDocumentFactory.Create(instance);
                var line = $"  {status.Status,-10} {status.Progress.Percent,3}%  {status.Progress.ProviderStatus}";
                if (line != lastLine) Console.WriteLine(line);
                lastLine = line;
            }
        }
        catch (OperationCanceledException)
        {
            await client.RaiseEventAsync(id, WorkflowEvents.Cancel, new CancelRequest(DateTimeOffset.UtcNow, "Interrupted at the command line"));
            Console.WriteLine("Interrupted: cancel requested.");
            return 130;
        }
        finally
        {
            await app.StopAsync();
        }

        if (status.Status != GenerationStatus.Completed)
        {
            await Console.Error.WriteLineAsync($"Generation {id} ended {status.Status}: {status.Error?.Code} {status.Error?.Message}");
            return 1;
        }
        foreach (var output in status.Outputs)
            Console.WriteLine($"Archived {output.ContentType} {output.Width}x{output.Height} ({output.Bytes} bytes, sha256 {output.Sha256}) at {ToDisplay(output.Uri)}");
        return 0;
    }

    static string ToDisplay(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    static bool TryParse(string[] args, out GenerationRequest? request, out List<string> hostArgs, out string error)
    {
        request = null;
        hostArgs = [];
        error = "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var references = new List<string>();
        var webSearch = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--web-search") { webSearch = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Unexpected argument '{arg}'.";
                return false;
            }
            var value = args[++i];
            switch (arg)
            {
                case "--reference": references.Add(ToImageInput(value)); break;
                case "--prompt" or "--image" or "--provider" or "--model" or "--aspect-ratio" or "--style" or "--output-format" or "--seed" or "--count":
                    values[arg] = value; break;
                default: hostArgs.AddRange([arg, value]); break; // configuration overrides, e.g. --Providers:Segmind:ApiKey
            }
        }

        if (!values.TryGetValue("--prompt", out var prompt))
        {
            error = "--prompt is required.";
            return false;
        }
        int? seed = values.TryGetValue("--seed", out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sv) ? sv : null;
        int? count = values.TryGetValue("--count", out var c) && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cv) ? cv : null;
        request = new GenerationRequest
        {
            Prompt = prompt,
            Image = values.TryGetValue("--image", out var image) ? ToImageInput(image) : null,
            ReferenceImages = references.Count > 0 ? references : null,
            Provider = values.GetValueOrDefault("--provider"),
            Model = values.GetValueOrDefault("--model"),
            AspectRatio = values.GetValueOrDefault("--aspect-ratio"),
            Style = values.GetValueOrDefault("--style"),
            OutputFormat = values.GetValueOrDefault("--output-format"),
            WebSearch = webSearch ? true : null,
            Seed = seed,
            NumberOfImages = count,
        };
        return true;
    }

    /// <summary>A local file becomes a data URI; URLs pass through.</summary>
    static string ToImageInput(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)) return value;
        var bytes = File.ReadAllBytes(value);
        var mediaType = Path.GetExtension(value).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => "image/jpeg",
            ".webp" => "image/webp",
            ".gif" => "image/gif",
            _ => "image/png",
        };
        return $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
    }
}
