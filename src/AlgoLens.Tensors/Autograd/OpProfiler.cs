using System.Diagnostics;

namespace AlgoLens.Tensors.Autograd;

/// <summary>
/// Optional per-op timing for performance work, for the ops run on one thread between
/// <see cref="Begin"/> and <see cref="Dispose"/>: forward time is measured between consecutive op
/// results on the thread, backward time per node. Ops check for a profiler once each (one branch
/// when none is running).
/// </summary>
/// <remarks>
/// A profiler belongs to the thread that began it ([ThreadStatic], not shared): forward times are
/// the gaps between one thread's consecutive op results, which mean nothing across threads, and
/// another run in the same process (a test, a sweep worker) is neither timed nor slowed by it.
/// </remarks>
/// <example><code>
/// using (var profiler = OpProfiler.Begin())
/// {
///     for (int i = 0; i &lt; 20; i++) { Step(); }
///     Console.WriteLine(profiler.Report(runs: 20));
/// }
/// </code></example>
public sealed class OpProfiler : IDisposable
{
    [ThreadStatic]
    private static OpProfiler? current;

    private readonly Dictionary<string, (double Ms, int Calls)> forward = [];
    private readonly Dictionary<string, (double Ms, int Calls)> backward = [];
    private readonly OpProfiler? previous;
    private long lastTimestamp;

    private OpProfiler()
    {
        previous = current;
        current = this;
        lastTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts timing the ops run on the calling thread, until the profiler is disposed.</summary>
    public static OpProfiler Begin() => new();

    /// <summary>The profiler timing the calling thread's ops, or null when none is.</summary>
    public static OpProfiler? Current => current;

    /// <summary>A table (op, forward ms, backward ms, calls), slowest first, with the times and
    /// calls divided by <paramref name="runs"/> (per step, say).</summary>
    public string Report(int runs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var names = forward.Keys.Union(backward.Keys);
        var rows = names.Select(n => (Name: n, F: forward.GetValueOrDefault(n).Ms, B: backward.GetValueOrDefault(n).Ms, Calls: forward.GetValueOrDefault(n).Calls))
            .OrderByDescending(r => r.F + r.B);
        return string.Join("\n", rows.Select(r => $"{r.Name,-16} fwd {r.F / runs,9:F2} ms  bwd {r.B / runs,9:F2} ms  calls {r.Calls / (double)runs:G3}"));
    }

    /// <summary>Marks the point where a timed region ends without attributing it (e.g. after backward).</summary>
    public void Mark() => lastTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Stops timing; the profiler that was running before <see cref="Begin"/> (if any) runs again.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(current, this))
        {
            current = previous;
        }
    }

    internal void RecordForward(string op)
    {
        long now = Stopwatch.GetTimestamp();
        Add(forward, op, Stopwatch.GetElapsedTime(lastTimestamp, now).TotalMilliseconds);
        lastTimestamp = now;
    }

    internal void RecordBackward(string op, long started) =>
        Add(backward, op, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static void Add(Dictionary<string, (double Ms, int Calls)> table, string op, double ms)
    {
        var (total, calls) = table.GetValueOrDefault(op);
        table[op] = (total + ms, calls + 1);
    }
}
