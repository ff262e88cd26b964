using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Standalone.Auth;

/// <summary>
/// Asks for an API key on every <c>/api/*</c> request except provider callbacks (they carry their own HMAC token),
/// <c>/api/health*</c> (probes) and the API's description (<c>/api/openapi.json</c>, <c>/api/docs</c>: no data), when <see cref="ApiKeyPolicy.Required"/>. A path rule rather than an authentication
/// scheme with endpoint metadata: routes other parts of the app map (events, downloads, documents) are covered without
/// each opting in, and there is no identity to carry beyond "may call the API". On loopback a presented key is not checked
/// at all: the host is as open as before, and a client that always sends its key keeps working.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyPolicy policy)
{
    public const string ApiKeyHeader = "x-api-key";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!policy.Required || !NeedsKey(context.Request.Path) || policy.Accepts(PresentedKey(context.Request)))
            return next(context);

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "An API key is required.",
                detail: $"Send one of the keys configured in Api:Keys as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'.")
            .ExecuteAsync(context);
    }

    static bool NeedsKey(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/api/callbacks", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/api/openapi.json", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase);

    static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[ApiKeyHeader].FirstOrDefault() is { Length: > 0 } header) return header;
        var authorization = request.Headers[HeaderNames.Authorization].FirstOrDefault();
        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[scheme.Length..].Trim()
            : null;
    }
}
