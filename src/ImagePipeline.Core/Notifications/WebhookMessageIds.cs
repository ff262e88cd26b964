using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Notifications;

/// <summary>Deterministic <c>webhook-id</c>s: one per generation and event, so every retry (by the notifier or a replayed
/// workflow step) carries the same id and callers can deduplicate.</summary>
public static class WebhookMessageIds
{
    /// <summary><c>msg_{generationId}_{eventName}</c> when both are plain (letters, digits, <c>-</c>, <c>_</c>); otherwise
    /// <c>msg_</c> + a hash of them, because the id is part of the signed content and must not contain '.'.</summary>
    public static string For(string generationId, string eventName)
    {
        ArgumentException.ThrowIfNullOrEmpty(generationId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (IsPlain(generationId) && IsPlain(eventName)) return $"msg_{generationId}_{eventName}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(generationId + "\n" + eventName));
        return "msg_" + Base64Url.EncodeToString(hash.AsSpan(0, 18));
    }

    static bool IsPlain(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
