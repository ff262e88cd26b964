using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;

namespace ImagePipeline.Functions.Tests;

public sealed class StepErrorCodesTests
{
    [Fact]
    public async Task A_provider_failure_crosses_to_the_orchestrator_with_its_error_code_in_the_message()
    {
        var failure = await Assert.ThrowsAsync<StepException>(() => StepErrorCodes.CarryAsync<bool>(() =>
            throw new ProviderException(ProviderNames.Segmind, ProviderErrorCodes.ProviderUnavailable, "Segmind kept answering 503.")));

        Assert.Equal(ProviderErrorCodes.ProviderUnavailable, failure.ErrorCode);
        Assert.Equal("[provider_unavailable] Segmind kept answering 503.", failure.Message);
        var (code, message) = StepFailureCode.Split(failure.Message);
        Assert.Equal(ProviderErrorCodes.ProviderUnavailable, code);
        Assert.Equal("Segmind kept answering 503.", message);
    }

    [Fact]
    public async Task A_step_failure_keeps_its_code()
    {
        var failure = await Assert.ThrowsAsync<StepException>(() => StepErrorCodes.CarryAsync<bool>(() =>
            throw new StepException(ProviderErrorCodes.ArchiveFailed, "The output container refused the upload.")));

        Assert.Equal("[archive_failed] The output container refused the upload.", failure.Message);
    }

    [Fact]
    public async Task Other_failures_and_results_pass_through_unchanged()
    {
        Assert.True(await StepErrorCodes.CarryAsync(() => Task.FromResult(true)));
        await Assert.ThrowsAsync<OperationCanceledException>(() => StepErrorCodes.CarryAsync<bool>(() => throw new OperationCanceledException()));
    }
}
