namespace ImagePipeline.Providers.Http;

/// <summary>Whose wording of a content-safety block to recognise (see <see cref="ContentSafetyMessages"/>).</summary>
internal enum ContentSafetyWording
{
    Segmind,
    GmiCloud,
    Scenario,
}
