using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary><c>GET /api/generations</c> over real HTTP: each filter, paging, and the index surviving a restart.</summary>
public sealed class GenerationListTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5); // segmind generations stay running
    }

    public async Task DisposeAsync() => await _segmind.DisposeAsync();

    Dictionary<string, string?> Settings()
    {
        var settings = SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(200));
        settings["Providers:Mock:Delay"] = "00:00:00";
        settings["Pipeline:Polling:mock:FirstPollAfter"] = "00:00:00.050";
        settings["Pipeline:Polling:mock:Interval"] = "00:00:00.100";
        return settings;
    }

    [Fact]
    public async Task Each_filter_narrows_the_list_and_results_come_newest_first()
    {
        await using var host = await PipelineHost.StartAsync(Settings());
        var succeeded = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock", metadata = new { customer = "acme" } });
        await host.WaitForTerminalAsync(succeeded);
        var failed = await host.StartAndGetIdAsync(new { prompt = "a fox [mock:fail]", provider = "mock", metadata = new { customer = "globex" } });
        await host.WaitForTerminalAsync(failed);
        var running = await host.StartAndGetIdAsync(new { prompt = "a fox", provider = "segmind", metadata = new { customer = "acme", order = "7" } });
        await host.WaitForAsync(running, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        var runningCreatedAt = (await host.GetStatusAsync(running)).CreatedAt;

        Assert.Equal([running, failed, succeeded], await IdsAsync(host, ""));
        Assert.Equal([succeeded], await IdsAsync(host, "status=Completed"));
        Assert.Equal([succeeded], await IdsAsync(host, "status=succeeded"));
        Assert.Equal([running, failed], await IdsAsync(host, "status=failed,running,submitted"));
        Assert.Equal([running], await IdsAsync(host, "provider=segmind"));
        Assert.Equal([failed, succeeded], await IdsAsync(host, "provider=mock"));
        Assert.Equal([running, succeeded], await IdsAsync(host, "metadata.customer=acme"));
        Assert.Equal([running], await IdsAsync(host, "metadata.customer=acme&metadata.order=7"));
        Assert.Empty(await IdsAsync(host, "metadata.customer=initech"));
        var at = Uri.EscapeDataString(runningCreatedAt.ToString("O"));
        Assert.Equal([running], await IdsAsync(host, $"createdAfter={at}"));
        Assert.Equal([failed, succeeded], await IdsAsync(host, $"createdBefore={at}"));

        // Items are the status document GET answers.
        var item = (await PageAsync(host, "provider=segmind")).Items.Single();
        Assert.Equal("acme", item.GetProperty("metadata").GetProperty("customer").GetString());
        Assert.Equal(running, item.GetProperty("id").GetString());
        // … outputs included: the url a caller downloads from, absolute under the public base URL as GET gives it.
        var archived = (await PageAsync(host, "status=Completed")).Items.Single().GetProperty("outputs")[0].GetProperty("url").GetString();
        Assert.Equal((await host.GetStatusAsync(succeeded)).Outputs[0].Url, archived);
        Assert.StartsWith(host.BaseUrl.ToString().TrimEnd('/'), archived, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("status=done", "status")]
    [InlineData("createdAfter=yesterday", "createdAfter")]
    [InlineData("continuationToken=not-ours", "continuationToken")]
    [InlineData("stauts=Completed", "stauts")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        await using var host = await PipelineHost.StartAsync(Settings());

        using var response = await host.Http.GetAsync($"api/generations?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task Paging_through_45_generations_gets_each_once_newest_first_also_after_a_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-list-").FullName;
        var started = new List<string>();
        await using (var first = await PipelineHost.StartAsync(Settings(), dataDirectory))
        {
            first.KeepDataDirectory = true;
            for (var i = 0; i < 45; i++)
                started.Add(await first.StartAndGetIdAsync(new { prompt = $"fox {i}", provider = "mock", metadata = new { batch = "b45" } }));
            await first.WaitForTerminalAsync(started[^1]);
            Assert.Equal(Enumerable.Reverse(started), await AllPagesAsync(first, [20, 20, 5]));
        }

        await using var second = await PipelineHost.StartAsync(Settings(), dataDirectory);
        Assert.Equal(Enumerable.Reverse(started), await AllPagesAsync(second, [20, 20, 5]));
    }

    static async Task<List<string>> AllPagesAsync(PipelineHost host, int[] expectedPageSizes)
    {
        var ids = new List<string>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await PageAsync(host, "metadata.batch=b45&pageSize=20" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            sizes.Add(page.Items.Count);
            ids.AddRange(page.Items.Select(i => i.GetProperty("id").GetString()!));
            token = page.ContinuationToken;
        }
        while (token is not null && sizes.Count < 10);
        Assert.Equal(expectedPageSizes, sizes);
        return ids;
    }

    static async Task<List<string>> IdsAsync(PipelineHost host, string query) =>
        (await PageAsync(host, query)).Items.Select(i => i.GetProperty("id").GetString()!).ToList();

    static async Task<(List<JsonElement> Items, string? ContinuationToken)> PageAsync(PipelineHost host, string query)
    {
        using var response = await host.Http.GetAsync($"api/generations?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        var token = root.GetProperty("continuationToken");
        return ([.. root.GetProperty("items").EnumerateArray().Select(e => e.Clone())], token.ValueKind == JsonValueKind.Null ? null : token.GetString());
    }
}
