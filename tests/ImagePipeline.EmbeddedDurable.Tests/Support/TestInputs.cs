using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests.Support;

/// <summary>Workflow inputs built from JSON, the way the journal carries them.</summary>
internal static class TestInputs
{
    public static GenerationWorkflowInput For(string generationId, string prompt = "a lighthouse at dusk")
    {
        var json = new JsonObject
        {
            ["generationId"] = generationId,
            ["request"] = new JsonObject { ["prompt"] = prompt },
            ["provider"] = "mock",
            ["model"] = "uni-1",
            ["createdAt"] = "2030-01-01T00:00:00+00:00",
            ["jobTimeout"] = "00:10:00",
        };
        return json.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)!;
    }
}
