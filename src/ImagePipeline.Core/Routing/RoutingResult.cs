using ImagePipeline.Validation;

namespace ImagePipeline.Routing;

/// <summary>The router's answer: the decision, or why no configured provider can take the request.</summary>
public sealed record RoutingResult(RoutingDecision? Decision, ValidationResult Validation);
