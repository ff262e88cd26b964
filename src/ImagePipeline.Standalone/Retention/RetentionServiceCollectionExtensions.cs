using ImagePipeline.Configuration;

namespace ImagePipeline.Standalone.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>Binds <c>Retention</c> (checked at start) and registers the purge and its periodic sweep.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .BindSection(configuration, RetentionOptions.SectionName)
            .Validate(o => o.FinishedAfter is null || o.FinishedAfter > TimeSpan.Zero, "Retention:FinishedAfter must be positive (leave it unset to keep everything).")
            .Validate(o => o.Interval > TimeSpan.Zero, "Retention:Interval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<GenerationRetention>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
