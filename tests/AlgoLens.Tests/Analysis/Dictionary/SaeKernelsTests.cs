using AlgoLens.Analysis.Dictionary;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class SaeKernelsTests
{
    [Fact]
    public void TopKRowsKeepsWhatASortKeeps()
    {
        var rng = new Rng(9);
        var scratch = new float[100];
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + rng.NextInt(100), k = 1 + rng.NextInt(n);
            // Few distinct values, so that ties are common.
            var row = Enumerable.Range(0, n).Select(_ => (float)(rng.NextInt(11) - 5)).ToArray();
            var expected = new float[n];
            foreach (int i in Enumerable.Range(0, n).OrderByDescending(i => row[i]).ThenBy(i => i).Take(k))
            {
                expected[i] = Math.Max(row[i], 0f);
            }
            TopKRows.KeepLargest(row, k, scratch);
            Assert.Equal(expected, row);
        }
    }

    [Fact]
    public void GeometricMedianIgnoresAnOutlierThatMovesTheMean()
    {
        // Nine rows near (1, 2) and one at (1000, 2): the mean moves by 100, the median stays.
        var rows = new List<float>();
        for (int i = 0; i < 9; i++)
        {
            rows.AddRange([1f + 0.01f * (i - 4), 2f]);
        }
        rows.AddRange([1000f, 2f]);
        var median = GeometricMedian.Compute(rows.ToArray(), 2, Enumerable.Range(0, 10).ToArray(), iterations: 200);
        Assert.Equal(1.0, median[0], 0.02);
        Assert.Equal(2.0, median[1], 1e-6);
    }

    [Fact]
    public void GeometricMedianOfAnEquilateralTriangleIsItsCentre()
    {
        float h = MathF.Sqrt(3) / 2;
        float[] rows = [0, 0, 1, 0, 0.5f, h];
        var median = GeometricMedian.Compute(rows, 2, [0, 1, 2], iterations: 500, tolerance: 1e-12);
        Assert.Equal(0.5, median[0], 1e-5);
        Assert.Equal(h / 3, median[1], 1e-5);
    }
}
