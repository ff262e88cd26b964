using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Testing.Functions;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary><c>GET /api/generations</c> and <c>Prefer: wait=N</c> on the real Functions host (Durable's instance query and
/// completion wait over the Azure Storage backend).</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class ListAndWaitTests
{
    readonly FunctionsAppFixture _app;

    public ListAndWaitTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task A_start_with_a_wait_answers_the_final_status_and_the_list_finds_it_by_its_metadata()
    {
        var run = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/generations")
        {
            Content = JsonContent.Create(new { prompt = "a fox", provider = "mock", metadata = new { run } }),
        };
        request.Headers.TryAddWithoutValidation("Prefer", "wait=45");
        using var started = await _app.Http.SendAsync(request);
        var text = await started.Content.ReadAsStringAsync();

        Assert.True(started.StatusCode == HttpStatusCode.OK, $"{(int)started.StatusCode}: {text}\n{_app.HostLogTail()}");
        Assert.Equal("wait=45", string.Join(",", started.Headers.GetValues("Preference-Applied")));
        var document = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Completed", document.GetProperty("status").GetString());
        var id = document.GetProperty("id").GetString();

        using var listed = await _app.Http.GetAsync($"api/generations?provider=mock&status=Completed&metadata.run={run}");
        var list = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        using var refused = await _app.Http.GetAsync("api/generations?pageSize=500");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
