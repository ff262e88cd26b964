using System.Text.Json.Serialization;
using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

public sealed record SubmitStepInput(string GenerationId, GenerationRequest Request, string Provider, string Model)
{
    /// <summary>0 for the first provider tried, 1 for the first failover, …; left out of histories when 0, so instances
    /// from before failover read the same.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Attempt { get; init; }

    /// <summary>The submission ledger's key for this attempt: the generation id for the first (as before failover), a
    /// suffixed one for each later attempt, so a failover is never mistaken for a repeat of the first submit.</summary>
    [JsonIgnore]
    public string AttemptKey => AttemptKeys.For(GenerationId, Attempt);
}
