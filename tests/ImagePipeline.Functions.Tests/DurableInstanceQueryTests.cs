using System.Globalization;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NSubstitute;
using static ImagePipeline.Functions.Tests.WorkflowInputs;

namespace ImagePipeline.Functions.Tests;

/// <summary><c>GET /api/generations</c> on Durable's instance query: what goes to the server, what is filtered on the
/// page's inputs, and that paging through filtered pages gets each match exactly once.</summary>
public sealed class DurableInstanceQueryTests
{
    readonly DurableTaskClient _durable = Substitute.For<DurableTaskClient>("test");
    readonly List<OrchestrationQuery> _sent = [];

    [Fact]
    public void The_creation_window_and_runtime_statuses_go_to_the_server_with_inputs_fetched()
    {
        var after = new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
        var query = new GenerationQuery
        {
            Statuses = new HashSet<GenerationStatus> { GenerationStatus.Failed },
            CreatedAfter = after,
            CreatedBefore = after.AddHours(1),
        };

        var durable = DurableMappings.ToOrchestrationQuery(query, 7, "backend-token");

        Assert.Equal(after - DurableMappings.CreationSlack, durable.CreatedFrom);
        Assert.Equal(after.AddHours(1) + DurableMappings.CreationSlack, durable.CreatedTo);
        // A failed generation is a Failed orchestration or a Completed one whose outcome says failed.
        Assert.Equal([OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed], durable.Statuses!.Order());
        Assert.Equal(7, durable.PageSize);
        Assert.Equal("backend-token", durable.ContinuationToken);
        Assert.True(durable.FetchInputsAndOutputs);
    }

    [Fact]
    public void Without_filters_nothing_is_narrowed_on_the_server()
    {
        var durable = DurableMappings.ToOrchestrationQuery(new GenerationQuery(), 20, null);

        Assert.Null(durable.CreatedFrom);
        Assert.Null(durable.CreatedTo);
        Assert.Null(durable.Statuses);
    }

    [Fact]
    public async Task Paging_with_a_filter_the_server_cannot_apply_gets_each_match_once_and_ends_with_no_token()
    {
        // Backend order (as the Azure Storage backend has it: not by time).
        Backend(
            Instance("gen_a", "mock", minutes: 1),
            Instance("gen_b", "segmind", minutes: 2),
            Instance("gen_c", "mock", minutes: 3),
            Instance("gen_d", "segmind", minutes: 4),
            Instance("gen_e", "mock", minutes: 5));
        var client = new DurableWorkflowClient(_durable);
        var query = new GenerationQuery { Provider = "mock", PageSize = 2 };

        var first = await client.QueryAsync(query);
        var second = await client.QueryAsync(query with { ContinuationToken = first.ContinuationToken });

        Assert.Equal(["gen_c", "gen_a"], first.Instances.Select(i => i.InstanceId)); // newest first within the page
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(["gen_e"], second.Instances.Select(i => i.InstanceId));
        Assert.Null(second.ContinuationToken);
        // Each round trip asks only for what the page still lacks, so a page never overflows past Durable's token.
        Assert.Equal([2, 1, 2], _sent.Select(q => q.PageSize));
        Assert.All(_sent, q => Assert.True(q.FetchInputsAndOutputs));
    }

    [Fact]
    public async Task Metadata_and_document_status_are_judged_on_the_inputs()
    {
        Backend(
            Instance("gen_a", "mock", minutes: 1, customer: "acme"),
            Instance("gen_b", "mock", minutes: 2, customer: "globex"),
            Instance("gen_c", "mock", minutes: 3, customer: "acme", outcome: GenerationStatus.Failed));
        var client = new DurableWorkflowClient(_durable);

        var acme = await client.QueryAsync(new GenerationQuery { Metadata = new Dictionary<string, string> { ["customer"] = "acme" } });
        var failedAcme = await client.QueryAsync(new GenerationQuery
        {
            Metadata = new Dictionary<string, string> { ["customer"] = "acme" },
            Statuses = new HashSet<GenerationStatus> { GenerationStatus.Failed },
        });

        Assert.Equal(["gen_c", "gen_a"], acme.Instances.Select(i => i.InstanceId));
        Assert.Equal(["gen_c"], failedAcme.Instances.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task A_token_this_service_did_not_write_is_refused()
    {
        var client = new DurableWorkflowClient(_durable);

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => client.QueryAsync(new GenerationQuery { ContinuationToken = "eyJub3Qgb3VycyI6MX0" }));
    }

    [Fact]
    public async Task Waiting_uses_Durables_completion_wait_with_inputs_and_outputs()
    {
        var finished = Instance("gen_a", "mock", minutes: 1);
        _durable.WaitForInstanceCompletionAsync("gen_a", true, Arg.Any<CancellationToken>()).Returns(finished);

        var instance = await new DurableWorkflowClient(_durable).WaitForCompletionAsync("gen_a", CancellationToken.None);

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(GenerationStatus.Completed, GenerationStatusDocumentFactory.Create(instance).Status);
    }

    /// <summary>A backend whose token is the offset of the next instance, serving at most the page size asked for.</summary>
    void Backend(params OrchestrationMetadata[] instances) =>
        _durable.GetAllInstancesAsync(Arg.Any<OrchestrationQuery>()).Returns(call =>
        {
            var query = call.Arg<OrchestrationQuery>();
            _sent.Add(query);
            return Pageable.Create<OrchestrationMetadata>((token, size, _) =>
            {
                var offset = token is null ? 0 : int.Parse(token, CultureInfo.InvariantCulture);
                var page = instances.Skip(offset).Take(size ?? query.PageSize).ToList();
                var next = offset + page.Count;
                return Task.FromResult(new Page<OrchestrationMetadata>(page, next < instances.Length ? next.ToString(CultureInfo.InvariantCulture) : null));
            });
        });

    static OrchestrationMetadata Instance(string id, string provider, int minutes, string? customer = null, GenerationStatus outcome = GenerationStatus.Completed)
    {
        var createdAt = CreatedAt.AddMinutes(minutes);
        var input = Input() with
        {
            GenerationId = id,
            Provider = provider,
            CreatedAt = createdAt,
            Request = Input().Request with { Metadata = customer is null ? null : new Dictionary<string, string> { ["customer"] = customer } },
        };
        var result = new GenerationOutcome { Status = outcome, CompletedAt = createdAt.AddSeconds(5) };
        return new OrchestrationMetadata(GenerationWorkflow.Name, id)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            CreatedAt = createdAt,
            LastUpdatedAt = createdAt,
            SerializedInput = JsonSerializer.Serialize(input, WorkflowJson.Options),
            SerializedOutput = JsonSerializer.Serialize(result, WorkflowJson.Options),
        };
    }
}
