using ImagePipeline.Benchmarks;

// dotnet run -c Release --project tests/ImagePipeline.Benchmarks -- <throughput|waiting|notify-latency|polls|all> [count]
var mode = args.Length > 0 ? args[0] : "all";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (mode)
{
    case "throughput": await ThroughputBenchmark.RunAsync(count > 0 ? count : 3000); break;
    case "waiting": await WaitingMemoryBenchmark.RunAsync(count > 0 ? count : 10_000); break;
    case "notify-latency": await NotificationLatencyBenchmark.RunAsync(count > 0 ? count : 20); break;
    case "polls": PollingPlanBenchmark.Run(count > 0 ? count : 1000); break;
    case "all":
        await ThroughputBenchmark.RunAsync(3000);
        await NotificationLatencyBenchmark.RunAsync(20);
        Console.WriteLine("(run 'waiting' in its own process: it reports that process's memory)");
        break;
    default:
        Console.Error.WriteLine("modes: throughput [n] | waiting [n] | notify-latency [n] | polls [n] | all");
        return 2;
}
return 0;
