using System.Security.Cryptography;
using ImagePipeline.Generation;

namespace ImagePipeline.Standalone;

/// <summary>
/// Embedded defaults so that a plain <c>dotnet run</c> works on a fresh machine: data under <c>./data</c>, outputs on
/// disk, the mock provider unless a provider key is configured, and secrets generated once and kept in the data folder
/// (so callback tokens and webhook signatures stay valid across restarts). Anything configured wins.
/// </summary>
public static class StandaloneDefaults
{
    static readonly (string Provider, string Section)[] KeyedProviders =
    [
        (ProviderNames.Segmind, "Segmind"), (ProviderNames.Scenario, "Scenario"), (ProviderNames.Runware, "Runware"),
        (ProviderNames.GmiCloud, "GmiCloud"), (ProviderNames.Luma, "Luma"),
    ];

    public static string DataDirectory(IConfiguration configuration) => Pipeline.DataDirectory.Resolve(configuration);

    /// <exception cref="Pipeline.DataFolderUnavailableException">The data folder cannot be created or written.</exception>
    public static void Apply(ConfigurationManager configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var data = DataDirectory(configuration);
        // Before anything is written there: a read-only or uncreatable folder stops the host with one clear line.
        Pipeline.DataFolderProbe.EnsureWritable(data);
        var defaults = new Dictionary<string, string?>();

        if (string.IsNullOrEmpty(configuration["Pipeline:DefaultProvider"]))
        {
            defaults["Pipeline:DefaultProvider"] = KeyedProviders
                .FirstOrDefault(p => !string.IsNullOrEmpty(configuration[$"Providers:{p.Section}:ApiKey"])).Provider ?? ProviderNames.Mock;
        }
        if (string.IsNullOrEmpty(configuration["Pipeline:CallbackSecret"]))
            defaults["Pipeline:CallbackSecret"] = PersistedSecret(Path.Combine(data, "callback-secret"), prefix: "");
        if (string.IsNullOrEmpty(configuration["Notifications:WebhookSecret"]))
            defaults["Notifications:WebhookSecret"] = PersistedSecret(Path.Combine(data, "webhook-secret"), prefix: "whsec_");
        if (string.IsNullOrEmpty(configuration["Storage:ConnectionString"]) && string.IsNullOrEmpty(configuration["Storage:ServiceUri"])
            && string.IsNullOrEmpty(configuration["Storage:RootDirectory"]))
        {
            defaults["Storage:RootDirectory"] = Path.Combine(data, "outputs");
        }
        if (string.IsNullOrEmpty(configuration[Pipeline.DataDirectory.SettingName]))
            defaults[Pipeline.DataDirectory.SettingName] = data;

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
