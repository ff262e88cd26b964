using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Pipeline;

/// <summary>Where a single-machine host keeps its state (journals, submission ledger, inbox, outputs, generated dev
/// secrets): <c>Runtime:DataDirectory</c>, by default <c>./data</c> under the working directory.</summary>
public static class DataDirectory
{
    public const string SettingName = "Runtime:DataDirectory";
    public const string DefaultName = "data";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Path.GetFullPath(configuration[SettingName] is { Length: > 0 } configured ? configured : DefaultName);
    }
}
