using ImagePipeline.Pipeline;
using ImagePipeline.Standalone;
using ImagePipeline.Standalone.Cli;

try
{
    // `generate` runs one generation from the command line; anything else serves the HTTP API.
    if (args.Length > 0 && args[0] == GenerateCommand.Name)
        return await GenerateCommand.RunAsync(args[1..]);

    var app = StandaloneHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (DataFolderUnavailableException ex)
{
    // A full, read-only or uncreatable data folder is an operator's fix, not a crash: one line that names it.
    Console.Error.WriteLine($"imagepipeline: {ex.Message}");
    return StandaloneHost.DataFolderUnavailableExitCode;
}
