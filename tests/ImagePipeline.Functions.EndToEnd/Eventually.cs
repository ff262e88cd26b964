namespace ImagePipeline.Functions.EndToEnd;

/// <summary>Waits for something the host does in the background (a queue trigger, a blob drop), failing with the
/// host's log when it never happens.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, FunctionsAppFixture app)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(app);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Waited {timeout} for {what}.{Environment.NewLine}{app.HostLogTail()}");
    }
}
