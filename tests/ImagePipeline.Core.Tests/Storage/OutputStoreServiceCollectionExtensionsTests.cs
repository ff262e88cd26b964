using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Storage;

public class OutputStoreServiceCollectionExtensionsTests
{
    [Fact]
    public void Without_storage_settings_outputs_go_to_a_folder_on_disk()
    {
        var root = Path.Combine(Path.GetTempPath(), "configured-root-" + Guid.NewGuid().ToString("N"));
        using var provider = Build(new() { ["Storage:RootDirectory"] = root });

        var store = Assert.IsType<FileSystemOutputStore>(Assert.IsType<TracedOutputStore>(provider.GetRequiredService<IOutputStore>()).Inner);

        Assert.Equal(root, store.RootDirectory);
    }

    [Fact]
    public void The_default_folder_is_data_outputs_under_the_current_directory()
    {
        using var provider = Build([]);

        var store = Assert.IsType<FileSystemOutputStore>(Assert.IsType<TracedOutputStore>(provider.GetRequiredService<IOutputStore>()).Inner);

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "outputs"), store.RootDirectory);
    }

    [Fact]
    public void A_connection_string_selects_blob_storage_and_the_configured_container()
    {
        using var provider = Build(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:OutputContainer"] = "generated",
        });

        var store = Assert.IsType<BlobOutputStore>(Assert.IsType<TracedOutputStore>(provider.GetRequiredService<IOutputStore>()).Inner);

        Assert.Equal("generated", store.Container.Name);
    }

    [Fact]
    public void A_service_uri_selects_blob_storage_with_the_default_container()
    {
        using var provider = Build(new() { ["Storage:ServiceUri"] = "https://account.blob.core.windows.net/" });

        var store = Assert.IsType<BlobOutputStore>(Assert.IsType<TracedOutputStore>(provider.GetRequiredService<IOutputStore>()).Inner);

        Assert.Equal("outputs", store.Container.Name);
        Assert.Equal("account.blob.core.windows.net", store.Container.Uri.Host);
    }

    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddOutputStore(configuration).BuildServiceProvider();
    }
}
