using System.Collections.Concurrent;
using System.Threading.Channels;
using ImagePipeline.Drops;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Inbox;

/// <summary>
/// Watches the inbox folder: a <see cref="FileSystemWatcher"/> for prompt reaction, a scan at start-up for files that
/// arrived while the host was down, and a periodic rescan as a safety net (watchers drop events under load). Each file
/// is processed once it has stopped changing, one at a time, by the core's <see cref="EditDropProcessor"/>.
/// </summary>
public sealed class FolderInboxWatcher(
    FolderEditDropSource source,
    EditDropProcessor processor,
    IWorkflowClient client,
    IOptions<InboxOptions> options,
    TimeProvider timeProvider,
    ILogger<FolderInboxWatcher> logger) : BackgroundService
{
    readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        Directory.CreateDirectory(source.Root);
        using var watcher = new FileSystemWatcher(source.Root)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, e) => Enqueue(e.FullPath);
        watcher.Changed += (_, e) => Enqueue(e.FullPath);
        watcher.Renamed += (_, e) => Enqueue(e.FullPath);
        watcher.Error += (_, e) =>
        {
            logger.LogWarning(e.GetException(), "The inbox watcher lost events; rescanning {InboxDirectory}", source.Root);
            Rescan();
        };
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching inbox folder {InboxDirectory}", source.Root);

        Rescan();
        var rescans = RescanPeriodicallyAsync(stoppingToken);
        try
        {
            await foreach (var path in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                _queued.TryRemove(path, out _);
                await ProcessWhenSettledAsync(path, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await rescans;
    }

    void Rescan()
    {
        foreach (var path in source.ListWaiting()) Enqueue(path);
    }

    void Enqueue(string path)
    {
        if (EditDropNames.IsIgnored(Path.GetFileName(path))) return;
        if (_queued.TryAdd(path, 0)) _queue.Writer.TryWrite(path);
    }

    async Task RescanPeriodicallyAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.RescanInterval, timeProvider);
            while (await timer.WaitForNextTickAsync(stoppingToken)) Rescan();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task ProcessWhenSettledAsync(string path, CancellationToken stoppingToken)
    {
        if (!await WaitUntilSettledAsync(path, stoppingToken)) return;
        if (source.Get(path) is not { } drop) return;
        try
        {
            var outcome = await processor.ProcessAsync(drop, client, stoppingToken);
            logger.LogInformation("Inbox file {DropLocation}: {Disposition} {GenerationId}", drop.Location, outcome.Disposition, outcome.GenerationId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left in the inbox: the next rescan tries again, under the same generation id. Never fatal to the host.
            logger.LogError(ex, "Inbox file {DropLocation} could not be processed; it stays in the inbox", drop.Location);
        }
    }

    /// <summary>True once the file's size and modification time held still for <see cref="InboxOptions.SettleTime"/>
    /// and, on Windows, nobody holds it open for writing (Unix has no such check: the standalone host turns off .NET's
    /// advisory locks, which only ever saw other .NET writers); false when it disappeared.</summary>
    async Task<bool> WaitUntilSettledAsync(string path, CancellationToken stoppingToken)
    {
        var before = Snapshot(path);
        while (before is not null)
        {
            await Task.Delay(options.Value.SettleTime, timeProvider, stoppingToken);
            var after = Snapshot(path);
            if (after is not null && after == before && CanOpenExclusively(path)) return true;
            before = after;
        }
        return false;
    }

    static (long Length, DateTime LastWriteUtc)? Snapshot(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : null;
    }

    static bool CanOpenExclusively(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
