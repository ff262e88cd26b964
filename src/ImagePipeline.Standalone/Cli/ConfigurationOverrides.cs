namespace ImagePipeline.Standalone.Cli;

/// <summary>Configuration keys on the <c>generate</c> command line (<c>--Providers:Runware:ApiKey KEY</c> or
/// <c>--Section:Key=value</c>), taken out before the options are parsed and passed to the in-process host's
/// configuration as the server takes them; everything else is left to the parser, which refuses what it does not know.</summary>
sealed record ConfigurationOverrides(IReadOnlyList<string> CommandArguments, IReadOnlyList<string> HostArguments)
{
    public static ConfigurationOverrides Split(IReadOnlyList<string> args, IReadOnlySet<string> optionNames)
    {
        var command = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!IsConfigurationKey(token, optionNames))
            {
                command.Add(token);
                continue;
            }
            host.Add(token);
            if (!token.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count) host.Add(args[++i]);
        }
        return new ConfigurationOverrides(command, host);
    }

    // Every setting the host reads is inside a section, so a key has a ':'; an option's own "--seed:5" form does not count.
    static bool IsConfigurationKey(string token, IReadOnlySet<string> optionNames)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length < 3 || token[2] == '-') return false;
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !optionNames.Contains(token[..colon]);
    }
}
