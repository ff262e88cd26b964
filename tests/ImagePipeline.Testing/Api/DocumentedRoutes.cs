using System.Text.Json;
using System.Text.RegularExpressions;
using ImagePipeline.Api.OpenApi;

namespace ImagePipeline.Testing.Api;

/// <summary>The routes <c>/api/openapi.json</c> documents, as <c>"METHOD /path/{param}"</c>, for the tests that hold
/// each host's mapped routes to the document.</summary>
public static partial class DocumentedRoutes
{
    /// <summary>Routes of issue 12's shared contract that other branches are adding: documented, not mapped on this
    /// branch yet. Empty this set when they are merged; the route tests then hold both hosts to them.</summary>
    public static IReadOnlySet<string> NotYetMapped { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
    };

    static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>Every operation the document describes.</summary>
    public static IReadOnlySet<string> All()
    {
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in OpenApiDescription.Json.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => OperationKeys.Contains(o.Name, StringComparer.Ordinal)))
                routes.Add(Format(operation.Name, path.Name));
        }
        return routes;
    }

    /// <summary>What a host must map: every documented operation but <see cref="NotYetMapped"/>.</summary>
    public static IReadOnlySet<string> ExpectedMapped() => All().Except(NotYetMapped, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);

    /// <summary><c>"GET /api/generations/{id}"</c>: the method upper-case, a leading slash, route constraints and
    /// defaults dropped (<c>{index:int}</c> is <c>{index}</c> in the document).</summary>
    public static string Format(string method, string route) =>
        $"{method.ToUpperInvariant()} /{ParameterDecoration().Replace(route.Trim('/'), "{$1}")}";

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex ParameterDecoration();
}
