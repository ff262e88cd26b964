namespace ImagePipeline.Functions.Tests;

/// <summary>A clock that always reads the same instant.</summary>
sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
