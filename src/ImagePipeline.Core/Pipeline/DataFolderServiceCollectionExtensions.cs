using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Pipeline;

public static class DataFolderServiceCollectionExtensions
{
    /// <summary>Binds <see cref="DataFolderOptions"/> (<c>Runtime</c>) once, for the stores that keep their files in the
    /// data folder when no storage account is configured.</summary>
    public static IServiceCollection AddDataFolder(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IConfigureOptions<DataFolderOptions>))) return services;
        services.AddOptions<DataFolderOptions>()
            .BindSection(configuration, DataFolderOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), $"{DataFolderOptions.SectionName}:DataDirectory must not be blank.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>A folder under the data folder.</summary>
    public static string DataFolder(this IServiceProvider services, string name) =>
        Path.Combine(services.GetRequiredService<IOptions<DataFolderOptions>>().Value.DataPath, name);
}
