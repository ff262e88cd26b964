using ImagePipeline.Generation;

namespace ImagePipeline.Notifications;

/// <summary>Announces a generation's terminal status to downstream systems (Event Grid topic, storage queue).
/// Every registered publisher is called once per terminal generation by the PublishCompletion step.</summary>
public interface ICompletionPublisher
{
    Task PublishAsync(GenerationStatusDocument finalStatus, CancellationToken cancellationToken);
}
