using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Storage;

/// <summary>The <c>Storage</c> account and the containers the pipeline keeps its state in. <c>Storage:ConnectionString</c>
/// (Azurite or an account key) wins; else <c>Storage:ServiceUri</c> with managed identity. The output store's own
/// settings (<c>Storage:OutputContainer</c>, <c>Storage:RootDirectory</c>) are bound by its options.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>The blob service endpoint, reached with <c>DefaultAzureCredential</c>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The queue service endpoint; unset, it is derived from <see cref="ServiceUri"/>.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The submission ledger's container.</summary>
    public string StateContainer { get; set; } = "pipeline-state";

    /// <summary>Where caller images given as data URIs are kept.</summary>
    public string InputContainer { get; set; } = "pipeline-inputs";

    /// <summary>The file output store's folder when no account is configured (bound by <c>FileSystemOutputStoreOptions</c>;
    /// here to tell whether it is set).</summary>
    public string? RootDirectory { get; set; }

    /// <summary>True when blob storage is configured; otherwise the pipeline keeps its state in the data folder.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || ServiceUri is not null;

    /// <summary>Whether storage is configured decides which stores are registered, before the container exists, so
    /// registration reads the section once here, bound the same way as the options (empty values mean unset).</summary>
    public static StorageOptions Read(IConfiguration configuration) => configuration.ReadSection<StorageOptions>(SectionName);
}
