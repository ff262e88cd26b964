using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Web;

/// <summary>
/// The browser page: the static files of this folder, embedded in the assembly so both hosts serve the same bytes
/// without a content root (the standalone host at <c>/</c>, the Functions host at <c>/api/ui/</c>).
/// </summary>
public static class WebPage
{
    public const string IndexFile = "index.html";
    const string ResourcePrefix = "ImagePipeline.Web.";

    static readonly FrozenDictionary<string, WebPageFile> Files = Load();

    /// <summary>The file names the page consists of (no folders), e.g. <c>index.html</c>, <c>app.js</c>.</summary>
    public static IReadOnlyCollection<string> FileNames => Files.Keys;

    /// <summary>The answer for <paramref name="path"/> (relative to the page's root; empty means the page itself).
    /// <paramref name="requestPath"/> is the path the browser asked for: the page's root without its trailing slash is
    /// redirected to it, since the page loads its script and style relative to its own address.</summary>
    public static WebPageResult Serve(string? path, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(requestPath);
        if (string.IsNullOrEmpty(path))
        {
            return requestPath.EndsWith('/')
                ? WebPageResult.File(Files[IndexFile])
                : WebPageResult.Redirect(requestPath + "/");
        }
        return Files.TryGetValue(path, out var file) ? WebPageResult.File(file) : WebPageResult.NotFound(path);
    }

    static FrozenDictionary<string, WebPageFile> Load()
    {
        var assembly = typeof(WebPage).Assembly;
        var contentTypes = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, WebPageFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var contentType = contentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
            // The files are UTF-8 text; saying so spares the browser a guess.
            if (contentType.StartsWith("text/", StringComparison.Ordinal)) contentType += "; charset=utf-8";
            var entityTag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))}\"");
            files[name] = new WebPageFile(name, content, contentType, entityTag);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
