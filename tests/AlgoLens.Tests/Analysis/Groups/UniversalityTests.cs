using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Groups;
using AlgoLens.Tasks.Groups;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Groups;

public class UniversalityTests
{
    private const int P = 13;
    private static readonly int[] Keys = [2, 5];

    [Fact]
    public void OnAPlantedCyclicModelTheKeyIrrepsAreTheKeyFrequenciesAndEveryShareIsTheFourierMeasures()
    {
        var (embedding, neurons, logits, width) = PlantedCyclicModel();
        var spans = new IrrepSpans(GroupIrreps.Of(GroupFamilies.Cyclic(P)));
        var result = Universality.Analyse(spans, embedding, neurons, logits);
        var basis = new FourierBasis(P);

        Assert.Equal(["k2", "k5"], result.KeyIrreps.Order());
        // The neurons' key frequencies by the grokking measure's own rule agree.
        var neuronFrequencies = NeuronFrequencies.Analyse(basis, new Tensor(neurons, P * P, width));
        Assert.Equal(Keys, neuronFrequencies.KeyFrequencies());
        // The logit fit of the key irreps is LogitCosineFit's on the key frequencies.
        var logitTensor = new Tensor(logits, P * P, P);
        Assert.Equal(LogitCosineFit.Fit(basis, logitTensor, Keys).VarianceExplained, result.KeyLogitFit, 1e-6);
        // Every share is the Fourier norms' share of the non-constant part, frequency by frequency.
        AssertSharesAreFourier(result.Embedding, FrequencyNorms.OfRows(basis, new Tensor(embedding, P, embedding.Length / P)));
        AssertSharesAreFourier(result.NeuronsA, FrequencyNorms.OfRows(basis, new Tensor(neurons, P, P * width)));
        AssertSharesAreFourier(result.NeuronsB, FrequencyNorms.OfRows(basis, new Tensor(AlongB(neurons, width), P, P * width)));
        AssertSharesAreFourier(result.Logits, FrequencyNorms.OfColumns(basis, logitTensor));
        for (int k = 1; k <= basis.Frequencies; k++)
        {
            double alone = LogitCosineFit.Fit(basis, logitTensor, [k]).VarianceExplained;
            Assert.Equal(alone, result.LogitFit[Index(result, $"k{k}")], 1e-6);
        }
    }

    [Fact]
    public void OnAPlantedS4ModelTheKeyIrrepsAndTheirSharesAreThePlantedOnes()
    {
        var irreps = GroupIrreps.Of(GroupNames.Parse("S4"));
        var group = irreps.Group;
        int n = group.Order;
        Irrep standard = irreps["standard"], twisted = irreps["sign_standard"];
        // Embedding: ρ_standard(g) flattened. Neurons: one per matrix element, ρ_standard(a)_ij + ρ_sign_standard(b)_ij.
        var embedding = new float[n * 9];
        var neurons = new float[n * n * 9];
        var logits = new float[n * n * n];
        for (int a = 0; a < n; a++)
        {
            for (int ij = 0; ij < 9; ij++)
            {
                embedding[a * 9 + ij] = (float)standard.Entry(a, ij / 3, ij % 3);
            }
            for (int b = 0; b < n; b++)
            {
                for (int ij = 0; ij < 9; ij++)
                {
                    neurons[(a * n + b) * 9 + ij] = (float)(standard.Entry(a, ij / 3, ij % 3) + twisted.Entry(b, ij / 3, ij % 3));
                }
                int ab = group.Multiply(a, b);
                for (int c = 0; c < n; c++)
                {
                    // 2 χ_standard + χ_sign_standard of a·b·c⁻¹, plus an offset per input that centring removes.
                    int x = group.Multiply(ab, group.Inverse(c));
                    logits[(a * n + b) * n + c] = (float)(2 * standard.Character[x] + twisted.Character[x] + 0.1 * a - 0.3 * b);
                }
            }
        }
        var result = Universality.Analyse(new IrrepSpans(irreps), embedding, neurons, logits);
        Assert.Equal(["standard", "sign_standard"], result.KeyIrreps);
        // Equal Σχ² for both, so the shares are 2² : 1² of the variance.
        Assert.Equal(0.8, result.LogitFit[Index(result, "standard")], 1e-5);
        Assert.Equal(0.2, result.LogitFit[Index(result, "sign_standard")], 1e-5);
        Assert.Equal(1.0, result.KeyLogitFit, 1e-5);
        Assert.Equal(1.0, result.Embedding[Index(result, "standard")], 1e-5);
        Assert.Equal(1.0, result.NeuronsA[Index(result, "standard")], 1e-5);
        Assert.Equal(1.0, result.NeuronsB[Index(result, "sign_standard")], 1e-5);
        // Logits as functions of c: χ(x·c⁻¹) lies in the irrep's own span.
        Assert.Equal(0.8, result.Logits[Index(result, "standard")], 1e-5);
        Assert.Equal(0.2, result.Logits[Index(result, "sign_standard")], 1e-5);
        Assert.All(new[] { "sign", "2a" }, r => Assert.Equal(0, result.LogitFit[Index(result, r)], 1e-6));
        Assert.Equal(0, result.Embedding[0]); // the trivial irrep's share is left out
    }

