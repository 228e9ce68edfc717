using System.Globalization;

namespace AlgoLens.Training.Memory;

/// <summary>
/// An upper bound, from the sizes alone, of the memory a training run or an evaluation needs, by
/// part, so that a run too big for the machine is refused before it allocates anything.
/// </summary>
/// <param name="DatasetBytes">The examples: token ids and targets, their train/test copies and the split's indices.</param>
/// <param name="ModelBytes">Parameters, and for training their gradients and AdamW's two moments.</param>
/// <param name="ActivationBytes">Activations of the largest forward pass (and for training their gradients).</param>
/// <param name="BatchExamples">The examples in that largest pass.</param>
/// <param name="OverheadBytes">The runtime's own share (code, pools, buffers).</param>
public sealed record MemoryEstimate(long DatasetBytes, long ModelBytes, long ActivationBytes, long BatchExamples, long OverheadBytes)
{
    /// <summary>The sum of the parts, saturating at <see cref="long.MaxValue"/>.</summary>
    public long TotalBytes => Sum(Sum(DatasetBytes, ModelBytes), Sum(ActivationBytes, OverheadBytes));

    /// <summary>"3.2 GiB (dataset 1.1 GiB, model and optimizer 12 MiB, activations 2.0 GiB for 4096 examples per pass)".</summary>
    public string Describe() =>
        $"{Format(TotalBytes)} (dataset {Format(DatasetBytes)}, model and optimizer {Format(ModelBytes)}, " +
        $"activations {Format(ActivationBytes)} for {BatchExamples.ToString("N0", CultureInfo.InvariantCulture)} examples per pass)";

    /// <summary>Bytes as B, KiB, MiB, GiB or TiB with two significant decimals.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }

    /// <summary>a + b, or <see cref="long.MaxValue"/> past it (sizes from hostile settings must not wrap).</summary>
    internal static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>a · b for non-negative a and b, or <see cref="long.MaxValue"/> past it.</summary>
    internal static long Product(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
