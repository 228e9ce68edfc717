using System.Diagnostics;

namespace AlgoLens.Bench;

/// <summary>
/// A plain Stopwatch harness: warm up (JIT tiers, caches, thread pool), then time samples of a few
/// repetitions each and report the median and the best sample.
/// </summary>
internal static class Harness
{
    /// <summary>Timing of one benchmark, per single call of the measured action.</summary>
    public readonly record struct Timing(double MedianSeconds, double BestSeconds, int Samples, int CallsPerSample);

    /// <param name="action">One call of the work being measured.</param>
    /// <param name="samples">How many timed samples to take.</param>
    /// <param name="minSampleSeconds">Calls per sample are chosen so a sample lasts at least this long,
    /// which keeps timer resolution and scheduler noise small against the work.</param>
    public static Timing Measure(Action action, int samples = 9, double minSampleSeconds = 0.05)
    {
        // Warm-up: long enough for tiered JIT to reach optimized code (and for OSR loops to settle).
        var warm = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warmCalls < 3 || warm.Elapsed.TotalSeconds < 0.3)
        {
            action();
            warmCalls++;
        }
        double perCall = warm.Elapsed.TotalSeconds / warmCalls;
        int calls = Math.Max(1, (int)Math.Ceiling(minSampleSeconds / Math.Max(perCall, 1e-9)));

        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < calls; c++)
            {
                action();
            }
            times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        }
        Array.Sort(times);
        return new Timing(times[samples / 2], times[0], samples, calls);
    }
}
