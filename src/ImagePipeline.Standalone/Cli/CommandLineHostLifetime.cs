namespace ImagePipeline.Standalone.Cli;

/// <summary>The in-process host of <c>generate</c> without the console lifetime's signal handling: Ctrl+C must cancel
/// the generation (which needs the runtime still running), not stop the host under it. The command stops the host
/// itself once the generation has ended.</summary>
sealed class CommandLineHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
