using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Standalone.Tests.Drops;

/// <summary>Host settings for drop tests: fast settling, rescans and polls, a short sidecar wait, and (for the blob
/// inbox) a container of the test's own in the shared Azurite.</summary>
public static class DropSettings
{
    public static Dictionary<string, string?> Folder(IDictionary<string, string?> provider) => new(provider)
    {
        ["Inbox:SettleTime"] = "00:00:00.100",
        ["Inbox:RescanInterval"] = "00:00:01",
        ["EditDrops:SidecarWait"] = "00:00:00.300",
    };

    public static Dictionary<string, string?> Blob(IDictionary<string, string?> provider, AzuriteServer azurite, string container) => new(provider)
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:OutputContainer"] = container + "-out",
        ["EditDrops:Container"] = container,
        ["EditDrops:SidecarWait"] = "00:00:00.300",
        ["Inbox:Enabled"] = "false",
        ["Inbox:UseBlobContainer"] = "true",
        ["Inbox:PollInterval"] = "00:00:00.200",
    };

    public static Dictionary<string, string?> Mock() => new() { ["Pipeline:DefaultProvider"] = "mock", ["Providers:Mock:Delay"] = "00:00:00.200" };

    public static string NewContainerName() => "drops-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (!cts.IsCancellationRequested)
        {
            if (await probe() is { } value) return value;
            try { await Task.Delay(50, cts.Token); } catch (OperationCanceledException) { break; }
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
