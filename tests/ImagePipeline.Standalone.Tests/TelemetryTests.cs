using System.Diagnostics;
using ImagePipeline.Diagnostics;
using ImagePipeline.Generation;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Webhooks;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Sources and meters are process-wide: run alone, so every span and point seen is this test's generation.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>What an operator sees in their tracing and metrics backend for one generation, captured with the in-memory
/// exporter added to the host's own OpenTelemetry registration (which exists only when an OTLP endpoint is set).</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task One_mock_generation_yields_the_spans_of_every_layer_and_the_pipeline_metrics()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var spans = new LockedList<Activity>();
        var metrics = new LockedList<MetricSnapshot>();
        await using var host = await PipelineHost.StartAsync(TelemetrySettings(), services: services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });

        var id = await host.StartAndGetIdAsync(new { prompt = "a fox", callbackUrl = receiver.Url.ToString() });
        var done = await host.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var points = metrics.Snapshot();
        // Sources are process-wide and another test's host may still be winding down its own generations: keep the spans
        // of this generation's traces (its start request and its steps) only.
        var all = spans.Snapshot();
        var traces = all.Where(s => (string?)s.GetTagItem(PipelineTelemetry.GenerationIdTag) == id).Select(s => s.TraceId).ToHashSet();
        var seen = all.Where(s => traces.Contains(s.TraceId)).ToList();

        // API: the start inside ASP.NET Core's request span, the status reads.
        var start = Single(seen, ApiTelemetry.StartActivity);
        Assert.Equal(id, start.GetTagItem(PipelineTelemetry.GenerationIdTag));
        Assert.True(start.GetTagItem(ApiTelemetry.CreatedTag) is true);
        Assert.Equal("Microsoft.AspNetCore", Parent(seen, start)?.Source.Name);
        Assert.Contains(seen, s => s.OperationName == ApiTelemetry.GetActivity && (string?)s.GetTagItem(PipelineTelemetry.GenerationIdTag) == id);

        // Workflow steps, with the provider, storage and notification spans inside them.
        var submitStep = Step(seen, GenerationStepNames.Submit, id);
        var submit = Single(seen, ProviderTelemetry.SubmitActivity);
        Assert.Same(submitStep, Parent(seen, submit));
        Assert.Equal("mock", submit.GetTagItem(PipelineTelemetry.ProviderTag));
        Assert.Equal(done.Model, submit.GetTagItem(PipelineTelemetry.ModelTag));
        Assert.Equal(done.ProviderJobId, submit.GetTagItem(PipelineTelemetry.ProviderJobIdTag));
        Assert.Contains(seen, s => s.OperationName == StorageTelemetry.LedgerActivity && Parent(seen, s) == submitStep
            && (string?)s.GetTagItem(StorageTelemetry.LedgerOperationTag) == "begin");

        var status = Single(seen, ProviderTelemetry.StatusActivity);
        Assert.Same(Step(seen, GenerationStepNames.CheckStatus, id), Parent(seen, status));
        Assert.Equal(done.ProviderJobId, status.GetTagItem(PipelineTelemetry.ProviderJobIdTag));
        Assert.Equal("succeeded", status.GetTagItem(ProviderTelemetry.JobStateTag));

        var archiveStep = Step(seen, GenerationStepNames.ArchiveOutput, id);
        Assert.Same(archiveStep, Parent(seen, Single(seen, ProviderTelemetry.DownloadActivity)));
        var write = Single(seen, StorageTelemetry.ArchiveWriteActivity);
        Assert.Same(archiveStep, Parent(seen, write));
        Assert.Equal(done.Outputs[0].Bytes, write.GetTagItem(PipelineTelemetry.BytesTag));

        var delivery = Single(seen, NotificationTelemetry.DeliveryActivity);
        Assert.Same(Step(seen, GenerationStepNames.Notify, id), Parent(seen, delivery));
        Assert.Equal(NotificationTelemetry.Delivered, delivery.GetTagItem(PipelineTelemetry.OutcomeTag));
        var attempt = Single(seen, NotificationTelemetry.AttemptActivity);
        Assert.Same(delivery, Parent(seen, attempt));
        Assert.Equal(200, attempt.GetTagItem(PipelineTelemetry.StatusCodeTag));
        Assert.Equal(1, attempt.GetTagItem(PipelineTelemetry.AttemptTag));
        Assert.Contains(seen, s => s.Source.Name == "System.Net.Http" && Parent(seen, s) == attempt); // HttpClient instrumentation

        // Metrics: one generation started and ended, its latency, status reads, bytes and webhook.
        var mock = (PipelineTelemetry.ProviderTag, (object)"mock");
        Assert.Equal(1, Sum(points, "imagepipeline.generations.started", mock, (PipelineTelemetry.ModelTag, done.Model)));
        Assert.True(Sum(points, "imagepipeline.generations.ended", mock, (PipelineTelemetry.OutcomeTag, "completed")) >= 1);
        Assert.Equal(1, Count(points, "imagepipeline.provider.latency", mock, (PipelineTelemetry.ModelTag, done.Model)));
        var reads = Point(points, "imagepipeline.provider.status_reads", mock, (PipelineTelemetry.OutcomeTag, "completed"));
        Assert.Equal(1, reads.GetHistogramCount());
        Assert.Equal(1, reads.GetHistogramSum());
        Assert.Equal(done.Outputs[0].Bytes, Sum(points, "imagepipeline.archive.bytes", mock));
        Assert.Equal(1, Sum(points, "imagepipeline.webhook.deliveries", (PipelineTelemetry.OutcomeTag, NotificationTelemetry.Delivered)));
        Assert.True(Count(points, "imagepipeline.step.duration", (PipelineTelemetry.StepTag, GenerationStepNames.Submit), mock) >= 1);
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_nothing_is_registered_to_collect_or_export()
    {
        var settings = TelemetrySettings();
        settings.Remove(PipelineOpenTelemetry.EndpointSetting);
        await using var host = await PipelineHost.StartAsync(settings);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    static Dictionary<string, string?> TelemetrySettings() => new()
    {
        ["Pipeline:DefaultProvider"] = "mock",
        // Still running at the submit, done at the first status read.
        ["Providers:Mock:Delay"] = "00:00:00.100",
        ["Pipeline:Polling:mock:FirstPollAfter"] = "00:00:00.300",
        ["Pipeline:Polling:mock:Interval"] = "00:00:00.100",
        // Export is on when an endpoint is set; nothing listens on this loopback port, so the OTLP exports just fail.
        [PipelineOpenTelemetry.EndpointSetting] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
    };

    static Activity Single(List<Activity> spans, string name)
    {
        var matching = spans.Where(s => s.OperationName == name).ToList();
        Assert.True(matching.Count == 1, $"Expected one {name} span, saw {matching.Count}: {string.Join(", ", spans.Select(s => s.OperationName))}");
        return matching[0];
    }

    static Activity Step(List<Activity> spans, string step, string id) =>
        Assert.Single(spans, s => s.OperationName == PipelineTelemetry.StepActivity && (string?)s.GetTagItem(PipelineTelemetry.StepTag) == step
            && (string?)s.GetTagItem(PipelineTelemetry.GenerationIdTag) == id);

    static Activity? Parent(List<Activity> spans, Activity span) => spans.FirstOrDefault(s => s.SpanId == span.ParentSpanId);

    static MetricPoint Point(List<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags)
    {
        var points = metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints)
            .Where(p => tags.All(t => HasTag(p, t.Key, t.Value))).ToList();
        Assert.True(points.Count > 0, $"No {name} point with {string.Join(", ", tags)}; metrics seen: {string.Join(", ", metrics.Select(m => m.Name).Distinct())}");
        return points[^1]; // cumulative: the last export has the total
    }

    static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) => Point(metrics, name, tags).GetSumLong();

    static long Count(List<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) => Point(metrics, name, tags).GetHistogramCount();

    static bool HasTag(MetricPoint point, string key, object value)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key) return Equals(tag.Value, value);
        return false;
    }
}
