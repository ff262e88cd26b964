namespace ImagePipeline.Tests.Routing;

/// <summary>A clock a test moves by hand (UTC-day boundaries, cache windows).</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
