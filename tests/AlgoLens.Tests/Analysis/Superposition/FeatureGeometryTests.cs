using AlgoLens.Analysis.Superposition;

namespace AlgoLens.Tests.Analysis.Superposition;

public class FeatureGeometryTests
{
    // W [m, n] from its columns (feature directions).
    private static double[,] FromColumns(params double[][] columns)
    {
        var w = new double[columns[0].Length, columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            for (int k = 0; k < columns[i].Length; k++)
            {
                w[k, i] = columns[i][k];
            }
        }
        return w;
    }

    [Fact]
    public void An_antipodal_pair_holds_half_a_dimension_each()
    {
        var g = FeatureGeometry.Of(FromColumns([1.0], [-1.0]));
        Assert.Equal([0.5, 0.5], g.Dimensionality);
        Assert.Equal([1.0, 1.0], g.FeatureNorms);
        Assert.Equal([1.0, 1.0], g.Superposition);
        Assert.Equal(2, g.StoredFeatures);
    }

    [Fact]
    public void A_pentagon_in_the_plane_holds_two_fifths_each()
    {
        // Five unit vectors 72° apart: Σ_j cos²(θ_ij) = 1 + 2cos²72° + 2cos²144° = 5/2.
        var columns = Enumerable.Range(0, 5).Select(i => new[] { Math.Cos(2 * Math.PI * i / 5), Math.Sin(2 * Math.PI * i / 5) }).ToArray();
        var g = FeatureGeometry.Of(FromColumns(columns));
        Assert.All(g.Dimensionality, d => Assert.Equal(0.4, d, 12));
        Assert.All(g.Superposition, s => Assert.Equal(1.5, s, 12));
        Assert.All(g.FeatureNorms, v => Assert.Equal(1.0, v, 12));
    }

    [Fact]
    public void Orthogonal_features_hold_a_dimension_each_and_a_dropped_one_none()
    {
        // Three features in three dimensions, of different lengths, and a fourth at 0.
        var g = FeatureGeometry.Of(FromColumns([2.0, 0, 0], [0, 0.5, 0], [0, 0, 1], [0, 0, 0]));
        Assert.Equal([1.0, 1.0, 1.0, 0.0], g.Dimensionality);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], g.Superposition);
        Assert.Equal([2.0, 0.5, 1.0, 0.0], g.FeatureNorms);
        Assert.Equal(2, g.StoredFeatures); // 0.5 is not above the threshold
    }

    [Fact]
    public void Norms_and_superposition_of_a_hand_set_W_match_the_definitions_worked_by_hand()
    {
        // W_0 = (3, 4), W_1 = (1, 0), W_2 = (0, 2): ‖W_0‖ = 5; Ŵ_0 = (0.6, 0.8).
        // superposition_0 = (Ŵ_0·W_1)² + (Ŵ_0·W_2)² = 0.36 + 2.56 = 2.92; D_0 = 25 / (25 + 2.92).
        // superposition_1 = (W_1·W_0)² + (W_1·W_2)² = 9 + 0 = 9; D_1 = 1 / 10.
        // superposition_2 = ((0,1)·W_0)² + ((0,1)·W_1)² = 16; D_2 = 4 / 20.
        var g = FeatureGeometry.Of(FromColumns([3.0, 4.0], [1.0, 0.0], [0.0, 2.0]));
        Assert.Equal([5.0, 1.0, 2.0], g.FeatureNorms);
        Assert.Equal(2.92, g.Superposition[0], 12);
        Assert.Equal(9.0, g.Superposition[1], 12);
        Assert.Equal(16.0, g.Superposition[2], 12);
        Assert.Equal(25 / 27.92, g.Dimensionality[0], 12);
        Assert.Equal(0.1, g.Dimensionality[1], 12);
        Assert.Equal(0.2, g.Dimensionality[2], 12);
        var gram = FeatureGeometry.Gram(FromColumns([3.0, 4.0], [1.0, 0.0], [0.0, 2.0]));
        Assert.Equal(8.0, gram[0, 2]);
        Assert.Equal(gram[0, 2], gram[2, 0]);
        // m / ‖W‖²_F = 2 / (25 + 1 + 4).
        Assert.Equal(2 / 30.0, FeatureGeometry.DimensionsPerFeature(FromColumns([3.0, 4.0], [1.0, 0.0], [0.0, 2.0])), 12);
    }

    [Fact]
    public void A_W_that_is_not_finite_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureGeometry.Of(FromColumns([double.NaN], [1.0])));
        Assert.Contains("not finite", e.Message, StringComparison.Ordinal);
    }
}
