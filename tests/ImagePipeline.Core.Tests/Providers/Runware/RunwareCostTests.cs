using System.Text;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Tests.Providers.Runware;

/// <summary>Runware's own bill (<c>cost</c> per result, sent because the task asks <c>includeCost</c>) on the job status.</summary>
public sealed class RunwareCostTests
{
    [Fact]
    public async Task Finished_task_reports_the_sum_of_its_results_costs()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.CostPerImage = 0.0404m;
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "Three foxes", NumberOfImages = 3 });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model, ExpectedOutputs: 3));

        Assert.True((bool?)harness.LastSubmittedTask()["includeCost"]);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(new ProviderCost(0.1212m), status.Cost);
    }

    [Fact]
    public async Task Results_without_a_cost_leave_the_cost_unreported()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        harness.Simulator.CostPerImage = null;
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "A fox" });

        var submission = await harness.Client.SubmitAsync(request);
        var status = await harness.WaitForTerminalAsync(new ProviderJobHandle(submission.JobId, request.Model));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Null(status.Cost);
    }

    [Fact]
    public async Task Each_webhook_delivery_carries_the_cost_of_its_one_result()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        harness.Simulator.CostPerImage = 0.05m;
        var request = RunwareTestHarness.Request(new GenerationRequest { Prompt = "Two foxes", NumberOfImages = 2 },
            new Uri(receiver.BaseUrl, "api/callbacks/runware/gen-1?token=unguessable"));

        await harness.Client.SubmitAsync(request);
        await harness.Simulator.ScheduledWebhooksDeliveredAsync();
        var callbacks = receiver.Deliveries.Select(delivery => harness.Client.ParseCallback(delivery.Body)).ToList();

        Assert.Equal(2, callbacks.Count);
        Assert.All(callbacks, callback => Assert.Equal(new ProviderCost(0.05m), callback.Status.Cost));
    }

    [Theory]
    [InlineData("0.0404", "0.0404")]
    [InlineData("\"0.0404\"", "0.0404")] // a numeric string is still the figure
    [InlineData("4.04e-2", "0.0404")]
    [InlineData("-0.04", null)] // a negative bill is a mistake, not a refund
    [InlineData("250000", null)] // an absurd bill is a unit mistake
    [InlineData("\"free\"", null)]
    [InlineData("null", null)]
    public async Task Webhook_cost_is_read_robustly_and_implausible_figures_are_not_believed(string costJson, string? expectedUsd)
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        var body = $$"""
            {"data":[{"taskType":"imageInference","taskUUID":"9f2a3c1e-5b7d-4e8f-a1b2-c3d4e5f60718","status":"success",
              "imageUUID":"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9","imageURL":"https://im.runware.ai/image/ws/2/ii/0b1c2d3e.png",
              "seed":1234,"cost":{{costJson}}}]}
            """;

        var callback = harness.Client.ParseCallback(Encoding.UTF8.GetBytes(body));

        Assert.Equal(ProviderJobState.Succeeded, callback.Status.State);
        Assert.Equal(expectedUsd is null ? null : new ProviderCost(decimal.Parse(expectedUsd, System.Globalization.CultureInfo.InvariantCulture)),
            callback.Status.Cost);
    }

    [Fact]
    public async Task A_result_repeated_in_one_reply_is_billed_once()
    {
        await using var harness = await RunwareTestHarness.StartAsync();
        const string item = """
            {"taskType":"imageInference","taskUUID":"9f2a3c1e-5b7d-4e8f-a1b2-c3d4e5f60718","status":"success",
             "imageUUID":"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9","imageURL":"https://im.runware.ai/image/ws/2/ii/0b1c2d3e.png","cost":0.0404}
            """;

        var callback = harness.Client.ParseCallback(Encoding.UTF8.GetBytes($$"""{"data":[{{item}},{{item}}]}"""));

        Assert.Equal(new ProviderCost(0.0404m), callback.Status.Cost);
    }
}
