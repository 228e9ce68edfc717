using System.Globalization;
using AlgoLens.Fuzz;

// algolens-fuzz --write-corpus DIR   (the generated seeds; see SeedCorpus)
// algolens-fuzz [--target safetensors|config|tokens|torch|pickle|all] [--seconds N | --executions N] [--seed S]
//               [--corpus DIR] [--crashes DIR]
// Long runs for finding crashes; the test suite runs a fixed number of executions (FuzzTests).
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}
if (options.TryGetValue("write-corpus", out string? corpusOut))
{
    SeedCorpus.Write(corpusOut);
    return 0;
}
string targetName = options.GetValueOrDefault("target", "all");
double seconds = double.Parse(options.GetValueOrDefault("seconds", "60"), CultureInfo.InvariantCulture);
long executions = long.Parse(options.GetValueOrDefault("executions", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
ulong seed = ulong.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
string corpus = options.GetValueOrDefault("corpus", Path.Combine("tests", "fuzz", "corpus"));
string crashDirectory = options.GetValueOrDefault("crashes", Path.Combine("tests", "fuzz", "crashes"));

int found = 0;
foreach (var target in targetName == "all" ? FuzzTarget.All : [FuzzTarget.Get(targetName)])
{
    // A hang is an execution still running after 10 s: its input is saved and the run stops.
    byte[] current = [];
    long started = Environment.TickCount64;
    using var watchdog = new Timer(_ =>
    {
        if (Environment.TickCount64 - Volatile.Read(ref started) > 10_000)
        {
            Directory.CreateDirectory(crashDirectory);
            string path = Path.Combine(crashDirectory, $"{target.Name}-hang.bin");
            File.WriteAllBytes(path, Volatile.Read(ref current));
            Console.Error.WriteLine($"{target.Name}: an execution has run for over 10 s (a hang); its input is {path}");
            Environment.Exit(3);
        }
    }, null, 1000, 1000);
    var fuzzer = new Fuzzer(target, Fuzzer.LoadCorpus(corpus, target), seed)
    {
        BeforeEach = input =>
        {
            Volatile.Write(ref current, input);
            Volatile.Write(ref started, Environment.TickCount64);
        },
    };
    var deadline = DateTime.UtcNow.AddSeconds(seconds);
    var result = fuzzer.Run(executions, () => DateTime.UtcNow >= deadline);
    var saved = Fuzzer.Save(result, crashDirectory);
    Console.WriteLine($"{result.Target}: {result.Executions:N0} executions in {result.Elapsed.TotalSeconds:F0} s, pool {result.PoolSize}, {result.DistinctErrors} distinct error messages, {result.Crashes.Count} crashes");
    foreach (var crash in result.Crashes)
    {
        Console.WriteLine($"  {crash.Signature}: {crash.Description.Split('\n')[0]}");
    }
    foreach (string path in saved)
    {
        Console.WriteLine($"  saved {path}");
    }
    found += result.Crashes.Count;
}
return found == 0 ? 0 : 1;
