using Microsoft.AspNetCore.Diagnostics;

namespace ImagePipeline.Standalone;

/// <summary>A malformed, truncated or too large request is the caller's fault, not ours: answered with its own status
/// (400, 413, …) as a problem document and logged as one warning line, without a stack trace, instead of an error.</summary>
public sealed class BadHttpRequestHandler(IProblemDetailsService problems, ILogger<BadHttpRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad) return false;

        logger.LogWarning("Bad request {Method} {Path}: {StatusCode} {Reason}", httpContext.Request.Method, httpContext.Request.Path, bad.StatusCode, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        // The caller may be gone (truncated body); then there is no one to answer, and that is fine.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request.", Detail = bad.Message },
        });
        return true;
    }
}
