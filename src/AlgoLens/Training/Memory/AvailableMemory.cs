using System.Globalization;

namespace AlgoLens.Training.Memory;

/// <summary>The memory a new allocation can count on: the smaller of the runtime's limit and the kernel's MemAvailable.</summary>
public static class AvailableMemory
{
    /// <summary>
    /// Bytes: <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (physical memory, or a container's
    /// limit), lowered to /proc/meminfo's MemAvailable (what can be allocated without swapping)
    /// where the kernel reports it.
    /// </summary>
    public static long Bytes()
    {
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return MemAvailable() is long free ? Math.Min(total, free) : total;
    }

    private static long? MemAvailable()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                // "MemAvailable:   12345678 kB"
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no /proc: the runtime's figure stands.
        }
        return null;
    }
}
