using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/DicomHub.Benchmarks -- --filter '*' --job short --inProcess
// dotnet run -c Release --project bench/DicomHub.Benchmarks -- qido [INSTANCES] [REPEATS]   (QIDO-RS latency, docs/benchmark.md)
if (args.Length > 0 && args[0] == "qido")
{
    return await DicomHub.Benchmarks.QidoLatency.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DicomHub.Benchmarks.Part10Benchmarks).Assembly).Run(args);
return 0;
