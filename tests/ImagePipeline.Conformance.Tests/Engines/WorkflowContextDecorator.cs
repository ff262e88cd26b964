using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Engines;

/// <summary>Wraps the engine's <see cref="IWorkflowContext"/> before the workflow sees it (test-only behaviour such as
/// early timers); called once per workflow execution, i.e. per replay.</summary>
public delegate IWorkflowContext WorkflowContextDecorator(IWorkflowContext context);
