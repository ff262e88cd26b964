using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Configuration;

/// <summary>The one way settings are bound: <c>AddOptions&lt;T&gt;().BindSection(configuration, T.SectionName)</c>, then
/// data annotations and <c>Validate</c> for cross-field rules, <c>ValidateOnStart</c>.</summary>
public static class SettingsOptionsBuilderExtensions
{
    /// <summary>Binds <paramref name="sectionName"/> of the configuration the host handed in (not necessarily the one in
    /// the container) with the standard binder. Empty values (as in local.settings.sample.json) mean "not set": they are
    /// left out, so the default stays; the binder alone would refuse an empty number or TimeSpan.</summary>
    public static OptionsBuilder<TOptions> BindSection<TOptions>(this OptionsBuilder<TOptions> builder, IConfiguration configuration, string sectionName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.Configure(options => Bind(configuration, sectionName, options));
    }

    /// <summary>The section bound the same way, once, for the few decisions made at registration (which hosted
    /// services or providers exist); everything else reads the options.</summary>
    public static TOptions ReadSection<TOptions>(this IConfiguration configuration, string sectionName) where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TOptions();
        Bind(configuration, sectionName, options);
        return options;
    }

    /// <summary>Keys stay absolute so that a value the binder cannot convert is reported with its full name
    /// (<c>Pipeline:JobTimeout</c>, set as <c>Pipeline__JobTimeout</c>), as one line instead of a binder stack trace.</summary>
    static void Bind(IConfiguration configuration, string sectionName, object options)
    {
        var section = configuration.GetSection(sectionName);
        var nonEmpty = new ConfigurationBuilder()
            .AddInMemoryCollection(section.AsEnumerable().Where(setting => !string.IsNullOrEmpty(setting.Value)))
            .Build();
        try
        {
            nonEmpty.GetSection(section.Path).Bind(options);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is not null)
        {
            throw new InvalidSettingsException(InvalidValueMessage(configuration, ex), ex);
        }
    }

    /// <summary>"Setting Pipeline:JobTimeout (Pipeline__JobTimeout) = '10m' is not a valid TimeSpan: …", read from the
    /// binder's message, which names the key and the target type.</summary>
    static string InvalidValueMessage(IConfiguration configuration, InvalidOperationException error)
    {
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, "at '(?<key>[^']+)' to type '(?<type>[^']+)'");
        if (!match.Success) return $"Invalid setting: {error.Message}";
        var key = match.Groups["key"].Value;
        var type = match.Groups["type"].Value;
        type = type.StartsWith("System.Nullable`1[[", StringComparison.Ordinal) ? type[19..type.IndexOf(',', StringComparison.Ordinal)] : type;
        type = type.StartsWith("System.", StringComparison.Ordinal) ? type[7..] : type;
        var hint = type == nameof(TimeSpan) ? " (write a duration as [d.]hh:mm:ss, e.g. 00:10:00)" : "";
        return $"Invalid setting {key} ({key.Replace(":", "__", StringComparison.Ordinal)}) = '{configuration[key]}': not a valid {type}{hint}.";
    }
}
