using System.Text.RegularExpressions;
using ImagePipeline.Testing.Simulators.Runware;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The browser page on the standalone host, driven in a real Chromium (Debian's, see .ci/run) as a user would:
/// start a generation from the form, watch it run and complete, open its image full size.</summary>
public sealed partial class WebPageBrowserTests
{
    const string ChromiumPath = "/usr/bin/chromium";
    readonly ITestOutputHelper output;

    public WebPageBrowserTests(ITestOutputHelper output)
    {
        this.output = output;
        // Expectations retry for 5 s by default; a generation on a loaded machine takes longer.
        SetDefaultExpectTimeout(30_000);
    }

    [Fact]
    public async Task A_generation_started_from_the_form_is_shown_running_then_completed_and_its_image_opens_full_size()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (apt-get install chromium; .ci/run does it).");
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Providers:Mock:Delay"] = "00:00:02" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath });
        var page = await browser.NewPageAsync(new() { BaseURL = host.BaseUrl.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) scriptErrors.Add(message.Text);
        };
        var externalRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(host.BaseUrl.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                externalRequests.Add(request.Url);
        };

        await page.GotoAsync("/");
        await page.FillAsync("#prompt", "a red fox in fresh snow, watercolour");
        await page.FillAsync("#provider", "mock");
        await page.SelectOptionAsync("#aspect-ratio", "16:9");
        await page.ClickAsync("#start");

        // Live: the row appears while the generation runs (with its cancel button), then turns Completed without a reload.
        var row = page.Locator("#generations .generation").First;
        await Expect(row.Locator(".cancel")).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", new Regex("^(Queued|Submitted|Running|Archiving|Notifying)$"));
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(row.Locator(".provider")).ToHaveTextAsync("mock · mock-uni-1");
        await Expect(row.Locator(".cost")).ToHaveTextAsync("cost unknown"); // the mock reports no cost and has no price
        await Expect(row.Locator(".elapsed")).ToHaveTextAsync(new Regex(@"^\d+ s$"));
        await Expect(row.Locator(".cancel")).ToHaveCountAsync(0);
        var id = await row.GetAttributeAsync("data-id");
        var document = await host.GetStatusAsync(id!);
        var archived = Assert.Single(document.Outputs);

        // The thumbnail opens the archived image at its full size.
        var thumbnail = row.Locator(".thumb img");
        await Expect(thumbnail).Not.ToHaveAttributeAsync("data-loading", "true");
        await ScreenshotAsync(page, "web-page.png");
        await row.Locator(".thumb").ClickAsync();
        var full = page.Locator("#viewer-image");
        await Expect(full).ToBeVisibleAsync();
        var naturalWidth = await full.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
        var naturalHeight = await full.EvaluateAsync<int>("img => img.naturalHeight");
        Assert.Equal((archived.Width, archived.Height), (naturalWidth, naturalHeight));

        await ScreenshotAsync(page, "web-page-image.png");
        Assert.Empty(scriptErrors);
        Assert.Empty(externalRequests);
    }

    [Fact]
    public async Task A_running_generation_is_canceled_from_its_row_and_a_failed_one_shows_its_error()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (apt-get install chromium; .ci/run does it).");
        // Long enough that the cancel click lands while the first one runs.
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Providers:Mock:Delay"] = "00:00:08" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath });
        var page = await browser.NewPageAsync(new() { BaseURL = host.BaseUrl.ToString() });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");

        await page.FillAsync("#prompt", "a slow fox");
        await page.ClickAsync("#start");
        var slow = page.Locator("#generations .generation").First;
        await slow.Locator(".cancel").ClickAsync();
        await Expect(slow).ToHaveAttributeAsync("data-status", "Canceled");
        await Expect(slow.Locator(".problem")).ToContainTextAsync("canceled");
        var slowId = await slow.GetAttributeAsync("data-id");

        await page.FillAsync("#prompt", "[mock:fail] a fox that will not be");
        await page.ClickAsync("#start");
        var failing = page.Locator($"#generations .generation:not([data-id='{slowId}'])");
        await Expect(failing).ToHaveAttributeAsync("data-status", "Failed");
        await Expect(failing.Locator(".problem")).ToHaveTextAsync("provider_failed: Mock failure requested");
        await Expect(page.Locator("#generations .generation")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "web-page-failed.png");
    }

    [Fact]
    public async Task A_generation_that_failed_over_shows_each_provider_it_went_to_and_its_cost()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (apt-get install chromium; .ci/run does it).");
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        // A revoked key: Runware answers the submit 401, which provably started nothing, so the mock takes over.
        var settings = SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(200));
        settings["Providers:Runware:ApiKey"] = "a-revoked-key";
        await using var host = await PipelineHost.StartAsync(settings);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath });
        var page = await browser.NewPageAsync(new() { BaseURL = host.BaseUrl.ToString() });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");

        await page.FillAsync("#prompt", "a red fox in fresh snow");
        await page.FillAsync("#provider", "runware, mock");
        await page.ClickAsync("#start");

        var row = page.Locator("#generations .generation").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(row.Locator(".provider")).ToHaveTextAsync("mock · mock-uni-1");
        await Expect(row.Locator(".route")).ToHaveTextAsync("runware refused (provider_unauthorized) → mock");
        await Expect(row.Locator(".cost")).ToHaveTextAsync("cost unknown");
        await ScreenshotAsync(page, "web-page-failover.png");
    }

    /// <summary>Saves a screenshot under the test output folder and prints where (shown with
    /// <c>--logger "console;verbosity=detailed"</c>).</summary>
    async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
