using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Fourier;

public class KeyFrequencyLogitsTests
{
    // p = 59 keeps the [p², p] logits small (205k entries) while leaving room for three frequencies.
    internal const int P = 59;
    private static readonly int[] Keys = [7, 17, 23];
    private static readonly double[] Amplitudes = [3, 2, 1.5];

    // Σ_k α_k cos(w_k t) for t = 0 .. p − 1: the logits depend on (a, b, c) only through t = a + b − c.
    private static readonly double[] Profile = Enumerable.Range(0, P)
        .Select(t => Keys.Select((k, i) => Amplitudes[i] * Waves.Cos(k, t, P)).Sum()).ToArray();

    // logit(a, b, c) = Σ_k α_k cos(w_k(a + b − c)): the grokked model's algorithm, exactly.
    internal static Tensor FourierLogits(double scale = 1) =>
        Waves.Logits(P, (a, b, c) => scale * Profile[((a + b - c) % P + P) % P]);

    private static double MeanLoss(Tensor logits, int[] rows)
    {
        var labels = ModularAdditionGrid.Labels(P);
        double total = 0;
        foreach (int i in rows)
        {
            var row = Array.ConvertAll(logits.Data[(i * P)..((i + 1) * P)], v => (double)v);
            double max = row.Max();
            total += Math.Log(row.Sum(v => Math.Exp(v - max))) + max - row[labels[i]];
        }
        return total / rows.Length;
    }

    private static double MaxAbsDifference(float[] x, float[] y) => x.Zip(y).Max(t => Math.Abs((double)t.First - t.Second));

