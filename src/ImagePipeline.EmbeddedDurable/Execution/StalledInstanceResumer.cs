using System.Collections.Concurrent;
using System.Threading.Channels;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// Brings back instances parked after a failed journal write (a full or read-only disk) without a restart: one loop
/// probes the journal folder with a real write, backing off from 1 s to 30 s while that fails, and once it succeeds
/// resumes every parked instance from its journal exactly as a start-up does (completed steps are not re-run, the
/// step cut off is, and the submission ledger keeps a submit from being sent twice).
/// </summary>
internal sealed class StalledInstanceResumer
{
    static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    const int MaxDoublings = 5; // 1 s << 5 is past the 30 s cap

    readonly ConcurrentDictionary<string, StalledInstance> _stalled = new(StringComparer.Ordinal);
    readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    readonly InstanceStore _store;
    readonly JournalHealth _health;
    readonly Func<StalledInstance, bool> _resume;
    readonly TimeProvider _timeProvider;
    readonly ILogger _logger;
    readonly ResiliencePipeline _pipeline;
    Task _loop = Task.CompletedTask;
    DateTimeOffset _lastResumedAt = DateTimeOffset.MinValue;
    int _quickRestalls;

    /// <param name="resume">Reloads the instance from its journal and runs it again (false: nothing left to run).</param>
    public StalledInstanceResumer(InstanceStore store, JournalHealth health, Func<StalledInstance, bool> resume, TimeProvider timeProvider, ILogger logger)
    {
        _store = store;
        _health = health;
        _resume = resume;
        _timeProvider = timeProvider;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null and not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    _health.RecordNextProbe(args.RetryDelay);
                    _logger.LogDebug("Workflow journal still not writable; next try in {RetryDelay}", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public int Count => _stalled.Count;

    /// <summary>Parks <paramref name="runner"/> (it has stopped) until the journal takes writes again.</summary>
    public void Park(InstanceRunner runner, Exception failure)
    {
        _health.RecordFailure(failure);
        _stalled[runner.InstanceId] = new StalledInstance(runner, _timeProvider.GetUtcNow(), LocalStorageFaults.Describe(failure));
        Signal();
    }

    /// <summary>A write failed somewhere: start probing (a no-op while a round is already under way).</summary>
    public void Signal() => _signal.Writer.TryWrite(true);

    public void Start(CancellationToken stopping) => _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);

    public Task StopAsync()
    {
        _signal.Writer.TryComplete();
        return _loop;
    }

    async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                _signal.Reader.TryRead(out _);
                var pause = PauseBeforeRound();
                _health.RecordNextProbe(pause);
                await Task.Delay(pause, _timeProvider, stopping).ConfigureAwait(false);
                await _pipeline.ExecuteAsync(_ => { Attempt(); return ValueTask.CompletedTask; }, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: parked instances resume from their journals on the next start.
        }
    }

    /// <summary>A resumed instance that stalls again signals at once. When that keeps happening soon after each resume
    /// (the full disk is not the journal's, say the outputs folder, so the probe passes), each round waits twice as
    /// long, up to the cap, instead of replaying the instances every second.</summary>
    TimeSpan PauseBeforeRound()
    {
        var sinceResume = _timeProvider.GetUtcNow() - _lastResumedAt;
        _quickRestalls = sinceResume < MaxDelay ? Math.Min(_quickRestalls + 1, MaxDoublings) : 0;
        return TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << _quickRestalls));
    }

    void Attempt()
    {
        if (_stalled.IsEmpty && _health.Writable)
        {
            return;
        }

        try
        {
            _store.ProbeWritable();
        }
        catch (Exception ex)
        {
            _health.RecordFailure(ex);
            throw;
        }

        _health.RecordWritable();
        var resumed = 0;
        Exception? failure = null;
        foreach (var stalled in _stalled.Values)
        {
            // Removed first: if the resumed instance stalls again it parks itself anew.
            if (!_stalled.TryRemove(KeyValuePair.Create(stalled.Runner.InstanceId, stalled)))
            {
                continue;
            }

            try
            {
                if (_resume(stalled))
                {
                    resumed++;
                    _logger.LogInformation("Workflow {InstanceId} resumed from its journal after stalling at {StalledSince} ({Reason})",
                        stalled.Runner.InstanceId, stalled.Since, stalled.LastError);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _stalled.TryAdd(stalled.Runner.InstanceId, stalled with { LastError = LocalStorageFaults.Describe(ex) });
                failure ??= ex;
            }
        }

        if (resumed > 0)
        {
            _lastResumedAt = _timeProvider.GetUtcNow();
            _logger.LogWarning("The workflow journal is writable again; {ResumedCount} stalled workflows resumed", resumed);
        }

        if (failure is not null)
        {
            _health.RecordFailure(failure);
            throw failure;
        }
    }
}
