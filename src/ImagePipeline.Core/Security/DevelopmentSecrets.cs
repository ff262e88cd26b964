using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Security;

/// <summary>When a well-known development secret may stand in for a missing one.</summary>
internal static class DevelopmentSecrets
{
    /// <summary>In Development, in a container with no host environment (tests, tools), or when explicitly allowed.</summary>
    public static bool Allowed(IServiceProvider provider, bool explicitlyAllowed)
    {
        if (explicitlyAllowed) return true;
        var environment = provider.GetService<IHostEnvironment>();
        return environment is null || environment.IsDevelopment();
    }
}
