using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ImagePipeline.Providers.Http;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Security;
using ImagePipeline.Storage;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Testing.Simulators;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Benchmarks;

/// <summary>
/// Issue 11 item 5 (archive memory): what archiving one 20 MB output allocates on the managed heap, through the real
/// path: the provider transport's download over the guarded client from a presigned link (served by Azurite, in its own
/// process), hashed and sniffed into the file store or, to Azurite, the blob store. BenchmarkDotNet's MemoryDiagnoser
/// counts every thread's allocations in this process.
/// </summary>
[MemoryDiagnoser]
public class ArchiveMemoryBenchmark
{
    const int OutputBytes = 20 * 1024 * 1024;

    Uri? _url;
    HttpClient? _guarded;
    HttpClient? _trusted;
    ProviderHttpTransport? _transport;
    IOutputStore? _store;
    AzuriteServer? _azurite;
    string? _folder;
    int _index;

    [Params("disk", "azurite")]
    public string Store { get; set; } = "disk";

    public static void Run(string[] args) => BenchmarkRunner.Run<ArchiveMemoryBenchmark>(DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2).WithIterationCount(8).WithInvocationCount(4).WithUnrollFactor(1))
        .AddDiagnoser(MemoryDiagnoser.Default), args);

    // Synchronous on purpose: the in-process toolchain did not wait for an asynchronous setup here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    async Task SetupAsync()
    {
        // The output is served by Azurite, another process, from a SAS link like a provider's presigned result link:
        // every allocation this process makes is then the archive's (or the download's) own.
        _azurite = await AzuriteServer.StartAsync();
        var service = StorageClients.CreateBlobServiceClient(_azurite.ConnectionString, null);
        var source = service.GetBlobContainerClient("bench-provider");
        await source.CreateIfNotExistsAsync();
        var blob = source.GetBlobClient("out.png");
        await blob.UploadAsync(BinaryData.FromBytes(PngPadding.PadTo(PngImageEncoder.CreateGradient(1024, 1024), OutputBytes, seed: 1)), overwrite: true);
        _url = blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        _guarded = GuardedHttpClient.Create(new SecurityOptions { AllowPrivateNetworkFetches = true });
        _trusted = new HttpClient();
        _transport = new ProviderHttpTransport("bench", _trusted, ProviderResiliencePipelines.CreateRegistry(new ProviderResilienceOptions()),
            externalHttpClient: _guarded);
        if (Store == "azurite")
        {
            _store = new BlobOutputStore(service, Options.Create(new BlobOutputStoreOptions { ContainerName = "bench-outputs" }));
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("imagepipeline-archive-").FullName;
            _store = new FileSystemOutputStore(Options.Create(new FileSystemOutputStoreOptions { RootDirectory = _folder }));
        }
    }

    [Benchmark(Description = "archive a 20 MB output")]
    public async Task<long> ArchiveAsync()
    {
        // A new index each time: the store's work is that of a first archive, not of replacing the last one.
        await using var download = await _transport!.DownloadAsync(_url!, CancellationToken.None);
        var stored = await _store!.SaveAsync(new OutputWrite("gen_bench", Interlocked.Increment(ref _index) % 64, DateTimeOffset.UnixEpoch, "image/png"),
            download.Content, CancellationToken.None);
        return stored.Bytes;
    }

    /// <summary>The download alone, drained into a pooled buffer: what the transfer costs (server side included), so the
    /// difference to <see cref="ArchiveAsync"/> is what hashing, sniffing and storing add.</summary>
    [Benchmark(Description = "download a 20 MB output, discard it")]
    public async Task<long> DownloadOnlyAsync()
    {
        await using var download = await _transport!.DownloadAsync(_url!, CancellationToken.None);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        int read;
        while ((read = await download.Content.ReadAsync(buffer.AsMemory(0, 81920))) > 0) total += read;
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return total;
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    async Task CleanupAsync()
    {
        _guarded?.Dispose();
        _trusted?.Dispose();
        if (_azurite is not null) await _azurite.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