    [Fact]
    public void WrongShapesAreRefused()
    {
        var spans = new IrrepSpans(GroupIrreps.Of(GroupNames.Parse("S3")));
        var e = Assert.Throws<ArgumentException>(() => Universality.Analyse(spans, new float[6 * 2], new float[36 * 3], new float[36 * 5]));
        Assert.Contains("logits [36, 6]", e.Message, StringComparison.Ordinal);
    }

    private static int Index(UniversalityResult result, string name) => result.Names.ToList().IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException(name);

    private static void AssertSharesAreFourier(IReadOnlyList<double> shares, double[] norms)
    {
        var irrepNames = GroupIrreps.Of(GroupFamilies.Cyclic(P)).Irreps.Select(r => r.Name).ToList();
        double total = norms.Skip(1).Sum(v => v * v);
        for (int k = 1; k < norms.Length; k++)
        {
            Assert.Equal(norms[k] * norms[k] / total, shares[irrepNames.IndexOf($"k{k}")], 1e-5);
        }
    }

    // [a, b, j] → [b, a, j], so that FrequencyNorms.OfRows reads along b.
    private static float[] AlongB(float[] neurons, int width)
    {
        var result = new float[neurons.Length];
        for (int a = 0; a < P; a++)
        {
            for (int b = 0; b < P; b++)
            {
                Array.Copy(neurons, (a * P + b) * width, result, (b * P + a) * width, width);
            }
        }
        return result;
    }

    // A model of (a + b) mod 13 with key frequencies 2 and 5, as Nanda et al. describe it, plus noise:
    // embeddings cos/sin of w_k a; neurons cos(w_k a + φ) + cos(w_k b + ψ) + their product; logits Σ α_k cos(w_k(a + b − c)).
    private static (float[] Embedding, float[] Neurons, float[] Logits, int Width) PlantedCyclicModel()
    {
        var random = new Random(7);
        double Noise() => 0.01 * (random.NextDouble() - 0.5);
        double W(int k) => 2 * Math.PI * k / P;
        const int width = 8;
        var embedding = new float[P * 6];
        for (int a = 0; a < P; a++)
        {
            for (int j = 0; j < 6; j++)
            {
                int k = Keys[j % 2];
                embedding[a * 6 + j] = (float)((j < 4 ? Math.Cos(W(k) * a + j) : Math.Sin(W(k) * a)) + Noise());
            }
        }
        var neurons = new float[P * P * width];
        var logits = new float[P * P * P];
        for (int a = 0; a < P; a++)
        {
            for (int b = 0; b < P; b++)
            {
                for (int j = 0; j < width; j++)
                {
                    int k = Keys[j % 2];
                    double u = Math.Cos(W(k) * a + j), v = Math.Cos(W(k) * b + 2 * j);
                    neurons[(a * P + b) * width + j] = (float)(u + v + 0.5 * u * v + Noise());
                }
                for (int c = 0; c < P; c++)
                {
                    logits[(a * P + b) * P + c] = (float)(3 * Math.Cos(W(2) * (a + b - c)) + 2 * Math.Cos(W(5) * (a + b - c)) + Noise());
                }
            }
        }
        return (embedding, neurons, logits, width);
    }
}
