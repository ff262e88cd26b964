namespace ImagePipeline.Workflow.Steps;

/// <summary>Keys that tell a generation's attempts apart outside the durable history (submission ledger, spend ledger).</summary>
public static class AttemptKeys
{
    public static string For(string generationId, int attempt) => attempt == 0 ? generationId : $"{generationId}-attempt-{attempt + 1}";
}
