using ImagePipeline.Generation;
using ImagePipeline.Storage;

namespace ImagePipeline.Standalone.Cli;

/// <summary>Copies archived outputs to <c>--output</c>. A file path takes one output as named and several as
/// <c>name-1.png</c>, <c>name-2.png</c>…; a directory (existing, or written with a trailing separator) receives
/// <c>{id}.{ext}</c> or <c>{id}-1.{ext}</c>…. Relative paths are relative to where the command was run.</summary>
static class OutputFiles
{
    public static async Task<IReadOnlyList<string>> CopyAsync(IOutputStore store, GenerationStatusDocument status, string outputPath,
        CancellationToken cancellationToken)
    {
        var written = new List<string>();
        for (var i = 0; i < status.Outputs.Count; i++)
        {
            var output = status.Outputs[i];
            var name = StoreNameOf(output.Uri);
            var destination = DestinationOf(outputPath, status.Id, i, status.Outputs.Count, Path.GetExtension(name));
            await using var source = await store.OpenReadAsync(name, cancellationToken)
                ?? throw new FileNotFoundException($"The archived output {output.Uri} is not in the output store.");
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await using var target = new FileStream(destination, FileMode.Create, FileAccess.Write);
            await source.CopyToAsync(target, cancellationToken);
            written.Add(destination);
        }
        return written;
    }

    public static string DestinationOf(string outputPath, string generationId, int index, int count, string extension)
    {
        var full = Path.GetFullPath(outputPath); // against the working directory: where the command was run
        var numbered = count > 1 ? $"-{index + 1}" : "";
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(outputPath))
            return Path.Combine(full, $"{generationId}{numbered}{extension}");
        if (numbered.Length == 0) return full;
        return Path.Combine(Path.GetDirectoryName(full)!, $"{Path.GetFileNameWithoutExtension(full)}{numbered}{Path.GetExtension(full)}");
    }

    // Stores name outputs {yyyy}/{MM}/{dd}/{generationId}/{index}.{ext} (OutputNames) and put that name at the end of the
    // URI, file:// or blob alike, so the last five segments are the name the store opens.
    static string StoreNameOf(string uri)
    {
        var segments = new Uri(uri).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', segments[^5..].Select(Uri.UnescapeDataString));
    }
}
