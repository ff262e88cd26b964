using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using NSubstitute;

namespace ImagePipeline.Functions.Tests;

/// <summary>
/// A <see cref="TaskOrchestrationContext"/> substitute driven like the Durable runtime drives an orchestrator: a clock
/// that moves when a timer fires, timers and external events that complete or stay pending (and end as canceled when
/// their token is cancelled, as Durable's do), and a record of every activity call.
/// </summary>
sealed class FakeOrchestration
{
    readonly List<ActivityCall> _activities = [];
    readonly List<TimerCall> _timers = [];
    readonly List<object?> _statuses = [];

    public FakeOrchestration(GenerationWorkflowInput input, DateTime? startAt = null)
    {
        Input = input;
        Now = startAt ?? input.CreatedAt.UtcDateTime;
        Context.InstanceId.Returns(input.GenerationId);
        Context.CurrentUtcDateTime.Returns(_ => Now);
        Context.IsReplaying.Returns(false);
        Context.GetInput<GenerationWorkflowInput>().Returns(input);
        Context.When(c => c.SetCustomStatus(Arg.Any<object?>())).Do(call => _statuses.Add(call.ArgAt<object?>(0)));
        TimersFire();
        EventNeverArrives<CancelRequest>(WorkflowEvents.Cancel);
        EventNeverArrives<ProviderCallbackEvent>(WorkflowEvents.ProviderCallback);
    }

    public TaskOrchestrationContext Context { get; } = Substitute.For<TaskOrchestrationContext>();
    public GenerationWorkflowInput Input { get; }
    public DateTime Now { get; set; }
    public IReadOnlyList<ActivityCall> Activities => _activities;
    public IReadOnlyList<TimerCall> Timers => _timers;
    public IReadOnlyList<object?> CustomStatuses => _statuses;
    public IEnumerable<string> ActivityNames => _activities.Select(a => a.Name);

    /// <summary>Every durable timer fires at once, moving the clock to its due time.</summary>
    public void TimersFire() =>
        Context.CreateTimer(Arg.Any<DateTime>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var fireAt = call.ArgAt<DateTime>(0);
            _timers.Add(new TimerCall(fireAt, call.ArgAt<CancellationToken>(1)));
            Now = fireAt;
            return Task.CompletedTask;
        });

    /// <summary>Timers as Durable's Azure Storage backend delivers them: the timer message is hidden for its delay in whole
    /// seconds, rounded down, counted from when the episode that created it ends (<paramref name="episode"/> after its
    /// start time, which is what the orchestrator sees as now).</summary>
    public void TimersFireInWholeSeconds(TimeSpan episode) =>
        Context.CreateTimer(Arg.Any<DateTime>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var fireAt = call.ArgAt<DateTime>(0);
            _timers.Add(new TimerCall(fireAt, call.ArgAt<CancellationToken>(1)));
            var enqueuedAt = Now + episode;
            Now = enqueuedAt + TimeSpan.FromSeconds(Math.Max(0, Math.Floor((fireAt - enqueuedAt).TotalSeconds)));
            return Task.CompletedTask;
        });

    /// <summary>Timers stay pending until cancelled.</summary>
    public void TimersNeverFire() =>
        Context.CreateTimer(Arg.Any<DateTime>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var token = call.ArgAt<CancellationToken>(1);
            _timers.Add(new TimerCall(call.ArgAt<DateTime>(0), token));
            return Pending<object?>(token);
        });

    public void EventArrives<T>(string eventName, T payload) =>
        Context.WaitForExternalEvent<T>(eventName, Arg.Any<CancellationToken>()).Returns(Task.FromResult(payload));

    public void EventNeverArrives<T>(string eventName) =>
        Context.WaitForExternalEvent<T>(eventName, Arg.Any<CancellationToken>()).Returns(call => Pending<T>(call.ArgAt<CancellationToken>(1)));

    /// <summary>Answers an activity with the given results in turn (the last one repeats).</summary>
    public void OnActivity<TResult>(string name, params TResult[] results)
    {
        var answered = 0;
        Context.CallActivityAsync<TResult>(Arg.Is<TaskName>(n => n.Name == name), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call =>
            {
                Record(call.ArgAt<TaskName>(0), call.ArgAt<object?>(1), call.ArgAt<TaskOptions?>(2));
                return Task.FromResult(results[Math.Min(answered++, results.Length - 1)]);
            });
    }

    /// <summary>The activity fails after Durable's retries, as the runtime reports it.</summary>
    public void OnActivityFails<TResult>(string name, Exception activityException) =>
        Context.CallActivityAsync<TResult>(Arg.Is<TaskName>(n => n.Name == name), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call =>
            {
                Record(call.ArgAt<TaskName>(0), call.ArgAt<object?>(1), call.ArgAt<TaskOptions?>(2));
                return Task.FromException<TResult>(new TaskFailedException(name, _activities.Count, activityException));
            });

    public Task<GenerationOutcome> RunAsync() => GenerationOrchestrator.RunAsync(Context);

    void Record(TaskName name, object? input, TaskOptions? options) => _activities.Add(new ActivityCall(name.Name, input, options, Now));

    static Task<T> Pending<T>(CancellationToken token)
    {
        var pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => pending.TrySetCanceled(token));
        return pending.Task;
    }

    public sealed record ActivityCall(string Name, object? Input, TaskOptions? Options, DateTime At);

    public sealed record TimerCall(DateTime FireAt, CancellationToken CancellationToken);
}
