using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ImagePipeline.Api;
using ImagePipeline.Conformance.Tests.Engines;
using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Providers;
using ImagePipeline.Security;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.GmiCloud;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Scenario;
using ImagePipeline.Testing.Simulators.Segmind;
using ImagePipeline.Testing.Webhooks;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Conformance.Tests.Scenarios;

/// <summary>
/// The workflow's behaviour, written once and run on every durable engine (one derived class per engine): real step
/// bodies, real provider clients against the simulators, outputs in Azurite, real time with plans of seconds. Assertions
/// are what a user sees: the final status and error code, the archived bytes and their SHA-256, and the submits and
/// status calls each provider received.
/// </summary>
public abstract class WorkflowConformance(DurableEngineKind engine)
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    // Scenarios that keep the workflow's own actions (no context decorator adding timers) are recorded on every engine
    // for the replay tests when RECORD_HISTORIES=1.
    Task<ConformanceHost> StartHostAsync(ConformanceOptions options, [CallerMemberName] string scenario = "") =>
        ConformanceHost.StartAsync(engine, options.DecorateContext is null && HistoryRecorder.IsEnabled
            ? options with { RecordHistoryAs = scenario }
            : options);

    static async Task<T> StartedAsync<T>(T simulator) where T : ProviderSimulator
    {
        await simulator.StartAsync();
        return simulator;
    }

    /// <summary>Completed with one output per image, each archived in Azurite exactly as reported; returns the bytes.</summary>
    static async Task<IReadOnlyList<byte[]>> AssertCompletedAsync(GenerationStatusDocument done, int outputs = 1)
    {
        Assert.True(done.Status == GenerationStatus.Completed, $"Expected Completed, was {done.Status} ({done.Error?.Code}: {done.Error?.Message})");
        Assert.Null(done.Error);
        Assert.Equal(outputs, done.Outputs.Count);
        var archived = new List<byte[]>();
        foreach (var output in done.Outputs)
        {
            var bytes = await ConformanceHost.ReadArchivedAsync(output);
            Assert.Equal("image/png", output.ContentType);
            Assert.Equal(0x89, bytes[0]); // PNG signature
            archived.Add(bytes);
        }
        Assert.Equal(outputs, done.Outputs.Select(o => o.Sha256).Distinct().Count());
        return archived;
    }

    static void AssertFailed(GenerationStatusDocument done, string errorCode)
    {
        Assert.True(done.Status == GenerationStatus.Failed, $"Expected Failed ({errorCode}), was {done.Status} ({done.Error?.Code}: {done.Error?.Message})");
        Assert.Equal(errorCode, done.Error?.Code);
        Assert.Empty(done.Outputs);
    }

    // ---- Polling happy path, one per provider: the job is done before the first look, so one status call. ----

    [Fact]
    public async Task Segmind_polling_completes_with_one_status_call()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = TimeSpan.FromMilliseconds(400);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Segmind(segmind, TimeSpan.FromMilliseconds(900), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk" }));

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(segmind.GetOutputBytes(done.ProviderJobId!), archived[0]);
        Assert.Equal(1, segmind.SubmitCount);
        Assert.Equal(2, segmind.StatusCount); // one check of a finished job: its status, then its result
    }

    [Fact]
    public async Task Scenario_polling_completes_with_one_status_call()
    {
        await using var scenario = await StartedAsync(new ScenarioSimulator());
        scenario.Behavior.JobDuration = TimeSpan.FromMilliseconds(400);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Scenario(scenario, TimeSpan.FromMilliseconds(900), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk" }));

        await AssertCompletedAsync(done);
        Assert.Equal(1, scenario.SubmitCount);
        Assert.Equal(1, scenario.StatusCount);
    }

    [Fact]
    public async Task Runware_polling_completes_with_one_status_call()
    {
        await using var runware = await StartedAsync(new RunwareSimulator());
        runware.Behavior.JobDuration = TimeSpan.FromMilliseconds(400);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Runware(runware, TimeSpan.FromMilliseconds(900), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk", aspectRatio = "1:1" }));

        await AssertCompletedAsync(done);
        Assert.Equal(1, runware.SubmitCount);
        Assert.Equal(1, runware.StatusCount);
    }

    [Fact]
    public async Task GmiCloud_polling_completes_with_one_status_call()
    {
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        gmi.Behavior.JobDuration = TimeSpan.FromMilliseconds(400);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.GmiCloud(gmi, TimeSpan.FromMilliseconds(900), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk" }));

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(gmi.GetOutputBytes(done.ProviderJobId!), archived[0]);
        Assert.Equal(1, gmi.SubmitCount);
        Assert.Equal(1, gmi.StatusCount);
    }

    [Fact]
    public async Task Luma_polling_completes_with_one_status_call()
    {
        await using var luma = await StartedAsync(new LumaSimulator());
        luma.Behavior.JobDuration = TimeSpan.FromMilliseconds(400);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Luma(luma, TimeSpan.FromMilliseconds(900), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk" }));

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(luma.GetOutput(done.ProviderJobId!), archived[0]);
        Assert.Equal(1, luma.SubmitCount);
        Assert.Equal(1, luma.StatusCount);
    }

    [Fact]
    public async Task Mock_polling_completes()
    {
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Mock(TimeSpan.FromMilliseconds(400), Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk", provider = "mock" }));

        await AssertCompletedAsync(done);
        Assert.Equal((64, 48), (done.Outputs[0].Width, done.Outputs[0].Height));
    }

    /// <summary>started/progress/completed caller webhooks ride the existing steps; the progress throttle's mark travels
    /// from check to check through the engine's own history (an hour's interval over six changed readings: one event).</summary>
    [Fact]
    public async Task Caller_webhook_events_arrive_in_order_and_progress_is_throttled_across_checks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = ProviderSettings.Mock(TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(200));
        settings["Pipeline:Polling:mock:FirstPollAfter"] = ProviderSettings.Format(TimeSpan.FromMilliseconds(200));
        settings["Pipeline:ProgressWebhookInterval"] = ProviderSettings.Format(TimeSpan.FromHours(1));
        await using var host = await StartHostAsync(new() { Settings = settings });

        var done = await host.WaitForEndAsync(await host.StartAsync(new
        {
            prompt = "a lighthouse at dusk", provider = "mock", callbackUrl = receiver.Url.ToString(), webhookEvents = new[] { "started", "progress", "completed" },
        }));

        await AssertCompletedAsync(done);
        var signer = new StandardWebhookSigner(CallerWebhookOptions.DevelopmentSecret);
        Assert.All(receiver.Deliveries, d => Assert.True(signer.Verify(d.Header("webhook-id"), d.Header("webhook-timestamp"), d.Header("webhook-signature"),
            d.Body, DateTimeOffset.UtcNow)));
        Assert.Equal(["started", "progress", "completed"],
            receiver.Deliveries.Select(d => JsonNode.Parse(d.BodyText)?["event"]?.GetValue<string>()));
    }

    // ---- Webhooks ----

    [Fact]
    public async Task Webhook_beats_the_timer_and_the_losing_timer_never_fires_later()
    {
        await using var luma = await StartedAsync(new LumaSimulator());
        luma.Behavior.JobDuration = Short;
        var firstPoll = TimeSpan.FromSeconds(2);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Luma(luma, firstPoll, Short), Webhooks = true });

        var id = await host.StartAsync(new { prompt = "a glass of iced coffee", model = "photon-1" });
        var done = await host.WaitForEndAsync(id);
        var finished = await host.Engine.Client.GetAsync(id);

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(luma.GetOutput(done.ProviderJobId!), archived[0]);
        // Timed from the submit, not the start: on a loaded machine the start alone can take longer than the first poll.
        var submittedAt = luma.Requests.Single(r => r.Method == "POST").ReceivedAt;
        var read = Assert.Single(luma.Requests, r => r.Method == "GET" && r.Path.Contains("/generations/", StringComparison.Ordinal));
        Assert.True(read.ReceivedAt - submittedAt < firstPoll, $"the webhook, not the timer, ended the wait (read {read.ReceivedAt - submittedAt} after the submit)");

        // Past the moment the first poll was due: only the read that confirmed the webhook, and the finished instance did not move.
        var pollDue = submittedAt + firstPoll + TimeSpan.FromMilliseconds(700) - DateTimeOffset.UtcNow;
        if (pollDue > TimeSpan.Zero) await Task.Delay(pollDue);
        Assert.Equal(1, luma.StatusCount);
        var later = await host.Engine.Client.GetAsync(id);
        Assert.Equal(finished!.LastUpdatedAt, later!.LastUpdatedAt);
        Assert.Equal(finished.SerializedOutput, later.SerializedOutput);
        Assert.Equal(1, luma.SubmitCount);
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_webhooks_archive_each_result_once()
    {
        await using var runware = await StartedAsync(new RunwareSimulator());
        runware.Behavior.JobDuration = TimeSpan.FromMilliseconds(100);
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Runware(runware, ProviderSettings.WebhookOnly, Short),
            Webhooks = true,
        });
        host.Callbacks.Hold = true;

        var id = await host.StartAsync(new { prompt = "two foxes", aspectRatio = "1:1", numberOfImages = 2 });
        await ConformanceHost.UntilAsync(() => Task.FromResult(host.Callbacks.Held.Count == 2), "Runware posted both results");
        var (first, second) = (host.Callbacks.Held[0], host.Callbacks.Held[1]);
        var taskUuid = JsonNode.Parse(first.Body)!["data"]![0]!["taskUUID"]!.GetValue<string>();
        var stale = first with
        {
            Body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject { ["taskType"] = "imageInference", ["taskUUID"] = taskUuid, ["status"] = "processing" }),
            }.ToJsonString()),
        };

        // The second result first, twice; then a stale "processing" that was overtaken; then the first result.
        foreach (var callback in new[] { second, second, stale, first })
            Assert.Equal(StatusCodes.Status200OK, (await host.Callbacks.DeliverAsync(callback)).StatusCode);
        var done = await host.WaitForEndAsync(id);
        // A late duplicate of a finished generation is acknowledged and changes nothing.
        Assert.Equal(StatusCodes.Status200OK, (await host.Callbacks.DeliverAsync(first)).StatusCode);

        await AssertCompletedAsync(done, outputs: 2);
        Assert.Equal(done.Outputs, (await host.GetAsync(id)).Outputs);
        Assert.Equal(1, runware.SubmitCount);
        Assert.Equal(1, runware.StatusCount); // one read confirms the last result's webhook
    }

    [Fact]
    public async Task Runware_multi_output_completes_from_one_webhook_per_result()
    {
        await using var runware = await StartedAsync(new RunwareSimulator());
        runware.Behavior.JobDuration = Short;
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Runware(runware, ProviderSettings.WebhookOnly, Short),
            Webhooks = true,
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "three foxes", aspectRatio = "1:1", numberOfImages = 3 }));

        await AssertCompletedAsync(done, outputs: 3);
        Assert.Equal(1, runware.SubmitCount);
        Assert.Equal(1, runware.StatusCount); // one read confirms the last result's webhook
    }

    // ---- Callbacks are hints bound to the submitted job: the provider's status API has the last word ----

    [Fact]
    public async Task Forged_callbacks_naming_the_job_only_wake_the_workflow_and_the_status_api_decides()
    {
        await using var luma = await StartedAsync(new LumaSimulator());
        luma.Behavior.JobDuration = TimeSpan.FromSeconds(4);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Luma(luma, ProviderSettings.WebhookOnly, Short), Webhooks = true });
        var id = await host.StartAsync(new { prompt = "a glass of iced coffee", model = "photon-1" });
        await UntilAsync(async () => (await host.GetAsync(id)).ProviderJobId is not null, "the submit is recorded");
        var job = (await host.GetAsync(id)).ProviderJobId!;

        // A forged failure, then a forged completion with someone else's image: each costs one confirming read, no more.
        var forgedFailure = DreamMachineCallback(job, "failed", failureReason: "Your prompt was flagged by content moderation.");
        Assert.Equal(StatusCodes.Status200OK, (await DeliverAsync(host, id, forgedFailure)).StatusCode);
        await UntilReadOrEndedAsync(host, id, luma, reads: 1);
        Assert.False((await host.GetAsync(id)).Status.IsTerminal(), "a forged failure ended the generation");

        var forgedImage = DreamMachineCallback(job, "completed", imageUrl: "http://127.0.0.1:9/forged.png");
        Assert.Equal(StatusCodes.Status200OK, (await DeliverAsync(host, id, forgedImage)).StatusCode);
        await UntilReadOrEndedAsync(host, id, luma, reads: 2);
        Assert.False((await host.GetAsync(id)).Status.IsTerminal(), "a forged output URL ended the generation");

        // Naming another job is refused outright once the job is recorded.
        var otherJob = DreamMachineCallback(Guid.NewGuid().ToString("D"), "completed", imageUrl: "http://127.0.0.1:9/forged.png");
        Assert.Equal(StatusCodes.Status409Conflict, (await DeliverAsync(host, id, otherJob)).StatusCode);

        var done = await host.WaitForEndAsync(id);
        var archived = await AssertCompletedAsync(done);
        Assert.Equal(luma.GetOutput(job), archived[0]);
        Assert.Equal(3, luma.StatusCount); // two forged hints and the genuine "completed", one read each; no polls
    }

    [Fact]
    public async Task A_callback_before_the_job_is_recorded_is_a_hint_that_counts_only_for_that_job()
    {
        await using var luma = await StartedAsync(new LumaSimulator());
        luma.Behavior.JobDuration = Short;
        luma.Behavior.ResponseLatency = TimeSpan.FromSeconds(1);
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Luma(luma, ProviderSettings.WebhookOnly, Short), Webhooks = true });

        var id = await host.StartAsync(new { prompt = "a glass of iced coffee", model = "photon-1" });
        await UntilAsync(() => Task.FromResult(luma.RequestsInFlight == 1), "the submit is at the provider");
        luma.Behavior.ResponseLatency = TimeSpan.Zero; // the submit in flight keeps its delay; later reads answer at once
        // No job id recorded yet, so the route cannot tell: it takes the callback as a hint for the workflow to judge.
        var otherJob = DreamMachineCallback(Guid.NewGuid().ToString("D"), "completed", imageUrl: "http://127.0.0.1:9/forged.png");
        Assert.Equal(StatusCodes.Status200OK, (await DeliverAsync(host, id, otherJob)).StatusCode);

        var done = await host.WaitForEndAsync(id);

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(luma.GetOutput(done.ProviderJobId!), archived[0]);
        Assert.Equal(1, luma.StatusCount); // the other job's callback was dropped unread; only the genuine one was confirmed
    }

    // ---- Cancel, deadline ----

    [Fact]
    public async Task Cancel_while_waiting_cancels_the_luma_photon_job()
    {
        await using var luma = await StartedAsync(new LumaSimulator());
        luma.Behavior.JobDuration = TimeSpan.FromHours(1);
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Luma(luma, ProviderSettings.WebhookOnly, Short),
            Webhooks = true,
        });

        var id = await host.StartAsync(new { prompt = "a slow painting", model = "photon-1" });
        await host.UntilStatusAsync(id, GenerationStatus.Submitted, GenerationStatus.Running);
        await host.CancelAsync(id);
        var done = await host.WaitForEndAsync(id);

        Assert.Equal(GenerationStatus.Canceled, done.Status);
        Assert.Equal(ProviderErrorCodes.Canceled, done.Error?.Code);
        Assert.Empty(done.Outputs);
        Assert.True(luma.IsCanceled(done.ProviderJobId!), "the provider job was canceled too");
        Assert.Equal(1, luma.SubmitCount);
    }

    [Fact]
    public async Task Deadline_ends_with_provider_timeout()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = TimeSpan.FromHours(1);
        var settings = ProviderSettings.Segmind(segmind, Short, Short);
        settings["Pipeline:JobTimeout"] = ProviderSettings.Format(TimeSpan.FromSeconds(2));
        await using var host = await StartHostAsync(new() { Settings = settings });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a never-ending render" }));

        AssertFailed(done, ProviderErrorCodes.ProviderTimeout);
        Assert.Equal(1, segmind.SubmitCount);
        // At most 7 planned looks (every 300 ms, the last at the 2 s deadline itself); a read the client's transport
        // retried once is tolerated, a flood is not.
        Assert.InRange(segmind.StatusCount, 1, 8);
    }

    // ---- Step failures ----

    [Fact]
    public async Task Transient_archive_failure_is_retried_by_the_engine()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = Short;
        FlakyOutputStore? store = null;
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Segmind(segmind, TimeSpan.FromMilliseconds(500), Short),
            WrapOutputStore = inner => store = new FlakyOutputStore(inner) { FailFirst = 1 },
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(segmind.GetOutputBytes(done.ProviderJobId!), archived[0]);
        Assert.Equal(2, store!.SaveAttempts);
        Assert.Equal(1, segmind.SubmitCount);
    }

    [Fact]
    public async Task Archive_failure_after_the_retries_ends_with_archive_failed()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = Short;
        FlakyOutputStore? store = null;
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Segmind(segmind, TimeSpan.FromMilliseconds(500), Short),
            WrapOutputStore = inner => store = new FlakyOutputStore(inner) { FailFirst = int.MaxValue },
            DecorateContext = context => new FastRetriesContext(context, factor: 10),
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        AssertFailed(done, ProviderErrorCodes.ArchiveFailed);
        Assert.Equal(GenerationWorkflow.ArchiveRetry.MaxNumberOfAttempts, store!.SaveAttempts);
        Assert.Equal(1, segmind.SubmitCount);
    }

    [Fact]
    public async Task An_archive_step_failing_with_a_provider_fault_ends_with_that_faults_code()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = Short;
        segmind.Behavior.ServerErrorNextDownloads = int.MaxValue;
        var settings = ProviderSettings.Segmind(segmind, TimeSpan.FromMilliseconds(500), Short);
        // The client's own retry (its minimum is one) stays short, so the engine's step retries are what take the time.
        settings["Resilience:MaxRetryAttempts"] = "1";
        settings["Resilience:BaseDelay"] = "00:00:00.050";
        await using var host = await StartHostAsync(new()
        {
            Settings = settings,
            DecorateContext = context => new FastRetriesContext(context, factor: 10),
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        // The step's error code crossed the engine's failure record (on Durable as a failure-details property).
        AssertFailed(done, ProviderErrorCodes.ProviderUnavailable);
        Assert.DoesNotContain("[" + ProviderErrorCodes.ProviderUnavailable + "]", done.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(GenerationWorkflow.ArchiveRetry.MaxNumberOfAttempts * 2, segmind.DownloadCount);
        Assert.Equal(1, segmind.SubmitCount);
    }

    [Fact]
    public async Task Ambiguous_submit_ends_with_submit_outcome_unknown_and_no_second_submit()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.SubmitFault = SubmitFault.ServerErrorAfterAccept;
        await using var host = await StartHostAsync(new() { Settings = ProviderSettings.Segmind(segmind, Short, Short) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        AssertFailed(done, ProviderErrorCodes.SubmitOutcomeUnknown);
        Assert.Equal(1, await segmind.SettledSubmitCountAsync());
        Assert.Equal(0, segmind.StatusCount);
    }

    /// <summary>Issue 9, part 6: Runware registers a task only when it answers the submit. The client gave up first, so
    /// the lookup right after finds nothing; the workflow must keep looking (durable timers) rather than submit again,
    /// and follow the task once it shows.</summary>
    [Fact]
    public async Task Runware_task_that_shows_only_after_the_submit_timed_out_is_found_by_looking_again_and_never_sent_twice()
    {
        await using var runware = await StartedAsync(new RunwareSimulator { RegisterTasksOnAnswer = true });
        runware.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;
        runware.Behavior.SubmitHang = TimeSpan.FromSeconds(2);
        await using var host = await StartHostAsync(new() { Settings = SubmitLookup(ProviderSettings.Runware(runware, Short, Short), TimeSpan.FromSeconds(30)) });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse at dusk", aspectRatio = "1:1" }));

        await AssertCompletedAsync(done);
        Assert.Equal(1, await runware.SettledSubmitCountAsync());
        Assert.Equal(runware.TaskUuids.Single(), done.ProviderJobId);
    }

    /// <summary>When the task never shows within the grace period, the generation ends submit_outcome_unknown after
    /// several lookups and one submit; the caller's deliberate retry is a new generation that says the first may have run.</summary>
    [Fact]
    public async Task Runware_task_not_found_within_the_grace_ends_submit_outcome_unknown_and_a_retry_is_a_linked_new_generation()
    {
        await using var runware = await StartedAsync(new RunwareSimulator { RegisterTasksOnAnswer = true });
        runware.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;
        runware.Behavior.SubmitHang = TimeSpan.FromSeconds(6);
        await using var host = await StartHostAsync(new() { Settings = SubmitLookup(ProviderSettings.Runware(runware, Short, Short), TimeSpan.FromSeconds(2)) });

        var firstId = await host.StartAsync(new { prompt = "a lighthouse at dusk", aspectRatio = "1:1" });
        var first = await host.WaitForEndAsync(firstId);

        AssertFailed(first, ProviderErrorCodes.SubmitOutcomeUnknown);
        Assert.Contains($"/api/generations/{firstId}/retry", first.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, runware.SubmitCount);
        Assert.InRange(runware.StatusCount, 3, 12); // one lookup in the submit step, then one per 300 ms for 2 s

        runware.Behavior.SubmitFault = SubmitFault.None;
        var retried = await host.Api.RetryAsync(host.Engine.Client, firstId, idempotencyKey: null, CancellationToken.None);
        Assert.Equal(StatusCodes.Status202Accepted, retried.StatusCode);
        var retryId = Assert.IsType<GenerationAccepted>(retried.Body).Id;
        Assert.NotEqual(firstId, retryId);
        var again = await host.Api.RetryAsync(host.Engine.Client, firstId, idempotencyKey: null, CancellationToken.None);
        Assert.Equal(retryId, Assert.IsType<GenerationAccepted>(again.Body).Id); // a repeated call, not a second new generation

        var second = await host.WaitForEndAsync(retryId);
        await AssertCompletedAsync(second);
        Assert.Equal(firstId, second.RetryOf);
        Assert.Contains("may also have run", second.Warning, StringComparison.Ordinal);
        Assert.Equal(2, runware.SubmitCount);
    }

    static Dictionary<string, string?> SubmitLookup(Dictionary<string, string?> settings, TimeSpan grace)
    {
        settings["Resilience:AttemptTimeout"] = ProviderSettings.Format(TimeSpan.FromMilliseconds(500));
        settings["Pipeline:SubmitLookupGrace"] = ProviderSettings.Format(grace);
        settings["Pipeline:SubmitLookupInterval"] = ProviderSettings.Format(Short);
        return settings;
    }

    /// <summary>Issue 9, part 7: a status read refused with 429 Retry-After: 2 (after the client's own retries) is not
    /// followed by another read before those 2 s, although the polling plan's next look was already due.</summary>
    [Fact]
    public async Task Status_read_refused_with_retry_after_is_not_repeated_sooner()
    {
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        gmi.Behavior.RateLimitWait = TimeSpan.FromSeconds(2);
        gmi.Behavior.JobDuration = TimeSpan.FromMilliseconds(500); // queued at submit, done at the first look
        var settings = ProviderSettings.GmiCloud(gmi, TimeSpan.FromSeconds(1), Short);
        settings["Resilience:MaxRetryAttempts"] = "1";
        settings["Resilience:MaxDelay"] = ProviderSettings.Format(TimeSpan.FromMilliseconds(100)); // the client's own retry waits little
        await using var host = await StartHostAsync(new() { Settings = settings });

        var id = await host.StartAsync(new { prompt = "a lighthouse" });
        await ConformanceHost.UntilAsync(() => Task.FromResult(gmi.SubmitCount == 1), "the job is submitted"); // its first look is 1 s later
        gmi.Behavior.RateLimitNextRequests = 2; // the first look and the client's one retry of it
        var done = await host.WaitForEndAsync(id);

        await AssertCompletedAsync(done);
        var reads = gmi.AnsweredRequests.Where(r => r.Method == "GET" && r.Path.Contains("/requests/", StringComparison.Ordinal)).ToList();
        var lastRefused = reads.FindLastIndex(r => r.StatusCode == StatusCodes.Status429TooManyRequests);
        Assert.True(lastRefused == 1, "two refused reads first:\n" + string.Join("\n", reads));
        var wait = reads[lastRefused + 1].ReceivedAt - reads[lastRefused].ReceivedAt;
        Assert.True(wait >= TimeSpan.FromSeconds(1.9), $"next status read {wait.TotalMilliseconds:F0} ms after the 429 with Retry-After: 2");
    }

    // ---- Replay and timers ----

    [Fact]
    public async Task Generation_replayed_many_times_during_a_long_wait_ends_the_same()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        segmind.Behavior.JobDuration = TimeSpan.FromSeconds(3);
        var executions = new ExecutionCounter();
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.Segmind(segmind, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(150)),
            DecorateContext = executions.Observe,
        });

        var id = await host.StartAsync(new { prompt = "a long render" });
        // The replays are of the wait: one during the submit itself would rightly end submit_outcome_unknown (Segmind
        // cannot look a job up, so it is never re-sent), which a loaded machine made happen now and then.
        await ConformanceHost.UntilAsync(async () => (await host.GetAsync(id)).ProviderJobId is not null, "the submit is recorded");
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            await host.Engine.ReplayEverythingAsync();
        }
        var done = await host.WaitForEndAsync(id);

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(segmind.GetOutputBytes(done.ProviderJobId!), archived[0]);
        Assert.True(executions.Replays >= 3, $"replayed {executions.Replays} times");
        Assert.Equal(1, segmind.SubmitCount);
        // About one look per 150 ms over 3 s (a status call cut off by a restart may run again), never a flood.
        Assert.InRange(segmind.StatusCount, 5, 30);
    }

    /// <summary>Part 4 of the issue: Durable Functions on Azure Storage fires a timer due in under ~2 s at once. Every
    /// timer here fires after 100 ms; the workflow must still look only when its plan says (at 1.2 s: running; at
    /// 2.8 s: done), re-arming each early timer past its due time.</summary>
    [Fact]
    public async Task Early_timers_are_rearmed_so_status_calls_follow_the_plan()
    {
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        gmi.Behavior.JobDuration = TimeSpan.FromSeconds(2);
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.GmiCloud(gmi, TimeSpan.FromMilliseconds(1200), TimeSpan.FromMilliseconds(1600)),
            DecorateContext = context => new EarlyTimersContext(context, TimeSpan.FromMilliseconds(100)),
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        var archived = await AssertCompletedAsync(done);
        Assert.Equal(gmi.GetOutputBytes(done.ProviderJobId!), archived[0]);
        Assert.Equal(1, gmi.SubmitCount);
        Assert.Equal(2, gmi.StatusCount);
    }

    /// <summary>The Azure Storage backend rounds a timer's delay down to whole seconds, so re-arming an early timer for
    /// its sub-second rest fires at once again, one orchestration episode after another (about 20 per check on the real
    /// Functions host with 1 s polling). The workflow re-arms past the due time instead: at most two timers per look,
    /// and still never a look before the plan.</summary>
    [Fact]
    public async Task Early_timers_rounded_to_whole_seconds_cost_at_most_two_timers_per_status_call()
    {
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        gmi.Behavior.JobDuration = TimeSpan.FromSeconds(3);
        var timers = new WholeSecondTimersContext.Counter();
        await using var host = await StartHostAsync(new()
        {
            Settings = ProviderSettings.GmiCloud(gmi, TimeSpan.FromMilliseconds(1200), TimeSpan.FromMilliseconds(1600)),
            DecorateContext = context => new WholeSecondTimersContext(context, timers),
        });

        var done = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse" }));

        await AssertCompletedAsync(done);
        Assert.Equal(1, gmi.SubmitCount);
        // Planned looks at 1.2, 2.8 and 4.4 s (the job ends at 3 s); a re-armed look may come up to a second late.
        Assert.InRange(gmi.StatusCount, 2, 3);
        Assert.True(timers.Count <= 2 * gmi.StatusCount, $"{timers.Count} timers for {gmi.StatusCount} status calls");
    }

    static Task UntilAsync(Func<Task<bool>> condition, string what) => ConformanceHost.UntilAsync(condition, what);

    /// <summary>Until the provider has answered <paramref name="reads"/> status reads, or the generation has ended (which
    /// is what an unconfirmed callback would do).</summary>
    static Task UntilReadOrEndedAsync(ConformanceHost host, string id, ProviderSimulator provider, int reads) =>
        UntilAsync(async () => provider.StatusCount >= reads || (await host.GetAsync(id)).Status.IsTerminal(), $"status read {reads} or the end of {id}");

    static Task<ApiResult> DeliverAsync(ConformanceHost host, string id, JsonObject body) =>
        host.Callbacks.DeliverAsync(new HeldCallback("luma", id, host.GetService<CallbackTokenService>().CreateToken(id),
            System.Text.Encoding.UTF8.GetBytes(body.ToJsonString())));

    static JsonObject DreamMachineCallback(string job, string state, string? imageUrl = null, string? failureReason = null) => new()
    {
        ["id"] = job,
        ["generation_type"] = "image",
        ["state"] = state,
        ["failure_reason"] = failureReason,
        ["assets"] = imageUrl is null ? null : new JsonObject { ["image"] = imageUrl },
    };
}
