using System.Net;
using System.Text.Json;

namespace ImagePipeline.Standalone.Tests.Running;

/// <summary>A misspelt field is refused instead of silently ignored (the image would come out square).</summary>
public sealed class UnknownRequestFieldTests
{
    [Fact]
    public async Task A_snake_case_field_is_400_naming_it_and_the_field_it_meant()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>());

        using var response = await host.StartGenerationAsync(new Dictionary<string, object> { ["prompt"] = "a red fox", ["aspect_ratio"] = "16:9" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = problem.RootElement.GetProperty("errors").GetProperty("aspect_ratio")[0].GetString();
        Assert.Contains("did you mean 'aspectRatio'?", message, StringComparison.Ordinal);
    }
}
