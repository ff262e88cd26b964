using System.Text.Json;
using ImagePipeline.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImagePipeline.Api;

/// <summary>An HTTP answer of the pipeline API, independent of the host: the standalone host returns it as an
/// <see cref="IResult"/>, the Functions host as an <see cref="IActionResult"/>; both write the same bytes.</summary>
public sealed class ApiResult : IApiAnswer
{
    public ApiResult(int statusCode, object? body, string contentType = "application/json")
    {
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    public int StatusCode { get; }
    public object? Body { get; }
    public string ContentType { get; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        if (Body is null) return;
        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), WorkflowJson.Options, httpContext.RequestAborted);
    }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }
}
