namespace ImagePipeline.Standalone.Tests;

/// <summary>How a host process that stopped by itself ended: its exit code, standard output and standard error.</summary>
public sealed record ExitedProcess(int ExitCode, string Output, string Error);
