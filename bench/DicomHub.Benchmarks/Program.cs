using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/DicomHub.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
