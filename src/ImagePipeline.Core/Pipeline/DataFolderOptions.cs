using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Pipeline;

/// <summary>Where a single-machine host keeps its state (journals, submission ledger, inbox, outputs, generated dev
/// secrets): <c>Runtime:DataDirectory</c>, by default <c>./data</c> under the working directory.</summary>
public sealed class DataFolderOptions
{
    public const string SectionName = "Runtime";

    /// <summary>Relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The embedded runtime's journal folder (<c>Runtime:JournalDirectory</c>); unset, <c>runtime</c> in the data folder.</summary>
    public string? JournalDirectory { get; set; }

    public string DataPath => Path.GetFullPath(DataDirectory);

    public string JournalPath => JournalDirectory is { Length: > 0 } journal ? Path.GetFullPath(journal) : Path.Combine(DataPath, "runtime");

    /// <summary>The standalone host probes and fills the data folder before its container exists, so it reads the section
    /// once here, bound the same way as the options (empty values mean unset); everything else reads the options.</summary>
    public static DataFolderOptions Read(IConfiguration configuration) => configuration.ReadSection<DataFolderOptions>(SectionName);
}
