using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImagePipeline.Api;

/// <summary>Any answer of the pipeline API: the standalone host returns it as an <see cref="IResult"/>, the Functions host
/// as an <see cref="IActionResult"/>, for routes whose answer is either JSON (<see cref="ApiResult"/>) or bytes.</summary>
public interface IApiAnswer : IResult, IActionResult;
