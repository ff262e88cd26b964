using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Storage;

/// <summary>Options of <see cref="BlobOutputStore"/>. Configuration: <c>Storage:ConnectionString</c> or
/// <c>Storage:ServiceUri</c>, and <c>Storage:OutputContainer</c>.</summary>
public sealed class BlobOutputStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>An account connection string (Azurite, or an account key). Takes precedence over <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service endpoint, reached with Azure.Identity's <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The container outputs go to; created when missing.</summary>
    [ConfigurationKeyName("OutputContainer")]
    public string ContainerName { get; set; } = "outputs";

    /// <summary>Size of each staged block. It bounds the memory one upload uses; an image is never held whole unless it is smaller.</summary>
    public int UploadBlockSize { get; set; } = 4 * 1024 * 1024;
}
