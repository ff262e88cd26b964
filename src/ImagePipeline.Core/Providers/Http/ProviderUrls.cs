namespace ImagePipeline.Providers.Http;

/// <summary>URL helpers every provider client shares.</summary>
internal static class ProviderUrls
{
    /// <summary>A route under a configured base URL, whether or not the base ends with '/' (a simulator's
    /// <c>http://127.0.0.1:1234/v1</c> and the real <c>https://api.example.com/v1/</c> both work).</summary>
    public static Uri Combine(Uri baseUrl, string relativePath) => new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relativePath}");

    /// <summary>True for an absolute http(s) URL, false for a data URI or anything else.</summary>
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
