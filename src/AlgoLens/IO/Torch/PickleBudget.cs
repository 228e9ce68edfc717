using System.Globalization;

namespace AlgoLens.IO.Torch;

/// <summary>
/// What one pickle may cost to read, in proportion to its length: the values it creates and the
/// bytes this thread allocates while reading it. A pickle is a program; without a bound, a few
/// megabytes of two-byte opcodes (an empty dict and a memo entry, repeated) build millions of
/// objects and gigabytes of heap. A state dict's pickle is about 200 bytes per tensor and costs
/// far less than either limit.
/// </summary>
internal sealed class PickleBudget
{
    /// <summary>Values (dicts, lists, tuples, strings, numbers, tensors) allowed per byte of pickle: one per two bytes.</summary>
    public const int BytesPerValue = 2;

    /// <summary>
    /// Heap bytes the reader may allocate per byte of pickle. Measured: a 2,400-tensor state dict
    /// pickled as torch does takes 9 bytes per byte at protocol 2 and 14 at protocol 4 (denser
    /// opcodes); the costliest two-byte opcode pairs take 25 to 36.
    /// </summary>
    public const long AllocatedBytesPerPickleByte = 24;

    /// <summary>Allowance of a small pickle, whatever its length.</summary>
    public const long BaseBytes = 16L << 20;

    /// <summary>Most bytes any pickle may make the reader allocate, however long.</summary>
    public const long MaxAllocatedBytes = 1L << 30;

    /// <summary>Most values any pickle may create, however long.</summary>
    public const long MaxValues = 32_000_000;

    private const long BaseValues = 65_536;

    private readonly long startBytes;
    private readonly long baseBytes;
    private long values;

    /// <summary>A budget for a pickle of <paramref name="length"/> bytes, counting allocations from now.</summary>
    public PickleBudget(long length)
        : this(length, BaseBytes)
    {
    }

    /// <summary>As <see cref="PickleBudget(long)"/> with another allowance (tests measure the per-byte rate alone with 0).</summary>
    internal PickleBudget(long length, long baseBytes)
    {
        ValueLimit = Math.Min(MaxValues, BaseValues + length / BytesPerValue);
        ByteLimit = Math.Min(MaxAllocatedBytes, baseBytes + AllocatedBytesPerPickleByte * length);
        this.baseBytes = baseBytes;
        startBytes = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>Most values this pickle may create.</summary>
    public long ValueLimit { get; }

    /// <summary>Most bytes this pickle may make the reader allocate.</summary>
    public long ByteLimit { get; }

    /// <summary>Counts one new value; throws past <see cref="ValueLimit"/>.</summary>
    public void CountValue(string source, int position)
    {
        if (++values > ValueLimit)
        {
            throw new TorchFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: the pickle creates more than {ValueLimit:N0} values by byte {position} (the limit for a pickle of its length: one per {BytesPerValue} bytes, at most {MaxValues:N0}); a torch.save state dict creates far fewer, so the file is crafted or damaged and is refused."));
        }
    }

    /// <summary>Throws when this thread has allocated more than <see cref="ByteLimit"/> since the budget began.</summary>
    public void CheckMemory(string source, int position)
    {
        long used = GC.GetAllocatedBytesForCurrentThread() - startBytes;
        if (used > ByteLimit)
        {
            throw new TorchFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: reading the pickle has taken {Format(used)} of memory by byte {position}, past its limit of {Format(ByteLimit)} ({AllocatedBytesPerPickleByte} bytes per byte of data.pkl plus {Format(baseBytes)}, at most {Format(MaxAllocatedBytes)}); a torch.save state dict needs far less, so the file is crafted or damaged and is refused."));
        }
    }

    private static string Format(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");
}
