using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AlgoLens.Fuzz;

/// <summary>An input the oracle rejected: what happened and the input itself.</summary>
/// <param name="Signature">Exception type and throwing frame (or "allocation"), for de-duplication.</param>
/// <param name="Description">The exception, or the allocation measured.</param>
/// <param name="Input">The input that caused it.</param>
public sealed record FuzzCrash(string Signature, string Description, byte[] Input);

/// <summary>What a fuzzing run did.</summary>
public sealed record FuzzResult(string Target, long Executions, int PoolSize, int DistinctErrors, IReadOnlyList<FuzzCrash> Crashes, TimeSpan Elapsed);

/// <summary>
/// A deterministic mutation fuzzer: from a seed corpus, each execution mutates an entry of the pool,
/// runs the target and applies the oracle. Inputs that read, and inputs that fail with an error
/// message not seen before (digits ignored), join the pool, which stands in for coverage feedback.
/// A crash is an exception outside the target's documented types, a documented one without a
/// message, or an execution that allocates more than <see cref="AllocationBound"/>.
/// </summary>
public sealed partial class Fuzzer
{
    private const int MaxPool = 512;
    private const int MaxInputBytes = 64 * 1024;

    private readonly FuzzTarget target;
    private readonly List<byte[]> pool;
    private readonly Xoshiro rng;
    private readonly Mutator mutator;
    private readonly HashSet<string> errors = [];
    private readonly Dictionary<string, FuzzCrash> crashes = [];

    /// <summary>Prepares a run of <paramref name="target"/> from <paramref name="seeds"/>, its randomness from <paramref name="seed"/>.</summary>
    public Fuzzer(FuzzTarget target, IReadOnlyList<byte[]> seeds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException($"The {target.Name} corpus is empty; fuzzing needs at least one seed input.");
        }
        this.target = target;
        pool = [.. seeds];
        rng = new Xoshiro(seed);
        mutator = new Mutator(rng, target.IsText, target.Name == "safetensors");
    }

    /// <summary>Most bytes one execution may allocate: 64 MiB plus 64 bytes per input byte.</summary>
    public static long AllocationBound(int inputLength) => (64L << 20) + 64L * inputLength;

    /// <summary>Called with each input before it runs (the console's hang watchdog records it).</summary>
    public Action<byte[]>? BeforeEach { get; init; }

    /// <summary>
    /// Runs <paramref name="executions"/> executions, or until <paramref name="until"/> returns true
    /// (checked every 64 executions), whichever comes first.
    /// </summary>
    public FuzzResult Run(long executions, Func<bool>? until = null)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        foreach (var seed in pool.ToList())
        {
            Execute(seed);
            done++;
        }
        while (done < executions && (until is null || done % 64 != 0 || !until()))
        {
            var input = mutator.Mutate(pool[rng.Below(pool.Count)], pool);
            if (input.Length > MaxInputBytes)
            {
                input = input[..MaxInputBytes];
            }
            if (Execute(input) && pool.Count < MaxPool)
            {
                pool.Add(input);
            }
            done++;
        }
        return new FuzzResult(target.Name, done, pool.Count, errors.Count, [.. crashes.Values], clock.Elapsed);
    }

    // True when the input is new behaviour worth keeping in the pool.
    private bool Execute(byte[] input)
    {
        BeforeEach?.Invoke(input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? failure = null;
        var caught = new List<string>();
        try
        {
            target.Run(input, caught);
        }
        catch (Exception e)
        {
            failure = e;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound(input.Length))
        {
            Record("allocation", $"allocated {allocated:N0} bytes for an input of {input.Length} bytes" + (failure is null ? "" : $", then {failure.GetType().Name}: {failure.Message}"), input);
            return false;
        }
        bool novel = false;
        foreach (string message in caught)
        {
            novel |= errors.Add(Normalise(message));
        }
        if (failure is null)
        {
            return caught.Count == 0 || novel;
        }
        if (!target.IsDocumented(failure) || string.IsNullOrWhiteSpace(failure.Message))
        {
            var frame = new StackTrace(failure, fNeedFileInfo: false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("AlgoLens", StringComparison.Ordinal) == true);
            string where = frame?.GetMethod() is { } m ? $"{m.DeclaringType?.Name}.{m.Name}" : "?";
            Record($"{failure.GetType().Name} at {where}", failure.ToString(), input);
            return false;
        }
        return errors.Add(Normalise(failure.Message)) || novel;
    }

    // A message's shape: quoted names and numbers vary with the input and are not new behaviour.
    private static string Normalise(string message) => Digits().Replace(Quoted().Replace(message, "'…'"), "#");

    private void Record(string signature, string description, byte[] input)
    {
        if (!crashes.TryGetValue(signature, out var known) || input.Length < known.Input.Length)
        {
            // The smallest input per signature is kept: the easiest to turn into a test.
            crashes[signature] = new FuzzCrash(signature, description, input);
        }
    }

    /// <summary>Writes each crash to <paramref name="directory"/>/TARGET-HASH.bin with a .txt describing it; returns the paths.</summary>
    public static IReadOnlyList<string> Save(FuzzResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var crash in result.Crashes)
        {
            string hash = Convert.ToHexString(SHA256.HashData(crash.Input))[..16].ToLowerInvariant();
            string path = Path.Combine(directory, $"{result.Target}-{hash}.bin");
            File.WriteAllBytes(path, crash.Input);
            File.WriteAllText(Path.ChangeExtension(path, ".txt"), $"{crash.Signature}\n{crash.Description}\n", new UTF8Encoding(false));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>The seed inputs of a target: every file under <paramref name="corpusDirectory"/>/TARGET.</summary>
    public static IReadOnlyList<byte[]> LoadCorpus(string corpusDirectory, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        string folder = Path.Combine(corpusDirectory, target.Name);
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)]
            : [];
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();
}
