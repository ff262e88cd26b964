namespace ImagePipeline.Routing;

/// <summary>The <c>Routing</c> settings.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>Tie-break for <c>"auto"</c> after validity, health and price (e.g. <c>Routing__Preference__0=runware</c>);
    /// providers not named follow in the pipeline's own order.</summary>
    public IList<string> Preference { get; } = [];
}
