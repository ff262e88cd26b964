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
        return builder.Configure(options => WithoutEmptyValues(configuration.GetSection(sectionName)).Bind(options));
    }

    /// <summary>The section bound the same way, once, for the few decisions made at registration (which hosted
    /// services or providers exist); everything else reads the options.</summary>
    public static TOptions ReadSection<TOptions>(this IConfiguration configuration, string sectionName) where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TOptions();
        WithoutEmptyValues(configuration.GetSection(sectionName)).Bind(options);
        return options;
    }

    static IConfiguration WithoutEmptyValues(IConfigurationSection section) => new ConfigurationBuilder()
        .AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true).Where(setting => !string.IsNullOrEmpty(setting.Value)))
        .Build();
}
