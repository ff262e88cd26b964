using ImagePipeline.Benchmarks;

// dotnet run -c Release --project tests/ImagePipeline.Benchmarks -- <mode> [count] [data parent folder]   (the README lists what each measures) [webhook-path: output bytes, ms between starts]
var mode = args.Length > 0 ? args[0] : "all";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (mode)
{
    case "starter-throughput": await StarterThroughputBenchmark.RunAsync(count > 0 ? count : 3000); break;
    case "http-throughput": await HttpThroughputBenchmark.RunAsync(count > 0 ? count : 2000); break;
    case "functions-throughput": return await FunctionsThroughputBenchmark.RunAsync(count > 0 ? count : 200);
    case "waiting": await WaitingMemoryBenchmark.RunAsync(count > 0 ? count : 10_000); break;
    case "notify-latency": await NotificationLatencyBenchmark.RunAsync(count > 0 ? count : 20); break;
    case "journal-ops": await JournalOperationsBenchmark.RunAsync(args.Length > 1 ? count : 200, args.Length > 2 ? args[2] : null); break;
    case "polls": PollingPlanBenchmark.Run(count > 0 ? count : 1000); break;
    case "archive-memory": ArchiveMemoryBenchmark.Run(args[1..]); break; // BenchmarkDotNet options follow, e.g. --filter
    case "webhook-path":
        await WebhookPathBenchmark.RunAsync(count > 0 ? count : 200,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000,
            TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200));
        break;
    case "routing-report": await RoutingReport.RunAsync(); break;
    case "all":
        await StarterThroughputBenchmark.RunAsync(3000);
        await HttpThroughputBenchmark.RunAsync(2000);
        await NotificationLatencyBenchmark.RunAsync(20);
        Console.WriteLine("(run 'waiting' in its own process: it reports that process's memory; 'functions-throughput' needs a Functions host)");
        break;
    default:
        Console.Error.WriteLine("modes: starter-throughput [n] | http-throughput [n] | functions-throughput [n] | waiting [n] | notify-latency [n] | webhook-path [n] [output bytes] [ms apart] | archive-memory | journal-ops [n] [data parent folder] | polls [n] | routing-report | all");
        return 2;
}
return 0;
