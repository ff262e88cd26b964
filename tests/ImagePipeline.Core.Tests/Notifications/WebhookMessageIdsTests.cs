using ImagePipeline.Notifications;

namespace ImagePipeline.Tests.Notifications;

public class WebhookMessageIdsTests
{
    [Fact]
    public void Plain_ids_read_as_generation_and_event() =>
        Assert.Equal("msg_gen-123_Completed", WebhookMessageIds.For("gen-123", "Completed"));

    [Fact]
    public void Ids_with_dots_become_a_stable_hash_without_the_separator()
    {
        var id = WebhookMessageIds.For("blob.drop/photo.png@0x8DC", "Completed");

        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        Assert.DoesNotContain('.', id);
        Assert.Equal(id, WebhookMessageIds.For("blob.drop/photo.png@0x8DC", "Completed"));
        Assert.NotEqual(id, WebhookMessageIds.For("blob.drop/photo.png@0x8DC", "Failed"));
    }
}
