using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>A step that fails for good on the real Functions host: its pipeline error code reaches the status document
/// through Durable's failure details (a property the worker attaches and the host keeps), not through the message.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class StepFailureTests
{
    readonly FunctionsAppFixture _app;

    public StepFailureTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task An_archive_the_provider_keeps_refusing_ends_failed_with_the_providers_error_code()
    {
        _app.Segmind.Behavior.ServerErrorNextDownloads = int.MaxValue;
        try
        {
            var id = await _app.StartAndGetIdAsync(new { prompt = "a lighthouse at dusk", provider = "segmind" });

            // The archive step's own retries, then Durable's (4 attempts, 5 s doubling): about 40 s.
            var done = await _app.WaitForTerminalAsync(id, TimeSpan.FromSeconds(120));

            Assert.True(done.Status == GenerationStatus.Failed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
            Assert.Equal(ProviderErrorCodes.ProviderUnavailable, done.Error?.Code);
            Assert.DoesNotContain("[", done.Error!.Message, StringComparison.Ordinal);
            Assert.Empty(done.Outputs);
        }
        finally
        {
            _app.Segmind.Behavior.ServerErrorNextDownloads = 0;
        }
    }
}
