using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Serialization;
using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests;

/// <summary>What the journal costs the file system: one write per turn, through a descriptor kept open while the
/// instance lives (seen the way an operator would, in /proc/self/fd), and lines without derived fields.</summary>
public sealed class JournalFileOperationsTests : IAsyncLifetime
{
    static readonly string[] DerivedFlags = ["isAction", "isInbound", "isTerminal"];

    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    static async Task<object?> StepThenWaitForGo(IWorkflowContext context, GenerationWorkflowInput input)
    {
        var submitted = await context.CallStepAsync<string>("submit", input.Request.Prompt);
        context.SetCustomStatus("submitted");
        return submitted + ":" + await context.WaitForEventAsync<string>("go", CancellationToken.None);
    }

    static ScriptedSteps Submit() => new ScriptedSteps().On("submit", input => "job-" + input.GetString());

    [Fact]
    public async Task A_live_instance_keeps_its_journal_open_between_appends_and_closes_it_when_it_finishes()
    {
        var runtime = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "heron"));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"submitted\"");
        var journal = _harness.SingleJournalPath();

        Assert.Equal(1, OpenDescriptorsTo(journal));

        await runtime.RaiseEventAsync("gen-1", "go", "x");
        Assert.Equal("\"job-heron:x\"", (await RuntimeHarness.CompletionAsync(runtime, "gen-1")).SerializedOutput);
        Assert.Equal(0, OpenDescriptorsTo(journal));
        Assert.Equal(0, runtime.OpenJournalCount);
    }

    [Fact]
    public async Task Each_turn_reaches_the_journal_in_one_write()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job").On("archive", _ => "stored");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            var job = await context.CallStepAsync<string>("submit", null);
            context.SetCustomStatus("submitted");
            return job + ":" + await context.CallStepAsync<string>("archive", job);
        };
        var runtime = await _harness.StartRuntimeAsync(workflow, steps);
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));

        Assert.Equal("\"job:stored\"", (await RuntimeHarness.CompletionAsync(runtime, "gen-1")).SerializedOutput);
        // Three turns: the start (creation record, schedules submit), submit's result (status, schedules archive),
        // archive's result (the output). Each turn's outcome and the workflow's response share one write.
        Assert.Equal(3, runtime.JournalWrites);
    }

    [Fact]
    public async Task Journals_past_MaxOpenJournals_are_closed_and_reopened_by_their_next_append()
    {
        var runtime = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit(), maxOpenJournals: 1);
        string[] ids = ["gen-1", "gen-2", "gen-3"];
        foreach (var id in ids)
        {
            await runtime.TryStartAsync(id, TestInputs.For(id, id));
        }

        foreach (var id in ids)
        {
            await RuntimeHarness.UntilCustomStatusAsync(runtime, id, "\"submitted\"");
        }

        Assert.Equal(1, runtime.OpenJournalCount);
        Assert.Equal(1, Directory.GetFiles(_harness.InstancesDirectory, "*.journal").Sum(OpenDescriptorsTo));

        foreach (var id in ids)
        {
            await runtime.RaiseEventAsync(id, "go", "x");
            Assert.Equal($"\"job-{id}:x\"", (await RuntimeHarness.CompletionAsync(runtime, id)).SerializedOutput);
        }
    }

    [Fact]
    public async Task Journal_lines_carry_no_flags_that_follow_from_their_kind()
    {
        var runtime = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"submitted\"");

        var lines = File.ReadAllLines(_harness.SingleJournalPath());

        Assert.True(lines.Length >= 4, "created, step scheduled, step completed, custom status, event wait");
        Assert.All(lines, line => Assert.DoesNotContain(DerivedFlags, flag => JsonNode.Parse(line)!.AsObject().ContainsKey(flag)));
    }

    [Fact]
    public async Task A_journal_written_with_those_flags_still_resumes()
    {
        var steps = Submit();
        var first = await _harness.StartRuntimeAsync(StepThenWaitForGo, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1", "heron"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"submitted\"");
        await first.DisposeAsync();

        // As earlier versions wrote it: every line with the three flags, true where the kind implies it.
        var path = _harness.SingleJournalPath();
        File.WriteAllLines(path, File.ReadAllLines(path).Select(line =>
        {
            var record = JsonNode.Parse(line)!.AsObject();
            var kind = record["kind"]!.GetValue<string>();
            record["isAction"] = kind is "StepScheduled" or "TimerCreated" or "EventWaitStarted";
            record["isInbound"] = kind is "StepCompleted" or "StepFailed" or "TimerFired" or "EventRaised";
            record["isTerminal"] = kind is "Completed" or "Failed";
            return record.ToJsonString();
        }));

        var second = await _harness.StartRuntimeAsync(StepThenWaitForGo, steps);
        await second.RaiseEventAsync("gen-1", "go", "x");

        Assert.Equal("\"job-heron:x\"", (await RuntimeHarness.CompletionAsync(second, "gen-1")).SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
    }

    [Fact]
    public async Task A_finished_instance_keeps_its_whole_history_in_completed_and_answers_from_it_after_a_restart()
    {
        var first = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1", "heron"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"submitted\"");
        await first.RaiseEventAsync("gen-1", "go", "x");
        var finished = await RuntimeHarness.CompletionAsync(first, "gen-1");
        await first.DisposeAsync();

        Assert.Empty(Directory.GetFiles(_harness.InstancesDirectory));
        var history = Assert.Single(Directory.GetFiles(Path.Combine(_harness.DataDirectory, "completed")));
        Assert.Equal(
            ["Created", "StepScheduled", "StepCompleted", "EventWaitStarted", "CustomStatus", "EventRaised", "Completed"],
            File.ReadAllLines(history).Select(line => JsonNode.Parse(line)!["kind"]!.GetValue<string>()));

        var second = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());
        Assert.Equal(finished, await second.GetAsync("gen-1"));
        Assert.False(await second.TryStartAsync("gen-1", TestInputs.For("gen-1")));
    }

    [Fact]
    public async Task Finished_instances_recorded_by_an_earlier_version_still_answer()
    {
        // Earlier versions kept a compact record per finished instance instead of its journal.
        var runtime = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "heron"));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"submitted\"");
        await runtime.RaiseEventAsync("gen-1", "go", "x");
        var finished = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        await runtime.DisposeAsync();
        var history = Directory.GetFiles(Path.Combine(_harness.DataDirectory, "completed")).Single();
        File.WriteAllText(Path.ChangeExtension(history, ".json"), JsonSerializer.Serialize(finished, WorkflowJson.Options));
        File.Delete(history);

        var second = await _harness.StartRuntimeAsync(StepThenWaitForGo, Submit());

        Assert.Equal(finished, await second.GetAsync("gen-1"));
        Assert.False(await second.TryStartAsync("gen-1", TestInputs.For("gen-1")));
    }

    [Fact]
    public async Task An_event_payload_laid_out_over_several_lines_is_journaled_on_one_line_and_survives_a_restart()
    {
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            var first = await context.WaitForEventAsync<JsonElement>("first", CancellationToken.None);
            return first.GetProperty("size").GetInt32() + await context.WaitForEventAsync<int>("second", CancellationToken.None);
        };
        var runtime = await _harness.StartRuntimeAsync(workflow, new ScriptedSteps());
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        using (var indented = JsonDocument.Parse("{\n  \"size\": 40\n}"))
        {
            await runtime.RaiseEventAsync("gen-1", "first", indented.RootElement);
        }

        await runtime.DisposeAsync();

        Assert.All(File.ReadAllLines(_harness.SingleJournalPath()), line => JsonNode.Parse(line));
        var second = await _harness.StartRuntimeAsync(workflow, new ScriptedSteps());
        await second.RaiseEventAsync("gen-1", "second", 2);
        Assert.Equal("42", (await RuntimeHarness.CompletionAsync(second, "gen-1")).SerializedOutput);
    }

    /// <summary>How many of this process's descriptors point at <paramref name="path"/> (Linux: /proc/self/fd).</summary>
    static int OpenDescriptorsTo(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(descriptor => TargetOf(descriptor) == path);

    static string? TargetOf(FileSystemInfo descriptor)
    {
        try
        {
            return descriptor.LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed meanwhile by another test
        }
    }
}
