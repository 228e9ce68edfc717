using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// The control of a lottery ticket: a mask that keeps, in each parameter, as many entries as the
/// ticket's mask does, at positions drawn uniformly at random (a seeded partial Fisher–Yates shuffle).
/// </summary>
public static class RandomMask
{
    /// <summary>A random mask with <paramref name="like"/>'s kept count in each parameter.</summary>
    public static ParameterMask Like(ParameterMask like, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(like);
        var rng = new Rng(seed, stream: 0x10773);
        return new ParameterMask(like.Names.Select(name =>
        {
            int size = like.Size(name);
            int keep = like.KeptCount(name);
            int[] order = Enumerable.Range(0, size).ToArray();
            var kept = new bool[size];
            for (int i = 0; i < keep; i++)
            {
                int j = rng.NextInt(i, size);
                (order[i], order[j]) = (order[j], order[i]);
                kept[order[i]] = true;
            }
            return (name, like.ShapeOf(name).ToArray(), kept);
        }));
    }
}
