using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The embedded runtime's settings come from the <c>Runtime</c> section like every other section.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public async Task Zero_concurrent_steps_is_refused_at_start_naming_the_setting()
    {
        var data = Directory.CreateTempSubdirectory("imagepipeline-host-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
                PipelineHost.StartAsync(new Dictionary<string, string?> { ["Runtime:MaxConcurrentSteps"] = "0" }, data));
            Assert.Contains("Runtime:MaxConcurrentSteps", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
