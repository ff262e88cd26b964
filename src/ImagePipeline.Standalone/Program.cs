using ImagePipeline.Configuration;
using ImagePipeline.Pipeline;
using ImagePipeline.Standalone;
using ImagePipeline.Standalone.Cli;
using ImagePipeline.Standalone.Hosting;
using Microsoft.Extensions.Options;

try
{
    // `generate` runs one generation from the command line; anything else serves the HTTP API.
    if (args.Length > 0 && args[0] == GenerateCommand.Name)
        return await GenerateCommand.RunAsync(args[1..]);

    var app = StandaloneHost.Build(args);
    PortProbe.EnsureFree(ListeningAddresses.Read(app.Configuration));
    await app.RunAsync();
    return 0;
}
// Each of these is an operator's fix, not a crash: one line that names it, and an exit code that tells them apart.
catch (DataFolderUnavailableException ex)
{
    // A full, read-only or uncreatable data folder.
    Console.Error.WriteLine($"imagepipeline: {ex.Message}");
    return StandaloneHost.DataFolderUnavailableExitCode;
}
catch (InvalidSettingsException ex)
{
    Console.Error.WriteLine($"imagepipeline: {ex.Message}");
    return StandaloneHost.InvalidSettingsExitCode;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures) Console.Error.WriteLine($"imagepipeline: invalid setting: {failure}");
    return StandaloneHost.InvalidSettingsExitCode;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(inner => inner is OptionsValidationException))
{
    foreach (var failure in ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures))
        Console.Error.WriteLine($"imagepipeline: invalid setting: {failure}");
    return StandaloneHost.InvalidSettingsExitCode;
}
catch (PortInUseException ex)
{
    Console.Error.WriteLine($"imagepipeline: {ex.Message}");
    return StandaloneHost.PortInUseExitCode;
}
