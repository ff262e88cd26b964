using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Api;

/// <summary>An archived output's bytes, written by ASP.NET Core's own stream result (the same on both hosts): it answers
/// <c>Range</c> with 206 and <c>Content-Range</c> (416 when unsatisfiable), <c>If-None-Match</c>/<c>If-Range</c> against
/// the entity tag, and sends <c>Accept-Ranges: bytes</c>. The tag is the SHA-256 recorded when it was archived.</summary>
public sealed class OutputDownloadResult(Stream content, string contentType, string sha256) : IApiAnswer
{
    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Stream(content, contentType, entityTag: new EntityTagHeaderValue($"\"{sha256}\""), enableRangeProcessing: true)
            .ExecuteAsync(httpContext);

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }
}
