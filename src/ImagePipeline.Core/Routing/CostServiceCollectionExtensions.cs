using Azure.Storage.Blobs;
using ImagePipeline.Configuration;
using ImagePipeline.Pipeline;
using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Routing;

public static class CostServiceCollectionExtensions
{
    /// <summary>Prices (<c>Pricing</c>), daily budgets (<c>Budget</c>) and the spend ledger they are checked against:
    /// a blob per provider and day in the state container when a storage account is configured (Functions, or a
    /// standalone host on Azure), else a file in the data folder — where the latency store is kept.</summary>
    public static IServiceCollection AddCostTracking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        SettingsCheck.EnsureProviderKeyed(configuration, PricingOptions.SectionName);
        SettingsCheck.EnsureProviderKeyed(configuration, BudgetOptions.SectionName);

        services.AddOptions<PricingOptions>().BindSection(configuration, PricingOptions.SectionName).ValidateOnStart();
        services.AddOptions<BudgetOptions>().BindSection(configuration, BudgetOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PricingOptions>, CostSettingsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BudgetOptions>, CostSettingsValidation>());

        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.TryAddBlobServiceClient(configuration);
            services.TryAddSingleton<IProviderSpendLedger>(sp => new BlobProviderSpendLedger(sp.GetRequiredService<BlobServiceClient>()
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.StateContainer), sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddDataFolder(configuration);
            services.TryAddSingleton<IProviderSpendLedger>(sp => new FileProviderSpendLedger(sp.DataFolder("spend")));
        }

        services.TryAddSingleton<IProviderPriceList, ConfiguredPriceList>();
        services.TryAddSingleton<IProviderBudgets>(sp => new ProviderBudgets(sp.GetRequiredService<IOptions<BudgetOptions>>(),
            sp.GetRequiredService<IProviderSpendLedger>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
