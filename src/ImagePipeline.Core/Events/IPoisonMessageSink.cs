namespace ImagePipeline.Events;

/// <summary>Where refused messages and events are moved aside (the <c>generation-requests-poison</c> queue).</summary>
public interface IPoisonMessageSink
{
    Task MoveAsync(PoisonMessage message, CancellationToken cancellationToken);
}
