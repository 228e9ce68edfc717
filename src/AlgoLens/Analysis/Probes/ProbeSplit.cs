using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Probes;

/// <summary>A deterministic, disjoint train/test split of example indices, from a seeded PCG32 permutation.</summary>
/// <param name="Train">Indices of the training examples, ascending.</param>
/// <param name="Test">Indices of the test examples, ascending.</param>
public sealed record ProbeSplit(int[] Train, int[] Test)
{
    /// <summary>
    /// Splits <paramref name="count"/> examples: a seeded permutation, its first
    /// round(<paramref name="testFraction"/> · count) entries the test set (at least one each side).
    /// The same seed and count always give the same split.
    /// </summary>
    public static ProbeSplit Make(int count, double testFraction, ulong seed)
    {
        if (count < 2)
        {
            throw new ArgumentException($"A split needs at least 2 examples; got {count}. Give more examples.", nameof(count));
        }
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), $"The test fraction must lie in (0, 1); got {testFraction}. Use e.g. 0.2.");
        }
        int test = Math.Clamp((int)Math.Round(testFraction * count), 1, count - 1);
        var order = new Rng(seed).Permutation(count);
        var testIdx = order[..test];
        var trainIdx = order[test..];
        Array.Sort(testIdx);
        Array.Sort(trainIdx);
        return new ProbeSplit(trainIdx, testIdx);
    }
}
