using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Standalone.Cli;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators.Runware;

namespace ImagePipeline.Standalone.Tests.CommandLine;

/// <summary>The <c>generate</c> command as a user runs it: a real process on the mock provider, judged by its exit
/// code, its stdout and stderr, and the files it leaves where it was run.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    readonly string _workingDirectory = Directory.CreateTempSubdirectory("imagepipeline-cli-").FullName;

    [Fact]
    public async Task Help_lists_the_options_and_exit_codes_and_succeeds()
    {
        using var command = Start(TimeSpan.Zero, "--help");

        Assert.Equal(0, await command.WaitForExitAsync());
        Assert.Contains("--prompt", command.Stdout, StringComparison.Ordinal);
        Assert.Contains("--output", command.Stdout, StringComparison.Ordinal);
        Assert.Contains("--no-wait", command.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 canceled", command.Stdout, StringComparison.Ordinal);
        Assert.Contains("--fallback-on-failure", command.Stdout, StringComparison.Ordinal);
        Assert.Contains("name[,name…]|auto", command.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_list_naming_something_that_is_not_a_provider_is_refused_as_usage_before_anything_starts()
    {
        using var command = Start(TimeSpan.Zero, "--prompt", "a fox", "--provider", "runware,runwear");

        Assert.Equal(GenerateExitCodes.Usage, await command.WaitForExitAsync());
        Assert.Contains("'runwear' is not one", command.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_workingDirectory, "data", "cli-runtime")), "nothing may be started");
    }

    [Fact]
    public async Task Completed_generation_ends_with_the_provider_that_made_it_and_what_it_cost()
    {
        // The mock reports no cost and has no configured price.
        using var command = Start(TimeSpan.Zero, "--prompt", "a red fox in fresh snow", "--provider", "mock");

        Assert.Equal(GenerateExitCodes.Completed, await command.WaitForExitAsync());
        Assert.Equal("Completed on mock — cost unknown", LastLine(command.Stdout));
    }

    [Fact]
    public async Task A_provider_that_refuses_before_accepting_the_job_hands_it_to_the_next_in_the_list_and_the_last_line_says_so()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();

        // A revoked key: Runware answers the submit 401, which provably started nothing.
        using var command = Start(TimeSpan.Zero, new Dictionary<string, string?>
        {
            ["Providers__Runware__ApiKey"] = "a-revoked-key",
            ["Providers__Runware__BaseUrl"] = runware.ApiUrl.ToString(),
            ["Providers__Mock__Enabled"] = "true",
        }, "--prompt", "a red fox in fresh snow", "--provider", "runware,mock", "--json");

        Assert.Equal(GenerateExitCodes.Completed, await command.WaitForExitAsync());
        var document = JsonSerializer.Deserialize<GenerationStatusDocument>(command.Stdout, WorkflowJson.Options)!;
        Assert.Equal(ProviderNames.Mock, document.Provider);
        Assert.Equal([AttemptOutcomes.Refused, AttemptOutcomes.Succeeded], document.Attempts!.Select(a => a.Outcome));
        Assert.Contains("started on runware (then mock)", command.Stderr, StringComparison.Ordinal);
        Assert.Equal("Completed on mock (after runware refused: provider_unauthorized) — cost unknown", LastLine(command.Stderr));
    }

    [Fact]
    public async Task Seed_that_is_not_a_number_is_refused_as_usage_before_anything_starts()
    {
        using var command = Start(TimeSpan.Zero, "--prompt", "a fox", "--seed", "abc");

        Assert.Equal(GenerateExitCodes.Usage, await command.WaitForExitAsync());
        Assert.Contains("--seed must be a whole number, got 'abc'.", command.Stderr, StringComparison.Ordinal);
        Assert.Equal("", command.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_workingDirectory, "data", "cli-runtime")), "nothing may be started");
    }

    [Fact]
    public async Task Unknown_option_is_refused_as_usage_and_named()
    {
        using var command = Start(TimeSpan.Zero, "--prompt", "a fox", "--sed", "5");

        Assert.Equal(GenerateExitCodes.Usage, await command.WaitForExitAsync());
        Assert.Contains("'--sed'", command.Stderr, StringComparison.Ordinal);
        Assert.Contains("--seed", command.Stderr, StringComparison.Ordinal); // the suggestion
        Assert.False(Directory.Exists(Path.Combine(_workingDirectory, "data", "cli-runtime")), "nothing may be started");
    }

    [Fact]
    public async Task Completed_generation_copies_the_image_relative_to_the_working_directory_and_prints_only_the_document()
    {
        using var command = Start(TimeSpan.Zero, "--prompt", "a red fox in fresh snow", "--output", "images/fox.png", "--json");

        Assert.Equal(GenerateExitCodes.Completed, await command.WaitForExitAsync());
        var document = JsonSerializer.Deserialize<GenerationStatusDocument>(command.Stdout, WorkflowJson.Options)!;
        Assert.Equal(GenerationStatus.Completed, document.Status);
        var output = Assert.Single(document.Outputs);
        var copy = Path.Combine(_workingDirectory, "images", "fox.png");
        Assert.True(File.Exists(copy), $"expected the image at {copy}; stderr: {command.Stderr}");
        Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(copy))));
    }

    [Fact]
    public async Task Several_images_are_numbered_beside_the_given_name()
    {
        using var command = Start(TimeSpan.Zero, "--prompt", "two foxes", "--count", "2", "--output", "fox.png");

        Assert.Equal(GenerateExitCodes.Completed, await command.WaitForExitAsync());
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "fox-1.png")), command.Stdout + command.Stderr);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "fox-2.png")), command.Stdout + command.Stderr);
        Assert.False(File.Exists(Path.Combine(_workingDirectory, "fox.png")));
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_cancels_the_generation_and_exits_with_the_cancel_code()
    {
        // The mock job would take ten minutes: only the cancel can end it within the test.
        using var command = Start(TimeSpan.FromMinutes(10), "--prompt", "a slow fox", "--json");
        await command.WaitForStderrAsync("Submitted");

        await command.InterruptAsync();

        Assert.Equal(GenerateExitCodes.Canceled, await command.WaitForExitAsync());
        var document = JsonSerializer.Deserialize<GenerationStatusDocument>(command.Stdout, WorkflowJson.Options)!;
        Assert.Equal(GenerationStatus.Canceled, document.Status);
        Assert.Contains("was canceled", command.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_wait_hands_the_generation_to_the_running_server_and_prints_only_its_id()
    {
        var port = LoopbackPorts.Free();
        var serverData = Directory.CreateTempSubdirectory("imagepipeline-cli-server-").FullName;
        await using var server = await StandaloneProcess.StartAsync(PipelineHost.BaseSettings(new Uri($"http://127.0.0.1:{port}/"), serverData), port);

        using var command = Start(TimeSpan.Zero, "--prompt", "a fox for later", "--provider", "auto", "--fallback-on-failure",
            "--no-wait", "--server", server.BaseUrl.ToString());

        Assert.Equal(GenerateExitCodes.Completed, await command.WaitForExitAsync());
        var id = command.Stdout.Trim();
        Assert.StartsWith("gen_", id, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var status = await http.GetFromJsonAsync<GenerationStatusDocument>($"api/generations/{id}", WorkflowJson.Options);
        Assert.Equal(id, status!.Id);
        Assert.Equal(ProviderSelection.AutoKeyword, status.Routing!.Requested);
    }

    GenerateCommandProcess Start(TimeSpan mockDelay, params string[] arguments) => Start(mockDelay, new Dictionary<string, string?>(), arguments);

    GenerateCommandProcess Start(TimeSpan mockDelay, Dictionary<string, string?> settings, params string[] arguments) =>
        GenerateCommandProcess.Start(_workingDirectory, new Dictionary<string, string?>(settings)
        {
            ["Providers__Mock__Delay"] = mockDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Providers__Mock__Width"] = "64",
            ["Providers__Mock__Height"] = "64",
        }, arguments);

    static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');

    public void Dispose()
    {
        try { Directory.Delete(_workingDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
