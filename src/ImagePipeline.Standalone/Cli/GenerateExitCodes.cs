namespace ImagePipeline.Standalone.Cli;

/// <summary>How <c>generate</c> ends, so a script can tell the outcomes apart without reading the output.</summary>
public static class GenerateExitCodes
{
    /// <summary>The generation completed (or, with <c>--no-wait</c>, was accepted).</summary>
    public const int Completed = 0;

    /// <summary>The generation failed, or the command could not run it (e.g. no server answers <c>--server</c>).</summary>
    public const int Failed = 1;

    /// <summary>The command line or the request is invalid; nothing was started.</summary>
    public const int Usage = 2;

    /// <summary>The generation was canceled: Ctrl+C (or SIGTERM) while waiting, or a cancel through the API.</summary>
    public const int Canceled = 3;
}
