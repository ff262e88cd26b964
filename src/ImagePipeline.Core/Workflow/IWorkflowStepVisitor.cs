namespace ImagePipeline.Workflow;

/// <summary>Receives a step definition with its input and result types, e.g. to register it as a typed activity.</summary>
public interface IWorkflowStepVisitor<TSteps>
{
    void Visit<TInput, TResult>(WorkflowStep<TSteps, TInput, TResult> step);
}
