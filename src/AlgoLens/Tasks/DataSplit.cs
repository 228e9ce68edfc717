using System.Globalization;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks;

/// <summary>
/// A train/test split of example indices 0..N-1 (indices into <see cref="IEnumeratedTask.Generate"/>).
/// </summary>
/// <param name="Train">Training example indices, in shuffled order.</param>
/// <param name="Test">Test example indices, in shuffled order.</param>
public sealed record DataSplit(int[] Train, int[] Test)
{
    /// <summary>
    /// The PCG32 stream the split draws from. A stream of its own keeps the split a function of the
    /// seed alone: however many numbers weight initialisation draws (on its own stream), the split
    /// of a given seed never changes. Changing this constant changes every split ever made.
    /// </summary>
    public const ulong RngStream = 0x5EED5EED;

    /// <summary>
    /// Shuffles 0..count-1 with <c>new Rng(seed, stream: RngStream).Permutation(count)</c> and takes
    /// the first <c>floor(trainFraction · count)</c> for training, the rest for test.
    /// </summary>
    /// <remarks>
    /// The size follows the grokking code of Nanda et al. (<c>random.shuffle(pairs)</c>, then
    /// <c>div = int(frac_train * len(pairs))</c>): the product is taken in double and truncated, as
    /// Python's <c>int()</c> does, so 0.3 of 12769 gives 3830 (the reference run's count) and a
    /// product that double rounding puts just under an integer (0.29 · 100 = 28.999…) gives one less,
    /// exactly as there. (Power et al.'s code rounds instead; this follows the reference run.)
    /// </remarks>
    /// <param name="count">Number of examples, at least 2.</param>
    /// <param name="trainFraction">Share of examples used for training, strictly between 0 and 1.</param>
    /// <param name="seed">Any 64-bit value; the same seed gives the same split.</param>
    /// <exception cref="ArgumentException">The fraction is not in (0, 1), or leaves no training or no test example.</exception>
    public static DataSplit Create(int count, double trainFraction, ulong seed)
    {
        if (count < 2)
        {
            throw new ArgumentException(
                $"A split needs at least 2 examples (one to train on, one to test on); this dataset has {count}.");
        }
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentException(
                $"The train fraction must be strictly between 0 and 1; got {Format(trainFraction)}. " +
                "Use e.g. 0.3 (the grokking runs train on 30% of all pairs).");
        }

        int trainCount = (int)Math.Floor(trainFraction * count);
        // Only the first case can happen: for a fraction below 1 the product rounds below count. The
        // second is kept so that "at least one of each" does not rest on that rounding argument.
        if (trainCount < 1 || trainCount > count - 1)
        {
            string what = trainCount < 1 ? "no training example" : "no test example";
            throw new ArgumentException(
                $"A train fraction of {Format(trainFraction)} of {count} examples leaves {what} " +
                $"(floor({Format(trainFraction)} · {count}) = {trainCount}); use a fraction from " +
                $"{FractionGiving(1, count)} to {FractionGiving(count - 1, count)}.");
        }

        int[] order = new Rng(seed, RngStream).Permutation(count);
        return new DataSplit(order[..trainCount], order[trainCount..]);
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    // The shortest decimal that really gives `trainCount` after the floor: naive bounds such as
    // 1/3 print as 0.333333, which floors to 0 of 3 and would make the advice wrong.
    private static string FractionGiving(int trainCount, int count)
    {
        double middle = (trainCount + 0.5) / count;
        for (int digits = 2; digits < 17; digits++)
        {
            string text = middle.ToString("G" + digits, CultureInfo.InvariantCulture);
            if ((int)Math.Floor(double.Parse(text, CultureInfo.InvariantCulture) * count) == trainCount)
            {
                return text;
            }
        }
        return middle.ToString("R", CultureInfo.InvariantCulture);
    }
}
