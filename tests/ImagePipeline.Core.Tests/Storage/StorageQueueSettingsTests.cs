using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Tests.Storage;

public sealed class StorageQueueSettingsTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/", "https://acct.queue.core.windows.net/")]
    [InlineData("https://acct.blob.core.chinacloudapi.cn", "https://acct.queue.core.chinacloudapi.cn/")]
    public void The_queue_endpoint_is_derived_from_the_blob_endpoint(string blob, string queue) =>
        Assert.Equal(new Uri(queue), StorageQueueSettings.DeriveQueueServiceUri(new Uri(blob)));

    [Fact]
    public void A_blob_endpoint_of_another_form_asks_for_the_queue_endpoint()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageQueueSettings.DeriveQueueServiceUri(new Uri("http://127.0.0.1:10000/devstoreaccount1")));
        Assert.Contains("Storage:QueueServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_wins_and_empty_settings_mean_unset()
    {
        Assert.Null(StorageQueueSettings.FromConfiguration(Configuration(("Storage:ConnectionString", ""), ("Storage:ServiceUri", ""))));

        var both = StorageQueueSettings.FromConfiguration(Configuration(("Storage:ConnectionString", "UseDevelopmentStorage=true"), ("Storage:ServiceUri", "https://acct.blob.core.windows.net")));
        Assert.Equal("UseDevelopmentStorage=true", both!.ConnectionString);

        var explicitQueue = StorageQueueSettings.FromConfiguration(Configuration(("Storage:QueueServiceUri", "https://acct.queue.core.windows.net"), ("Storage:ServiceUri", "https://other.blob.core.windows.net")));
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), explicitQueue!.QueueServiceUri);
        Assert.Equal("https://acct.queue.core.windows.net/q1", explicitQueue.CreateQueueClient("q1").Uri.ToString());

        var derived = StorageQueueSettings.FromConfiguration(Configuration(("Storage:ServiceUri", "https://acct.blob.core.windows.net")));
        Assert.Equal("https://acct.queue.core.windows.net/q1", derived!.CreateQueueClient("q1").Uri.ToString());
    }

    static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
