namespace ImagePipeline.Validation;

/// <summary>How a provider can take an input image.</summary>
[Flags]
public enum ImageInputForms
{
    None = 0,
    /// <summary>A URL the provider downloads itself.</summary>
    Url = 1,
    /// <summary>A data URI or raw bytes sent inline (or uploaded by the client first, as for Scenario).</summary>
    Data = 2,
    Any = Url | Data,
}
