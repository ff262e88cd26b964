using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>What the storage account's Event Grid system topic posts to the host's blob webhook
/// (<c>/runtime/webhooks/blobs?functionName=Host.Functions.{name}</c>) when a blob is created: an Event Grid schema
/// array with one <c>Microsoft.Storage.BlobCreated</c> event and header <c>aeg-event-type: Notification</c>.</summary>
public static class EventGridBlobCreated
{
    public const string EventTypeHeader = "aeg-event-type";

    public static async Task<HttpResponseMessage> DeliverAsync(HttpClient http, string functionName, string key, BlobClient blob, string eventId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(blob);
        var properties = (await blob.GetPropertiesAsync()).Value;
        var notification = new JsonArray(new JsonObject
        {
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/e2e/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
            ["subject"] = $"/blobServices/default/containers/{blob.BlobContainerName}/blobs/{blob.Name}",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["id"] = eventId,
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["clientRequestId"] = Guid.NewGuid().ToString(),
                ["requestId"] = Guid.NewGuid().ToString(),
                ["eTag"] = properties.ETag.ToString(),
                ["contentType"] = properties.ContentType,
                ["contentLength"] = properties.ContentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = blob.Uri.AbsoluteUri,
                ["sequencer"] = "00000000000000000000000000000001",
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"runtime/webhooks/blobs?functionName=Host.Functions.{functionName}&code={Uri.EscapeDataString(key)}")
        {
            Content = new StringContent(notification.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventTypeHeader, "Notification");
        return await http.SendAsync(request);
    }
}
