using ImagePipeline.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImagePipeline.Api;

/// <summary>RFC 7807 problem answers.</summary>
public static class Problems
{
    const string ProblemJson = "application/problem+json";

    public static ApiResult Create(int status, string title, string detail, string? type = null) =>
        new(status, new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = type ?? $"https://httpstatuses.io/{status}",
        }, ProblemJson);

    /// <summary>400 naming every offending field under <c>errors</c>.</summary>
    public static ApiResult Validation(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(StatusCodes.Status400BadRequest, new HttpValidationProblemDetails(result.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid for the chosen provider.",
            Detail = result.ToString(),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        }, ProblemJson);
    }

    /// <summary>A problem about one named part of the request (a header, the body, a JSON member) under <c>errors</c>,
    /// the shape of <see cref="Validation(ValidationResult)"/>, so callers find the culprit in one place.</summary>
    public static ApiResult Field(int status, string title, string field, string message) =>
        new(status, new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = $"{field}: {message}",
            Type = $"https://httpstatuses.io/{status}",
        }, ProblemJson);

    /// <summary>503 with <c>Retry-After</c>: the data folder cannot take writes, so nothing was started or recorded.</summary>
    public static ApiResult StoreUnavailable(string? reason, TimeSpan retryAfter) =>
        Create(StatusCodes.Status503ServiceUnavailable, "The data folder cannot be written.",
                $"The workflow journal cannot be written ({reason ?? "write failed"}); nothing was started. Retry later.")
            .WithHeader("Retry-After", RetryAfterSeconds(retryAfter));

    /// <summary>Whole seconds, at least 1 (a zero would invite an immediate retry storm).</summary>
    public static string RetryAfterSeconds(TimeSpan delay) =>
        Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ApiResult NotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "Generation not found.", $"There is no generation '{id}'.");
}
