using System.Diagnostics;

namespace AlgoLens.Tensors.Autograd;

/// <summary>
/// Optional per-op timing for performance work: forward time is measured between consecutive op
/// results on the thread, backward time per node. Off by default (one branch per op when off).
/// </summary>
public static class OpProfiler
{
    private static readonly Dictionary<string, (double Ms, int Calls)> Forward = [];
    private static readonly Dictionary<string, (double Ms, int Calls)> BackwardTimes = [];
    private static long lastTimestamp;

    /// <summary>Whether ops are being timed.</summary>
    public static bool Enabled { get; private set; }

    /// <summary>Clears the tallies and starts timing.</summary>
    public static void Start()
    {
        Forward.Clear();
        BackwardTimes.Clear();
        Enabled = true;
        lastTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Stops timing and returns a table (op, forward ms, backward ms, calls), slowest first,
    /// with the times and calls divided by <paramref name="runs"/> (per step, say).</summary>
    public static string Stop(int runs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        Enabled = false;
        var names = Forward.Keys.Union(BackwardTimes.Keys);
        var rows = names.Select(n => (Name: n, F: Forward.GetValueOrDefault(n).Ms, B: BackwardTimes.GetValueOrDefault(n).Ms, Calls: Forward.GetValueOrDefault(n).Calls))
            .OrderByDescending(r => r.F + r.B);
        return string.Join("\n", rows.Select(r => $"{r.Name,-16} fwd {r.F / runs,9:F2} ms  bwd {r.B / runs,9:F2} ms  calls {r.Calls / (double)runs:G3}"));
    }

    /// <summary>Marks the point where a timed region ends without attributing it (e.g. after backward).</summary>
    public static void Mark() => lastTimestamp = Stopwatch.GetTimestamp();

    internal static void RecordForward(string op)
    {
        long now = Stopwatch.GetTimestamp();
        Add(Forward, op, Stopwatch.GetElapsedTime(lastTimestamp, now).TotalMilliseconds);
        lastTimestamp = now;
    }

    internal static void RecordBackward(string op, long started) =>
        Add(BackwardTimes, op, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static void Add(Dictionary<string, (double Ms, int Calls)> table, string op, double ms)
    {
        var (total, calls) = table.GetValueOrDefault(op);
        table[op] = (total + ms, calls + 1);
    }
}