    [Fact]
    public void DirectionsAreTheUnitCosineAndSineOfASum()
    {
        const int p = 13;
        var f = new FourierBasis(p);
        var cos = KeyFrequencyLogits.CosDirection(f, 4);
        var sin = KeyFrequencyLogits.SinDirection(f, 4);
        var other = KeyFrequencyLogits.CosDirection(f, 5);
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                Assert.Equal(Math.Sqrt(2) / p * Waves.Cos(4, a + b, p), cos[a * p + b], 1e-12);
                Assert.Equal(Math.Sqrt(2) / p * Waves.Sin(4, a + b, p), sin[a * p + b], 1e-12);
            }
        }
        Assert.Equal(1, cos.Sum(v => v * v), 1e-12);
        Assert.Equal(1, sin.Sum(v => v * v), 1e-12);
        Assert.Equal(0, cos.Zip(sin).Sum(t => t.First * t.Second), 1e-12);
        Assert.Equal(0, cos.Zip(other).Sum(t => t.First * t.Second), 1e-12);
    }

    [Fact]
    public void RestrictedLogitsOfTheFourierAlgorithmAreTheLogits()
    {
        var logits = FourierLogits();
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), logits, Keys);
        var restricted = decomposition.Restricted();
        Assert.Equal(logits.Shape, restricted.Shape);
        Assert.True(MaxAbsDifference(restricted.Data, logits.Data) < 1e-5);
        int[] all = ModularAdditionGrid.AllIndices(P);
        double loss = decomposition.Loss(all, ModularAdditionGrid.Labels(P));
        Assert.Equal(MeanLoss(logits, all), loss, 1e-9);
        Assert.Equal(loss, decomposition.RestrictedLossOnAll(), 1e-6);
    }

    [Fact]
    public void ExcludedLogitsOfTheFourierAlgorithmAreConstantSoTheLossIsLnP()
    {
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), FourierLogits(), Keys);
        var excluded = decomposition.Excluded();
        Assert.True(excluded.Data.Max(Math.Abs) < 1e-5);
        int[] train = Enumerable.Range(0, P * P).Where(i => i % 7 == 2).ToArray();
        Assert.Equal(Math.Log(P), decomposition.ExcludedLossOn(train), 1e-6);
    }

    [Fact]
    public void LeavingOutAKeyFrequencyKeepsItInTheExcludedLogits()
    {
        // Without 23 in the set, the excluded logits are exactly its term 1.5·cos(w₂₃(a+b−c)).
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), FourierLogits(), [7, 17]);
        var excluded = decomposition.Excluded();
        for (int i = 0; i < P * P; i += 31)
        {
            int a = i / P, b = i % P;
            for (int c = 0; c < P; c++)
            {
                Assert.Equal(1.5 * Waves.Cos(23, a + b - c, P), excluded[i, c], 1e-5);
            }
        }
        // Rows 5, 600, 3000 are (0, 5), (10, 10), (50, 50).
        Assert.Equal(MeanLoss(excluded, [5, 600, 3000]), decomposition.ExcludedLoss([5, 600, 3000], [5, 20, 100 % P]), 1e-6);
    }

    [Fact]
    public void ConfidentLogitsKeepATinyLossExact()
    {
        // Scaled by 60, the correct logit leads the next by ~135: a loss near e^-135 ≈ 1e-59, which
        // max + log Σ exp(x − max) would round to 0.
        var logits = FourierLogits(scale: 60);
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), logits, Keys);
        double loss = decomposition.Loss(ModularAdditionGrid.AllIndices(P), ModularAdditionGrid.Labels(P));
        Assert.True(loss > 0 && loss < 1e-20, $"loss {loss}");
        Assert.Equal(1, decomposition.RestrictedLossOnAll() / loss, 1e-2);
    }

    [Fact]
    public void CoefficientsAreTheProjections()
    {
        // logit(a, b, c) = α cos(w(a+b−c)) = α(cos(w(a+b))cos(wc) + sin(w(a+b))sin(wc)), and
        // cos(w(a+b)) = (p/√2)·direction, so the projection is α·(p/√2)·cos(wc).
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), FourierLogits(), Keys);
        for (int c = 0; c < P; c += 5)
        {
            Assert.Equal(2 * P / Math.Sqrt(2) * Waves.Cos(17, c, P), decomposition.CosCoefficient(17, c), 1e-3);
            Assert.Equal(2 * P / Math.Sqrt(2) * Waves.Sin(17, c, P), decomposition.SinCoefficient(17, c), 1e-3);
        }
        Assert.Throws<ArgumentException>(() => decomposition.CosCoefficient(18, 0));
    }

    [Fact]
    public void RestrictedLossOnAllIsTheLossOverEveryInput()
    {
        // Its shortcut (one input per a + b) must agree with the plain mean over the p² inputs.
        const int p = 13;
        var rng = new Random(5);
        var logits = new Tensor(Enumerable.Range(0, p * p * p).Select(_ => (float)(3 * rng.NextDouble())).ToArray(), p * p, p);
        var decomposition = new KeyFrequencyLogits(new FourierBasis(p), logits, [2, 5]);
        double plain = decomposition.RestrictedLoss(ModularAdditionGrid.AllIndices(p), ModularAdditionGrid.Labels(p));
        Assert.Equal(plain, decomposition.RestrictedLossOnAll(), 1e-12);
        Assert.NotEqual(decomposition.Loss(ModularAdditionGrid.AllIndices(p), ModularAdditionGrid.Labels(p)), plain, 1e-3);
    }

    [Fact]
    public void RejectsBadShapesFrequenciesAndTargets()
    {
        var f = new FourierBasis(13);
        Assert.Throws<ArgumentException>(() => new KeyFrequencyLogits(f, Tensor.Zeros(169, 12), [1]));
        Assert.Throws<ArgumentException>(() => new KeyFrequencyLogits(f, Tensor.Zeros(169, 13), [7]));
        var d = new KeyFrequencyLogits(f, Tensor.Zeros(169, 13), [1, 1, 2]);
        Assert.Equal([1, 2], d.Frequencies);
        Assert.Throws<ArgumentException>(() => d.RestrictedLoss([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => d.RestrictedLoss([169], [0]));
        Assert.Throws<ArgumentException>(() => d.RestrictedLoss([0], [13]));
        Assert.Equal(Math.Log(13), d.RestrictedLossOnAll(), 1e-12);
    }
}
