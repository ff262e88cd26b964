using System.Globalization;
using Spectre.Console;

namespace ImagePipeline.Standalone.Cli;

/// <summary>Shows the wait on stderr (stdout carries only results): a spinner with the phase and the elapsed time while
/// a person watches a terminal, else one plain line per change of phase, which is what a log file or CI output wants.</summary>
sealed class WaitDisplay
{
    readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    readonly bool _interactive = !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="wait"/>, passing it a callback that shows the current phase and elapsed time.</summary>
    public async Task<T> RunAsync<T>(Func<Action<string, TimeSpan>, Task<T>> wait)
    {
        if (!_interactive)
        {
            string? last = null;
            return await wait((phase, elapsed) =>
            {
                if (phase == last) return;
                last = phase;
                Console.Error.WriteLine($"[{Format(elapsed)}] {phase}");
            });
        }

        return await _console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync("Starting", context => wait((phase, elapsed) => context.Status(Markup.Escape($"{phase}  {Format(elapsed)}"))));
    }

    /// <summary>A message outside the spinner.</summary>
    public static void Note(string line) => Console.Error.WriteLine(line);

    static string Format(TimeSpan elapsed) => elapsed.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
