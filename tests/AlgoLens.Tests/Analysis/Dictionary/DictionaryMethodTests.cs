using AlgoLens.Analysis.Dictionary;
using AlgoLens.Analysis.Interp;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Dictionary;

public class DictionaryMethodTests
{
    [Theory]
    [InlineData("cd")]
    [InlineData("mu")]
    public void NmfRecoversPlantedNonNegativeAtoms(string solver)
    {
        var (x, atoms) = PlantedDictionaries.NonNegative(n: 600, k: 4, d: 24, seed: 5);
        var method = DictionaryMethods.Create("nmf", new DictionaryMethodSettings { NmfSolver = solver });
        var result = method.Fit(x, new DictionaryOptions { Components = 4, Seed = 3, MaxIterations = solver == "mu" ? 2000 : 400 });
        var match = FeatureMatch.Of(result.Atoms, atoms);
        Assert.All(match.Cosines, c => Assert.True(c >= 0.95, $"{solver}: cosines {string.Join(", ", match.Cosines.Select(v => v.ToString("F3")))}"));
        Assert.Equal(4, match.Matched);
        Assert.True(ReconstructionError.FractionOfVarianceUnexplained(result, PlantedDictionaries.ToDouble(x)) < 0.01);
    }

    [Fact]
    public void FastIcaRecoversPlantedMixingDirections()
    {
        var (x, mixing) = PlantedDictionaries.Independent(n: 3000, k: 3, d: 8, seed: 11);
        var result = DictionaryMethods.Create("ica").Fit(x, new DictionaryOptions { Components = 3, Seed = 2 });
        var match = FeatureMatch.Of(result.Atoms, mixing);
        Assert.All(match.Cosines, c => Assert.True(c >= 0.95, $"cosines {string.Join(", ", match.Cosines.Select(v => v.ToString("F3")))}"));
        Assert.Equal(1.0, result.Diagnostics["converged"]);
        // The sources span the data: three components reconstruct it up to float rounding.
        Assert.True(ReconstructionError.FractionOfVarianceUnexplained(result, PlantedDictionaries.ToDouble(x)) < 1e-6);
    }

    [Fact]
    public void PcaFindsTheMixingSpanButNotTheDirections()
    {
        // The contrast the comparison is about: PCA reconstructs as well as ICA, and its atoms are not the sources'.
        var (x, mixing) = PlantedDictionaries.Independent(n: 3000, k: 3, d: 8, seed: 11);
        var result = DictionaryMethods.Create("pca").Fit(x, new DictionaryOptions { Components = 3 });
        Assert.True(ReconstructionError.FractionOfVarianceUnexplained(result, PlantedDictionaries.ToDouble(x)) < 1e-6);
        Assert.True(FeatureMatch.Of(result.Atoms, mixing).Matched < 3);
    }

    [Theory]
    [InlineData("nmf")]
    [InlineData("ica")]
    public void FitsAreDeterministicGivenTheSeed(string name)
    {
        var (x, _) = PlantedDictionaries.NonNegative(n: 200, k: 3, d: 12, seed: 1);
        var method = DictionaryMethods.Create(name);
        var a = method.Fit(x, new DictionaryOptions { Components = 3, Seed = 9 });
        var b = method.Fit(x, new DictionaryOptions { Components = 3, Seed = 9 });
        Assert.Equal(a.Atoms, b.Atoms);
    }

    [Fact]
    public void PcaAdapterIsPca()
    {
        var (x, _) = PlantedDictionaries.Independent(n: 100, k: 4, d: 6, seed: 2);
        var result = new PcaDictionary().Fit(x, new DictionaryOptions { Components = 3 });
        var pca = Pca.Fit(x, 3);
        Assert.Equal(pca.Components, result.Atoms);
        Assert.Equal(pca.Mean, result.Offset);
        var rows = PlantedDictionaries.ToDouble(x);
        Assert.Equal(pca.Transform(rows), result.Encode(rows));
    }

    [Theory]
    [InlineData(30)]  // n ≤ 4d: the SVD of X itself
    [InlineData(400)] // n > 4d: the SVD of the Gram matrix XᵀX
    public void SvdAdapterGivesSvdsRightSingularVectors(int n)
    {
        var (x, _) = PlantedDictionaries.Independent(n, k: 4, d: 6, seed: 3);
        var rows = PlantedDictionaries.ToDouble(x);
        var result = new SvdDictionary().Fit(x, new DictionaryOptions { Components = 3 });
        var svd = Svd.Decompose(rows);
        for (int c = 0; c < 3; c++)
        {
            double dot = 0;
            for (int j = 0; j < 6; j++)
            {
                dot += result.Atoms[c, j] * svd.V[j, c];
            }
            Assert.Equal(1.0, Math.Abs(dot), 4);
        }
        Assert.All(result.Offset, v => Assert.Equal(0.0, v));
        // Codes are X·V_k: their column norms are the singular values.
        var codes = result.Encode(rows);
        for (int c = 0; c < 3; c++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(r => codes[r, c] * codes[r, c]));
            Assert.Equal(svd.S[c], norm, svd.S[c] * 1e-4);
        }
    }

    [Fact]
    public void NmfRefusesNegativeActivationsNamingReluHooks()
    {
        var x = new Tensor([1f, 2f, -0.5f, 3f, 1f, 1f], 3, 2);
        var error = Assert.Throws<ArgumentException>(() => new NmfDictionary().Fit(x, new DictionaryOptions { Components = 1 }));
        Assert.Contains("non-negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReLU", error.Message, StringComparison.Ordinal);
        Assert.Contains("hook_post", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pca", 0)]
    [InlineData("pca", 7)]
    [InlineData("svd", 7)]
    [InlineData("ica", 7)]
    [InlineData("nmf", 7)]
    public void ComponentCountsOutOfRangeAreRefused(string name, int k)
    {
        var (x, _) = PlantedDictionaries.NonNegative(n: 50, k: 3, d: 6, seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(() => DictionaryMethods.Create(name).Fit(x, new DictionaryOptions { Components = k }));
        Assert.Contains("--components between 1 and 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMethodListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => DictionaryMethods.Create("kmeans"));
        Assert.Contains("'kmeans'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pca, svd, nmf, ica", error.Message, StringComparison.Ordinal);
        Assert.Contains("cd", Assert.Throws<ArgumentException>(() => DictionaryMethods.Create("nmf", new DictionaryMethodSettings { NmfSolver = "als" })).Message, StringComparison.Ordinal);
    }
}
