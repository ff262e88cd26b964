using ImagePipeline.Benchmarks;

// dotnet run -c Release --project tests/ImagePipeline.Benchmarks -- <throughput|waiting|notify-latency|webhook-path|archive-memory|all> [count] [webhook-path: output bytes] [webhook-path: ms between starts]
var mode = args.Length > 0 ? args[0] : "all";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (mode)
{
    case "throughput": await ThroughputBenchmark.RunAsync(count > 0 ? count : 3000); break;
    case "waiting": await WaitingMemoryBenchmark.RunAsync(count > 0 ? count : 10_000); break;
    case "notify-latency": await NotificationLatencyBenchmark.RunAsync(count > 0 ? count : 20); break;
    case "archive-memory": ArchiveMemoryBenchmark.Run(args[1..]); break; // BenchmarkDotNet options follow, e.g. --filter
    case "webhook-path":
        await WebhookPathBenchmark.RunAsync(count > 0 ? count : 200,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000,
            TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200));
        break;
    case "all":
        await ThroughputBenchmark.RunAsync(3000);
        await NotificationLatencyBenchmark.RunAsync(20);
        Console.WriteLine("(run 'waiting' in its own process: it reports that process's memory)");
        break;
    default:
        Console.Error.WriteLine("modes: throughput [n] | waiting [n] | notify-latency [n] | webhook-path [n] [output bytes] [ms apart] | archive-memory | all");
        return 2;
}
return 0;
