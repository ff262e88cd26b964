namespace ImagePipeline.Providers.GmiCloud;

/// <summary>The body of <c>POST /requests</c>: the model and its parameters under <c>payload</c>.</summary>
internal sealed record GmiCloudSubmitBody(string Model, GmiCloudPayload Payload);
