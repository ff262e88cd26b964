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

    public static ApiResult NotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "Generation not found.", $"There is no generation '{id}'.");
}
