using ImagePipeline.Drops;
using ImagePipeline.Pipeline;
using ImagePipeline.Starting;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Drops;

/// <summary>The processor wired as the hosts wire it, with test-sized options.</summary>
internal static class DropTestSupport
{
    public static EditDropOptions TestOptions(string container = "edit-requests", long maxImageBytes = 20 * 1024 * 1024) => new()
    {
        Container = container,
        MaxImageBytes = maxImageBytes,
        SidecarWait = TimeSpan.Zero,
    };

    public static EditDropProcessor Processor(EditDropOptions options, string defaultProvider = "mock")
    {
        var starter = new GenerationStarter(Options.Create(new PipelineOptions { DefaultProvider = defaultProvider }),
            Options.Create(new PollingOptions()), TimeProvider.System, NullLogger<GenerationStarter>.Instance);
        return new EditDropProcessor(starter, Options.Create(options), TimeProvider.System, NullLogger<EditDropProcessor>.Instance);
    }
}
