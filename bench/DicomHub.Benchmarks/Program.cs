using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/DicomHub.Benchmarks -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(DicomHub.Benchmarks.Part10Benchmarks).Assembly).Run(args);
