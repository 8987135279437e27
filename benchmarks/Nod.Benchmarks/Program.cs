using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --filter '*'            (full runs)
// dotnet run -c Release --project benchmarks/Nod.Benchmarks -- --filter '*' --job short (the short suite)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
