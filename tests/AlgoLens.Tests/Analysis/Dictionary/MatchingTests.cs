using AlgoLens.Analysis.Dictionary;
using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class MatchingTests
{
    [Theory]
    [InlineData(5, 5, 1UL)]
    [InlineData(4, 6, 2UL)]
    [InlineData(6, 4, 3UL)]
    [InlineData(6, 6, 4UL)]
    public void HungarianFindsTheLeastCostOfBruteForce(int rows, int cols, ulong seed)
    {
        var rng = new Rng(seed);
        var cost = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                cost[i, j] = Math.Round(rng.NextDouble() * 10, 1);
            }
        }
        var assignment = Hungarian.Assign(cost);
        Assert.Equal(rows, assignment.Length);
        var used = assignment.Where(j => j >= 0).ToArray();
        Assert.Equal(used.Length, used.Distinct().Count());
        Assert.Equal(Math.Min(rows, cols), used.Length);
        double total = assignment.Select((j, i) => j >= 0 ? cost[i, j] : 0).Sum();
        Assert.Equal(BruteForce(cost), total, 9);
    }

    [Fact]
    public void GreedyWouldLoseWhereTheAssignmentDoesNot()
    {
        // Greedy takes (0, 0) = 0.95 first and leaves feature 1 with 0.1; the optimum pairs 0.9 + 0.9.
        var atoms = new double[,] { { 1, 0 }, { 0, 1 } };
        double c = 0.95, s = Math.Sqrt(1 - c * c);
        var features = new double[,] { { c, s }, { 0.9, -Math.Sqrt(1 - 0.81) } };
        var match = FeatureMatch.Of(atoms, features);
        Assert.Equal([0, 1], match.Assigned);
        Assert.Equal(c, match.Cosines[0], 12);
        Assert.Equal(Math.Sqrt(1 - 0.81), match.Cosines[1], 12);
        Assert.Equal(1, match.Matched);
        Assert.Equal(c, match.BestCosines[0], 12);
        Assert.Equal(0.9, match.BestCosines[1], 12);
    }

    [Fact]
    public void FeaturesBeyondTheAtomsGetNone()
    {
        var atoms = new double[,] { { 0, 2 } };
        var features = new double[,] { { 1, 0 }, { 0, -1 }, { 1, 1 } };
        var match = FeatureMatch.Of(atoms, features);
        Assert.Equal([-1, 0, -1], match.Assigned);
        Assert.Equal([0.0, 1.0, 0.0], match.Cosines);
        Assert.Equal(1, match.Matched);
    }

    [Fact]
    public void AtomsWhoseCodesAreOneFrequencyRecoverIt()
    {
        const int p = 13;
        var basis = new FourierBasis(p);
        var rng = new Rng(7);
        var codes = new double[p * p, 3];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                codes[a * p + b, 0] = Math.Cos(2 * Math.PI * 3 * (a + b) / p);
                codes[a * p + b, 1] = Math.Sin(2 * Math.PI * 5 * (a + b) / p) + 0.3 * Math.Cos(2 * Math.PI * 5 * a / p); // frequency 5 in a + b and in a alone: one block
                codes[a * p + b, 2] = rng.Normal();
            }
        }
        var recovery = FrequencyRecovery.Of(basis, codes, [3, 4, 5]);
        Assert.Equal(3, recovery.AtomFrequencies[0]);
        Assert.Equal(1.0, recovery.AtomShares[0], 9);
        Assert.Equal(5, recovery.AtomFrequencies[1]);
        Assert.Equal(1.0, recovery.AtomShares[1], 9);
        Assert.Equal([3, 5], recovery.Recovered);
        Assert.Equal(2, recovery.SingleFrequencyAtoms);
        Assert.True(recovery.AtomShares[2] < 0.85);
        Assert.Throws<ArgumentException>(() => FrequencyRecovery.Of(basis, new double[p * p - 1, 1], [3]));
    }

    // The least total cost over every assignment, by exhaustive search: the reference for Hungarian.
    private static double BruteForce(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        double Search(int i, bool[] used, double sum, int free)
        {
            // Past the last row the assignment is complete and costs its sum.
            double best = i == rows ? sum : double.PositiveInfinity;
            // A row may go unassigned only while there are more rows left than columns.
            if (i < rows && rows - i > cols - used.Count(u => u) && free > 0)
            {
                best = Math.Min(best, Search(i + 1, used, sum, free - 1));
            }
            for (int j = 0; i < rows && j < cols; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    best = Math.Min(best, Search(i + 1, used, sum + cost[i, j], free));
                    used[j] = false;
                }
            }
            return best;
        }
        return Search(0, new bool[cols], 0, Math.Max(0, rows - cols));
    }
}
