using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using ImagePipeline.Generation;

namespace ImagePipeline.Standalone.Cli;

/// <summary>
/// <c>generate</c>: runs one generation end to end from the command line on the embedded runtime, shows progress while
/// it waits and copies or prints the archived images. The grammar lives here; the run in <see cref="InProcessGeneration"/>
/// and, for <c>--no-wait</c>, <see cref="ServerSubmission"/>. Exit codes: <see cref="GenerateExitCodes"/>.
/// </summary>
public static class GenerateCommand
{
    public const string Name = "generate";

    static readonly Option<string> Prompt = new("--prompt", "-p") { Description = "What to generate, or the edit instruction.", Required = true, HelpName = "text" };
    static readonly Option<string?> Image = new("--image")
    {
        Description = "Source image to edit: a local file or an https URL.",
        HelpName = "path|url",
        CustomParser = result => ImageInput.Parse(result, result.Tokens[^1]),
    };
    static readonly Option<string[]> References = new("--reference")
    {
        Description = "A reference image, a local file or an https URL (repeatable).",
        HelpName = "path|url",
        CustomParser = result => [.. result.Tokens.Select(token => ImageInput.Parse(result, token) ?? "")],
    };
    static readonly Option<ProviderSelection?> Provider = new("--provider")
    {
        Description = "The provider, a comma-separated list to fail over along when one refuses (runware,segmind), or auto " +
            "(the healthy, cheapest configured one). Default: the first configured, else mock.",
        HelpName = "name[,name…]|auto",
        CustomParser = result => ProviderSelectionArgument.Parse(result, result.Tokens[^1].Value),
    };
    static readonly Option<bool> FallbackOnFailure = new("--fallback-on-failure")
    {
        Description = "Also try the next provider when one accepted the job and then failed it (both are billed).",
    };
    static readonly Option<string?> Model = new("--model") { Description = "Provider model (default: the provider's default).", HelpName = "id" };
    static readonly Option<string?> AspectRatio = new("--aspect-ratio") { Description = "Aspect ratio, e.g. 16:9.", HelpName = "w:h" };
    static readonly Option<string?> Style = new Option<string?>("--style") { Description = "Rendering style." }
        .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "auto", "manga");
    static readonly Option<string?> OutputFormat = new Option<string?>("--output-format") { Description = "Image format the provider returns." }
        .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "png", "jpeg", "webp");
    static readonly Option<bool> WebSearch = new("--web-search") { Description = "Let the model search the web for references." };
    static readonly Option<int?> Seed = WholeNumber("--seed", "Seed for a reproducible result.");
    static readonly Option<int?> Count = WholeNumber("--count", "How many images (1-4).");
    static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Copy the image here, relative to the current directory. Several images: name-1.png, name-2.png…; " +
            "a directory (existing, or ending in /) gets <id>.<ext>.",
        HelpName = "path",
    };
    static readonly Option<bool> Json = new("--json") { Description = "Print the final status document as JSON on stdout, nothing else." };
    static readonly Option<bool> NoWait = new("--no-wait") { Description = "Hand the generation to the running server (--server), print its id and exit." };
    static readonly Option<Uri> Server = new("--server")
    {
        Description = "The server --no-wait submits to.",
        HelpName = "url",
        DefaultValueFactory = _ => new Uri("http://localhost:7071/"),
        CustomParser = result => Uri.TryCreate(result.Tokens[^1].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new Uri(uri.AbsoluteUri.TrimEnd('/') + "/")
            : Refuse<Uri>(result, $"--server must be an http(s) URL, got '{result.Tokens[^1].Value}'."),
    };
    static readonly Option<string?> ApiKey = new("--api-key") { Description = "Sent as x-api-key to --server (needed when it listens beyond loopback).", HelpName = "key" };

    /// <param name="args">The arguments after <c>generate</c>.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Create(out var generate);
        var arguments = ConfigurationOverrides.Split(args, generate.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal));
        var parse = root.Parse([Name, .. arguments.CommandArguments]);
        if (parse.Action is ParseErrorAction refusal)
        {
            // The parser's own report (with "did you mean" for a mistyped option), but the usage exit code, not its 1.
            // Its suggestions go to Output, which is stdout unless told otherwise; stdout is for results.
            refusal.ShowHelp = false;
            parse.Invoke(new InvocationConfiguration { Output = Console.Error, Error = Console.Error });
            await Console.Error.WriteLineAsync($"Run '{Name} --help' for the options.");
            return GenerateExitCodes.Usage;
        }

        generate.SetAction((result, cancellationToken) =>
        {
            var settings = Read(result, arguments.HostArguments);
            return settings.NoWait
                ? ServerSubmission.RunAsync(settings, result.GetValue(ApiKey), cancellationToken)
                : InProcessGeneration.RunAsync(settings);
        });
        // Ctrl+C is the generation's to handle (cancel it, then exit); exceptions reach Program's handler.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    static RootCommand Create(out Command generate)
    {
        generate = new Command(Name,
            $"""
            Run one generation on this machine (embedded runtime, own journal in the data folder) and wait for it.
            Settings come from the same configuration as the server; override one with --Section:Key value
            (e.g. --Providers:Runware:ApiKey KEY).
            Exit codes: {GenerateExitCodes.Completed} completed, {GenerateExitCodes.Failed} failed, {GenerateExitCodes.Usage} invalid command line or request, {GenerateExitCodes.Canceled} canceled (Ctrl+C).
            """);
        foreach (var option in (Option[])[Prompt, Image, References, Provider, FallbackOnFailure, Model, AspectRatio, Style, OutputFormat, WebSearch, Seed,
                     Count, Output, Json, NoWait, Server, ApiKey])
            generate.Options.Add(option);
        return new RootCommand("The image pipeline's standalone host; without a command it serves the HTTP API.") { generate };
    }

    static GenerateSettings Read(ParseResult result, IReadOnlyList<string> hostArguments)
    {
        var references = result.GetValue(References) ?? [];
        var request = new GenerationRequest
        {
            Prompt = result.GetRequiredValue(Prompt),
            Image = result.GetValue(Image),
            ReferenceImages = references.Length > 0 ? references : null,
            Provider = result.GetValue(Provider),
            FallbackOnFailure = result.GetValue(FallbackOnFailure) ? true : null,
            Model = result.GetValue(Model),
            AspectRatio = result.GetValue(AspectRatio),
            Style = result.GetValue(Style)?.ToLowerInvariant(),
            OutputFormat = result.GetValue(OutputFormat)?.ToLowerInvariant(),
            WebSearch = result.GetValue(WebSearch) ? true : null,
            Seed = result.GetValue(Seed),
            NumberOfImages = result.GetValue(Count),
        };
        return new GenerateSettings(request, result.GetValue(Output), result.GetValue(Json), result.GetValue(NoWait),
            result.GetRequiredValue(Server), hostArguments);
    }

    static Option<int?> WholeNumber(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result => int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Refuse<int?>(result, $"{name} must be a whole number, got '{result.Tokens[^1].Value}'."),
    };

    internal static T? Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
