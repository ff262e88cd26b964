using System.Text.Json.Nodes;

namespace ImagePipeline.Testing.Simulators.Luma;

/// <summary>A generation the Luma simulator holds. Its state follows from the time since submit (see
/// <see cref="LumaSimulator"/>), so polling and callbacks agree.</summary>
internal sealed class LumaSimulatedGeneration(string id, bool dreamMachine, string model, string type, DateTimeOffset submittedAt,
    TimeSpan duration, Uri outputUrl, JsonNode request, Uri? callbackUrl)
{
    volatile bool _canceled;

    public string Id { get; } = id;
    public bool IsDreamMachine { get; } = dreamMachine;
    public string Model { get; } = model;
    /// <summary>Agents <c>type</c> (image / image_edit); "image" for Dream Machine.</summary>
    public string Type { get; } = type;
    public DateTimeOffset SubmittedAt { get; } = submittedAt;
    public TimeSpan Duration { get; } = duration;
    public Uri OutputUrl { get; } = outputUrl;
    public JsonNode Request { get; } = request;
    public Uri? CallbackUrl { get; } = callbackUrl;

    public bool Canceled
    {
        get => _canceled;
        set => _canceled = value;
    }
}
