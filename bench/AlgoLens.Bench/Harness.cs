using System.Diagnostics;

namespace AlgoLens.Bench;

/// <summary>
/// A plain Stopwatch harness: warm up (JIT tiers, caches, thread pool), then time samples of a few
/// calls each and report the median and the best sample. On a small shared machine other processes
/// steal cores mid-sample; on Linux such samples are detected (CPU time used by others during the
/// sample, from /proc/stat) and taken again, so the figures describe this code, not the neighbours.
/// </summary>
internal static class Harness
{
    /// <summary>A sample is retaken when other processes used more than this share of one core...</summary>
    private const double MaxForeignCoreShare = 0.05;

    /// <summary>...or more than this many CPU seconds: /proc/stat counts in 10 ms ticks, so smaller
    /// differences are rounding, not neighbours.</summary>
    private const double MinForeignSeconds = 0.03;

    /// <summary>Timing of one benchmark, per single call of the measured action.</summary>
    /// <param name="MedianSeconds">Median over the clean samples.</param>
    /// <param name="BestSeconds">Fastest clean sample.</param>
    /// <param name="Samples">Clean samples taken.</param>
    /// <param name="CallsPerSample">Calls of the action per sample.</param>
    /// <param name="Retaken">Samples thrown away because other processes were busy.</param>
    public readonly record struct Timing(double MedianSeconds, double BestSeconds, int Samples, int CallsPerSample, int Retaken);

    /// <param name="action">One call of the work being measured.</param>
    /// <param name="samples">How many clean timed samples to take.</param>
    /// <param name="minSampleSeconds">Calls per sample are chosen so a sample lasts at least this long,
    /// which keeps timer resolution and scheduler noise small against the work.</param>
    /// <param name="warmupSeconds">Untimed calls first, for at least this long: enough for tiered JIT
    /// to have promoted the hot methods (a training step calls hundreds of them, each promoted only
    /// after 30 calls and a quiet spell of the JIT; 0.3 s left it measuring tier-0 code at
    /// 1.5x the steady-state time).</param>
    public static Timing Measure(Action action, int samples = 9, double minSampleSeconds = 0.25, double warmupSeconds = 0.3)
    {
        // Warm-up: long enough for tiered JIT to reach optimized code (and for OSR loops to settle).
        var warm = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warmCalls < 3 || warm.Elapsed.TotalSeconds < warmupSeconds)
        {
            action();
            warmCalls++;
        }
        double perCall = warm.Elapsed.TotalSeconds / warmCalls;
        int calls = Math.Max(1, (int)Math.Ceiling(minSampleSeconds / Math.Max(perCall, 1e-9)));

        var times = new List<double>(samples);
        int retaken = 0;
        while (times.Count < samples)
        {
            var before = CpuCounters.Read();
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < calls; c++)
            {
                action();
            }
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double foreign = CpuCounters.ForeignSeconds(before, CpuCounters.Read());
            // Give up on retaking after many tries rather than hang on a machine that is never idle.
            if (foreign > Math.Max(MaxForeignCoreShare * elapsed, MinForeignSeconds) && retaken < 20 * samples)
            {
                retaken++;
                Thread.Sleep(200);
                continue;
            }
            times.Add(elapsed / calls);
        }
        times.Sort();
        return new Timing(times[samples / 2], times[0], samples, calls, retaken);
    }

    /// <summary>
    /// As <see cref="Measure"/> but keeping every sample, busy or not: on a host shared with other
    /// work all the time, retaking busy samples would never finish. The figures then include the
    /// neighbours' share; compare them only with figures taken in the same minutes.
    /// </summary>
    public static Timing MeasureUnfiltered(Action action, int samples, double minSampleSeconds, double warmupSeconds)
    {
        var warm = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warmCalls < 3 || warm.Elapsed.TotalSeconds < warmupSeconds)
        {
            action();
            warmCalls++;
        }
        int calls = Math.Max(1, (int)Math.Ceiling(minSampleSeconds / Math.Max(warm.Elapsed.TotalSeconds / warmCalls, 1e-9)));
        var times = new List<double>(samples);
        for (int i = 0; i < samples; i++)
        {
            times.Add(Sample(action, calls));
        }
        return Summarise(times, calls);
    }

    /// <summary>Two variants timed in alternating samples (A, B, A, B, ...), for comparisons on a
    /// host whose speed drifts by the minute: each pair of samples sees nearly the same machine.</summary>
    /// <param name="A">The first variant's samples.</param>
    /// <param name="B">The second variant's samples.</param>
    /// <param name="MedianRatio">Median over pairs of B's sample time divided by A's.</param>
    public readonly record struct PairedTiming(Timing A, Timing B, double MedianRatio);

    /// <summary>Warms up both, then takes <paramref name="samples"/> alternating samples of each;
    /// <paramref name="setA"/> and <paramref name="setB"/> switch the variant before each sample.</summary>
    public static PairedTiming MeasurePaired(Action action, Action setA, Action setB, int samples = 9,
        double minSampleSeconds = 0.5, double warmupSeconds = 5)
    {
        // Warm-up only (one sample each, kept whatever the neighbours did): the pairs below are what counts.
        setA();
        var a = MeasureUnfiltered(action, 1, minSampleSeconds, warmupSeconds);
        setB();
        MeasureUnfiltered(action, 1, minSampleSeconds, warmupSeconds);
        int calls = a.CallsPerSample;
        var timesA = new List<double>();
        var timesB = new List<double>();
        var ratios = new List<double>();
        for (int i = 0; i < samples; i++)
        {
            setA();
            double ta = Sample(action, calls);
            setB();
            double tb = Sample(action, calls);
            timesA.Add(ta);
            timesB.Add(tb);
            ratios.Add(tb / ta);
        }
        return new PairedTiming(Summarise(timesA, calls), Summarise(timesB, calls), Median(ratios));
    }

    private static double Sample(Action action, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int c = 0; c < calls; c++)
        {
            action();
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
    }

    private static Timing Summarise(List<double> times, int calls) => new(Median(times), times.Min(), times.Count, calls, 0);

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
