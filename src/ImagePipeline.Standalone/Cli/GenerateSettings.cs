using ImagePipeline.Generation;

namespace ImagePipeline.Standalone.Cli;

/// <summary>What one <c>generate</c> command line asks for, once parsed.</summary>
/// <param name="Request">The generation request, as <c>POST /api/generations</c> would take it.</param>
/// <param name="OutputPath">Where to copy the archived image(s) (<c>--output</c>), relative to the working directory.</param>
/// <param name="Json">Print the final status document on stdout and nothing else (<c>--json</c>).</param>
/// <param name="NoWait">Hand the generation to the server at <paramref name="Server"/> and print its id.</param>
/// <param name="Server">The running host <c>--no-wait</c> submits to.</param>
/// <param name="HostArguments">Configuration overrides for the in-process host (<c>--Section:Key value</c>).</param>
sealed record GenerateSettings(
    GenerationRequest Request,
    string? OutputPath,
    bool Json,
    bool NoWait,
    Uri Server,
    IReadOnlyList<string> HostArguments);
