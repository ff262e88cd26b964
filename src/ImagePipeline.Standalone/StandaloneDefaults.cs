using System.Security.Cryptography;
using ImagePipeline.Configuration;
using ImagePipeline.Notifications;
using ImagePipeline.Pipeline;
using ImagePipeline.Security;
using ImagePipeline.Storage;

namespace ImagePipeline.Standalone;

/// <summary>
/// Embedded defaults so that a plain <c>dotnet run</c> works on a fresh machine: data under <c>./data</c>, outputs on
/// disk, the mock provider unless a provider key is configured, and secrets generated once and kept in the data folder
/// (so callback tokens and webhook signatures stay valid across restarts). Anything configured wins.
/// </summary>
public static class StandaloneDefaults
{
    const string DataDirectorySetting = $"{DataFolderOptions.SectionName}:{nameof(DataFolderOptions.DataDirectory)}";

    public static string DataDirectory(IConfiguration configuration) => DataFolderOptions.Read(configuration).DataPath;

    /// <exception cref="Pipeline.DataFolderUnavailableException">The data folder cannot be created or written.</exception>
    public static void Apply(ConfigurationManager configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Defaults fill only what nobody set and must be in place before the container is built, so each section is read
        // once here through ReadSection, bound the same way as the options (empty values mean unset). The default
        // provider needs nothing here: the core picks the first one with a key, else the mock.
        var data = DataDirectory(configuration);
        // Before anything is written there: a read-only or uncreatable folder stops the host with one clear line.
        Pipeline.DataFolderProbe.EnsureWritable(data);
        var defaults = new Dictionary<string, string?> { [DataDirectorySetting] = data };

        if (configuration.ReadSection<CallbackTokenOptions>(CallbackTokenOptions.SectionName).Secret is not { Length: > 0 })
            defaults["Pipeline:CallbackSecret"] = PersistedSecret(Path.Combine(data, "callback-secret"), prefix: "");
        if (configuration.ReadSection<CallerWebhookOptions>(CallerWebhookOptions.SectionName).Secret is not { Length: > 0 })
            defaults["Notifications:WebhookSecret"] = PersistedSecret(Path.Combine(data, "webhook-secret"), prefix: "whsec_");
        // appsettings.json names no URL (it would override ASPNETCORE_URLS): the default applies only when nothing is set.
        if (!Hosting.ListeningAddresses.IsConfigured(configuration))
            defaults[WebHostDefaults.ServerUrlsKey] = Hosting.ListeningAddresses.DefaultUrl;
        if (StorageOptions.Read(configuration) is { IsConfigured: false, RootDirectory: not { Length: > 0 } })
            defaults["Storage:RootDirectory"] = Path.Combine(data, "outputs");

        // Lowest precedence: configuration sources added later override earlier ones.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
    }

    static string PersistedSecret(string path, string prefix)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var secret = prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(secret);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim(); // another process created it first
        }
    }
}
