using System.Text;
using System.Text.Json;
using ImagePipeline.Api;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;

namespace ImagePipeline.Functions.Tests;

/// <summary>The HTTP functions called as the worker calls them, over the real core services and a mocked
/// <see cref="DurableTaskClient"/> that remembers the one instance it scheduled.</summary>
public sealed class GenerationHttpFunctionsTests : IAsyncLifetime
{
    const string ValidRequest = """{ "prompt": "a red fox in fresh snow", "provider": "mock" }""";

    readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "imagepipeline-functions-tests-" + Guid.NewGuid().ToString("N"));
    readonly ServiceProvider _services;
    readonly GenerationHttpFunctions _functions;
    readonly CloudEventFunctions _events;
    readonly DurableTaskClient _durable = Substitute.For<DurableTaskClient>("test");
    OrchestrationMetadata? _stored;

    public GenerationHttpFunctionsTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Storage:RootDirectory"] = _dataDirectory,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddImagePipelineCore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        _services = services.BuildServiceProvider();
        _functions = ActivatorUtilities.CreateInstance<GenerationHttpFunctions>(_services);
        _events = ActivatorUtilities.CreateInstance<CloudEventFunctions>(_services);

        _durable.GetInstanceAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult(_stored?.InstanceId == call.ArgAt<string>(0) ? _stored : null));
        _durable.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var instanceId = call.ArgAt<StartOrchestrationOptions?>(2)!.InstanceId!;
                _stored = new OrchestrationMetadata(call.ArgAt<TaskName>(0).Name, instanceId)
                {
                    RuntimeStatus = OrchestrationRuntimeStatus.Pending,
                    CreatedAt = DateTimeOffset.UtcNow,
                    LastUpdatedAt = DateTimeOffset.UtcNow,
                    SerializedInput = JsonSerializer.Serialize(call.ArgAt<object?>(1), WorkflowJson.Options),
                };
                return Task.FromResult(instanceId);
            });
    }

    [Fact]
    public async Task Starting_a_generation_answers_202_with_the_status_location()
    {
        var result = Api(await _functions.StartAsync(Post(ValidRequest), _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
        Assert.NotNull(_stored);
        Assert.Equal(GenerationWorkflow.Name, _stored.Name);
        Assert.EndsWith($"/api/generations/{_stored.InstanceId}", result.Headers["Location"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_starts_one_generation()
    {
        var first = Api(await _functions.StartAsync(Post(ValidRequest, idempotencyKey: "order-42"), _durable, CancellationToken.None));
        var second = Api(await _functions.StartAsync(Post(ValidRequest, idempotencyKey: "order-42"), _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, first.StatusCode);
        Assert.Equal(StatusCodes.Status202Accepted, second.StatusCode);
        Assert.Equal(first.Headers["Location"], second.Headers["Location"]);
        await _durable.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_invalid_request_is_refused_with_400_and_starts_nothing()
    {
        var result = Api(await _functions.StartAsync(Post("""{ "prompt": "", "provider": "mock" }"""), _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        await _durable.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, default);
    }

    [Fact]
    public async Task The_status_of_an_unknown_generation_is_404()
    {
        var result = Api(await _functions.GetAsync(Get(), "gen_does_not_exist", _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status404NotFound, result.StatusCode);
    }

    [Fact]
    public async Task The_status_of_a_started_generation_is_readable()
    {
        await _functions.StartAsync(Post(ValidRequest), _durable, CancellationToken.None);

        var result = Api(await _functions.GetAsync(Get(), _stored!.InstanceId, _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var document = Assert.IsType<GenerationStatusDocument>(result.Body);
        Assert.Equal(_stored.InstanceId, document.Id);
        Assert.Equal("mock", document.Provider);
    }

    [Fact]
    public async Task Cancelling_a_running_generation_raises_the_cancel_event()
    {
        await _functions.StartAsync(Post(ValidRequest), _durable, CancellationToken.None);
        var id = _stored!.InstanceId;
        _stored = new OrchestrationMetadata(_stored.Name, id)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            CreatedAt = _stored.CreatedAt,
            LastUpdatedAt = _stored.LastUpdatedAt,
            SerializedInput = _stored.SerializedInput,
        };

        var result = Api(await _functions.CancelAsync(Post("{}"), id, _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
        await _durable.Received(1).RaiseEventAsync(id, WorkflowEvents.Cancel, Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Retrying_is_refused_while_running_and_after_submit_outcome_unknown_starts_a_new_generation_with_a_warning()
    {
        await _functions.StartAsync(Post(ValidRequest), _durable, CancellationToken.None);
        var id = _stored!.InstanceId;
        _stored = WithStatus(_stored, OrchestrationRuntimeStatus.Running, output: null);
        Assert.Equal(StatusCodes.Status409Conflict, Api(await _functions.RetryAsync(Post("{}"), id, _durable, CancellationToken.None)).StatusCode);

        _stored = WithStatus(_stored, OrchestrationRuntimeStatus.Completed, JsonSerializer.Serialize(new GenerationOutcome
        {
            Status = GenerationStatus.Failed,
            Error = new Providers.ProviderError(Providers.ProviderErrorCodes.SubmitOutcomeUnknown, "The submit had no answer."),
        }, WorkflowJson.Options));
        var result = Api(await _functions.RetryAsync(Post("{}"), id, _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
        var retryId = Assert.IsType<GenerationAccepted>(result.Body).Id;
        Assert.Equal($"/api/generations/{retryId}", result.Headers["Location"]);
        var input = JsonSerializer.Deserialize<GenerationWorkflowInput>(_stored.SerializedInput!, WorkflowJson.Options)!;
        Assert.Equal((retryId, id), (input.GenerationId, input.Retry?.Of));
        Assert.Contains("may also have run", input.Retry!.Warning, StringComparison.Ordinal);
    }

    static OrchestrationMetadata WithStatus(OrchestrationMetadata stored, OrchestrationRuntimeStatus status, string? output) =>
        new(stored.Name, stored.InstanceId)
        {
            RuntimeStatus = status,
            CreatedAt = stored.CreatedAt,
            LastUpdatedAt = stored.LastUpdatedAt,
            SerializedInput = stored.SerializedInput,
            SerializedOutput = output,
        };

    [Fact]
    public async Task A_provider_callback_with_a_wrong_token_is_refused_and_changes_nothing()
    {
        await _functions.StartAsync(Post(ValidRequest), _durable, CancellationToken.None);

        var result = Api(await _functions.AcceptProviderCallbackAsync(
            Post("""{ "status": "succeeded" }""", query: "?token=not-the-token"), "mock", _stored!.InstanceId, _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status401Unauthorized, result.StatusCode);
        await _durable.DidNotReceiveWithAnyArgs().RaiseEventAsync(default!, default!, default, default);
    }

    [Fact]
    public async Task A_cloud_event_posted_to_the_events_route_starts_one_generation_per_event_id()
    {
        const string cloudEvent = """
            { "specversion": "1.0", "id": "evt-1", "source": "/contoso/orders", "type": "Contoso.Image.Requested",
              "datacontenttype": "application/json", "data": { "prompt": "a red fox in fresh snow", "provider": "mock" } }
            """;

        var first = Api(await _events.ReceiveAsync(Post(cloudEvent, contentType: "application/cloudevents+json"), _durable, CancellationToken.None));
        var again = Api(await _events.ReceiveAsync(Post(cloudEvent, contentType: "application/cloudevents+json"), _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status202Accepted, first.StatusCode);
        var started = Assert.Single(Assert.IsType<CloudEventBatchAnswer>(first.Body).Results);
        Assert.Equal((CloudEventResult.Started, "evt-1", _stored!.InstanceId), (started.Result, started.Id, started.GenerationId));
        Assert.Equal(CloudEventResult.Duplicate, Assert.Single(Assert.IsType<CloudEventBatchAnswer>(again.Body).Results).Result);
        await _durable.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_body_that_is_not_cloud_events_is_refused_whole()
    {
        var result = Api(await _events.ReceiveAsync(Post("""[{ "prompt": "no envelope" }]""", contentType: "application/cloudevents-batch+json"), _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        await _durable.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, default);
    }

    [Fact]
    public async Task The_events_route_answers_the_webhook_validation_handshake()
    {
        var options = new DefaultHttpContext().Request;
        options.Method = HttpMethods.Options;
        options.Headers[CloudEventIntake.RequestOriginHeader] = "eventgrid.azure.net";

        var result = Api(await _events.ReceiveAsync(options, _durable, CancellationToken.None));
        options.Headers.Remove(CloudEventIntake.RequestOriginHeader);
        var withoutOrigin = Api(await _events.ReceiveAsync(options, _durable, CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal("eventgrid.azure.net", result.Headers[CloudEventIntake.AllowedOriginHeader]);
        Assert.Equal(StatusCodes.Status400BadRequest, withoutOrigin.StatusCode);
    }

    [Fact]
    public void Health_answers_200() =>
        Assert.Equal(StatusCodes.Status200OK, Api(_functions.Health(Get())).StatusCode);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    static ApiResult Api(IActionResult result) => Assert.IsType<ApiResult>(result);

    static HttpRequest Post(string json, string? idempotencyKey = null, string? query = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        if (idempotencyKey is not null) context.Request.Headers[GenerationApi.IdempotencyKeyHeader] = idempotencyKey;
        if (query is not null) context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    static HttpRequest Get()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        return context.Request;
    }
}
