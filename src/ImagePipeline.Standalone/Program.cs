using ImagePipeline.Standalone;

// `generate` runs one generation from the command line; anything else serves the HTTP API.
if (args.Length > 0 && args[0] == GenerateCommand.Name)
    return await GenerateCommand.RunAsync(args[1..]);

var app = StandaloneHost.Build(args);
await app.RunAsync();
return 0;
