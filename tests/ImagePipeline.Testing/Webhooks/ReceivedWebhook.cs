using System.Text;

namespace ImagePipeline.Testing.Webhooks;

/// <summary>One POST the <see cref="WebhookReceiver"/> got, recorded before it answered.</summary>
/// <param name="Number">1 for the first delivery the receiver saw, 2 for the next, …</param>
/// <param name="Path">Request path, e.g. <c>/hooks/abc</c>.</param>
/// <param name="Query">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers, case-insensitive, multiple values joined with <c>,</c>.</param>
/// <param name="Body">The raw body, exactly as signed.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record ReceivedWebhook(
    int Number,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset ReceivedAt)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A header's value, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
