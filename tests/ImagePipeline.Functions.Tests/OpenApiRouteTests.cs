using System.Reflection;
using System.Text.Json.Nodes;
using ImagePipeline.Api.OpenApi;
using ImagePipeline.Testing.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Functions.Tests;

/// <summary>The Functions app's HTTP triggers are exactly the routes <c>/api/openapi.json</c> documents, and the app
/// serves that document.</summary>
public sealed class OpenApiRouteTests
{
    /// <summary>host.json's <c>extensions.http.routePrefix</c>.</summary>
    const string RoutePrefix = "api";

    /// <summary>Functions routes the document leaves out on purpose: the web page is not part of the API.</summary>
    static readonly string[] UndocumentedPrefixes = ["GET /api/ui"];

    [Fact]
    public void Every_http_trigger_is_documented_and_every_documented_route_has_a_trigger()
    {
        var triggers = HttpTriggerRoutes().Where(r => !UndocumentedPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal))).ToHashSet();
        var documented = DocumentedRoutes.ExpectedMapped();

        Assert.Empty(triggers.Except(documented).Order()); // mapped but not documented
        Assert.Empty(documented.Except(triggers).Order()); // documented but not mapped
        Assert.Empty(DocumentedRoutes.NotYetMapped.Intersect(triggers).Order()); // merged: take it out of NotYetMapped
    }

    [Fact]
    public async Task The_OpenApiDocument_function_answers_the_document_anonymously()
    {
        var method = typeof(OpenApiFunctions).GetMethod(nameof(OpenApiFunctions.Document))!;
        Assert.Equal("OpenApiDocument", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(t => t is not null)!;
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);

        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        var result = new OpenApiFunctions().Document(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        Assert.True(JsonNode.DeepEquals(EmbeddedDocument(), await JsonNode.ParseAsync(context.Response.Body)));
    }

    /// <summary>Every <c>[HttpTrigger]</c> of the Functions assembly as <c>"METHOD /api/route"</c>, one per method it takes.</summary>
    static IEnumerable<string> HttpTriggerRoutes() =>
        from type in typeof(OpenApiFunctions).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        where method.GetCustomAttribute<FunctionAttribute>() is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
        where trigger is not null
        from verb in trigger.Methods ?? []
        select DocumentedRoutes.Format(verb, $"{RoutePrefix}/{trigger.Route ?? method.GetCustomAttribute<FunctionAttribute>()!.Name}");

    static JsonNode EmbeddedDocument()
    {
        using var stream = typeof(OpenApiDescription).Assembly.GetManifestResourceStream(OpenApiDescription.ResourceName)!;
        return JsonNode.Parse(stream)!;
    }
}
