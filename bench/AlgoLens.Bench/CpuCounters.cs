using System.Diagnostics;
using System.Globalization;

namespace AlgoLens.Bench;

/// <summary>
/// Busy CPU time of the whole machine (Linux /proc/stat, steal included) and of this process, to tell
/// how much of a time span other processes or the hypervisor took. Elsewhere it reports nothing.
/// </summary>
internal static class CpuCounters
{
    private static readonly double SecondsPerTick = 0.01; // USER_HZ is 100 on every Linux ABI .NET runs on

    /// <summary>Machine-wide busy seconds and this process's CPU seconds at one instant.</summary>
    public readonly record struct Snapshot(double MachineBusy, double Process, bool Valid);

    public static Snapshot Read()
    {
        double process = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        try
        {
            using var reader = new StreamReader("/proc/stat");
            string? line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return new Snapshot(0, process, false);
            }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
            double busy = 0;
            for (int i = 1; i < Math.Min(fields.Length, 9); i++)
            {
                if (i != 4 && i != 5)
                {
                    busy += double.Parse(fields[i], CultureInfo.InvariantCulture);
                }
            }
            return new Snapshot(busy * SecondsPerTick, process, true);
        }
        catch (IOException)
        {
            return new Snapshot(0, process, false);
        }
        catch (UnauthorizedAccessException)
        {
            return new Snapshot(0, process, false);
        }
    }

    /// <summary>CPU seconds used between two snapshots by anything but this process (0 if unknown).</summary>
    public static double ForeignSeconds(Snapshot before, Snapshot after)
    {
        if (!before.Valid || !after.Valid)
        {
            return 0;
        }
        double machine = after.MachineBusy - before.MachineBusy;
        double own = after.Process - before.Process;
        // Tick granularity (10 ms) makes small differences noise; the caller compares against a threshold.
        return Math.Max(0, machine - own);
    }
}
