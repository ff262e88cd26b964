namespace ImagePipeline.Standalone.Tests.HostileInputs;

/// <summary>One hostile request and the answer it must get: <paramref name="Status"/>, with a problem naming
/// <paramref name="Field"/> under <c>errors</c>.</summary>
public sealed record HostileCase(string Name, string Route, Func<HttpContent?> Body, int Status, string Field)
{
    /// <summary>Sent as the <c>Idempotency-Key</c> header when set.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When set, the request declares this Content-Length, sends only the body, and waits.</summary>
    public int? DeclaredLength { get; init; }

    public override string ToString() => Name;
}
