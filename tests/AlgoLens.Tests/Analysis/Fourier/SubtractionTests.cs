using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Fourier;

/// <summary>
/// The Fourier measures on (a − b) mod p: logits built to be exactly Σ_k α_k cos(w_k(a − b − c)),
/// with every expected number computed here from the formulas (labels, losses), not by the code
/// under test; and the same logits read with the addition formulas, which must get them wrong.
/// </summary>
public class SubtractionTests
{
    private const int P = KeyFrequencyLogitsTests.P; // 59
    private static readonly int[] Keys = [7, 17, 23];
    private static readonly double[] Amplitudes = [3, 2, 1.5];

    private static int Difference(int a, int b) => ((a - b) % P + P) % P;

    // Σ_k α_k cos(w_k(a − b − c)) over the given keys: the subtraction circuit, exactly.
    private static double Circuit(int a, int b, int c, IEnumerable<int> keys) =>
        keys.Sum(k => Amplitudes[Array.IndexOf(Keys, k)] * Waves.Cos(k, a - b - c, P));

    private static Tensor SubLogits() => Waves.Logits(P, (a, b, c) => Circuit(a, b, c, Keys));

    // Mean cross-entropy of logit(a, b, c) = f(a, b, c) (in float64, from the formula) over the
    // given rows a·p + b, with labels (a − b) mod p.
    private static double ExpectedLoss(Func<int, int, int, double> f, IEnumerable<int> rows)
    {
        double total = 0;
        int count = 0;
        foreach (int i in rows)
        {
            int a = i / P, b = i % P;
            var row = Enumerable.Range(0, P).Select(c => f(a, b, c)).ToArray();
            double max = row.Max();
            total += Math.Log(row.Sum(v => Math.Exp(v - max))) + max - row[Difference(a, b)];
            count++;
        }
        return total / count;
    }

    private static readonly int[] All = Enumerable.Range(0, P * P).ToArray();
    private static readonly int[] Train = All.Where(i => i % 7 == 2).ToArray();

    [Fact]
    public void TheOperationIsASign()
    {
        Assert.Equal(1, CyclicOperation.Add.Sign);
        Assert.Equal(-1, CyclicOperation.Sub.Sign);
        Assert.Same(CyclicOperation.Sub, CyclicOperation.FromName("sub"));
        Assert.Same(CyclicOperation.Add, CyclicOperation.FromName("add"));
        Assert.Null(CyclicOperation.FromName("mul"));
        Assert.Null(CyclicOperation.FromName("odd_div_else_sub"));
        Assert.Equal(Difference(3, 50), CyclicOperation.Sub.Apply(3, 50, P));
        Assert.Equal((3 + 50) % P, CyclicOperation.Add.Apply(3, 50, P));
        var labels = ModularAdditionGrid.Labels(P, CyclicOperation.Sub);
        Assert.All(All, i => Assert.Equal(Difference(i / P, i % P), labels[i]));
        Assert.Equal(ModularAdditionGrid.Labels(P), ModularAdditionGrid.Labels(P, CyclicOperation.Add));
    }

    [Fact]
    public void SubDirectionsAreTheUnitCosineAndSineOfADifference()
    {
        const int p = 13;
        var f = new FourierBasis(p);
        var cos = KeyFrequencyLogits.CosDirection(f, 4, CyclicOperation.Sub);
        var sin = KeyFrequencyLogits.SinDirection(f, 4, CyclicOperation.Sub);
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                Assert.Equal(Math.Sqrt(2) / p * Waves.Cos(4, a - b, p), cos[a * p + b], 1e-12);
                Assert.Equal(Math.Sqrt(2) / p * Waves.Sin(4, a - b, p), sin[a * p + b], 1e-12);
            }
        }
        Assert.Equal(1, cos.Sum(v => v * v), 1e-12);
        Assert.Equal(0, cos.Zip(sin).Sum(t => t.First * t.Second), 1e-12);
        // The sum's and the difference's directions are orthogonal: each sees none of the other.
        var sumCos = KeyFrequencyLogits.CosDirection(f, 4);
        Assert.Equal(0, cos.Zip(sumCos).Sum(t => t.First * t.Second), 1e-12);
        // Addition stays the default, value for value.
        Assert.Equal(sumCos, KeyFrequencyLogits.CosDirection(f, 4, CyclicOperation.Add));
        Assert.Equal(KeyFrequencyLogits.SinDirection(f, 4), KeyFrequencyLogits.SinDirection(f, 4, CyclicOperation.Add));
    }

    [Fact]
    public void TheFitRecoversTheAmplitudesOfADifferenceCircuit()
    {
        var fit = LogitCosineFit.Fit(new FourierBasis(P), SubLogits(), [23, 7, 17], CyclicOperation.Sub);
        Assert.Equal(1, fit.VarianceExplained, 1e-6);
        Assert.Equal([7, 17, 23], fit.Frequencies);
        Assert.Equal(3, fit.Alphas[0], 1e-5);
        Assert.Equal(2, fit.Alphas[1], 1e-5);
        Assert.Equal(1.5, fit.Alphas[2], 1e-5);
        // Leaving 23 out costs its share α² / Σα² = 2.25 / 15.25.
        Assert.Equal(13 / 15.25, LogitCosineFit.Fit(new FourierBasis(P), SubLogits(), [7, 17], CyclicOperation.Sub).VarianceExplained, 1e-5);
    }

    [Fact]
    public void TheAdditionFitSeesNothingOfADifferenceCircuit()
    {
        // Σ_{a,b,c} cos(w(a−b−c))·cos(w(a+b−c)) = 0 (the b-sum leaves p/2·cos(2w(a−c)), whose
        // (a, c) sum is 0): read with the addition formula, the circuit explains nothing.
        var fit = LogitCosineFit.Fit(new FourierBasis(P), SubLogits(), Keys);
        Assert.Equal(0, fit.VarianceExplained, 1e-6);
        Assert.All(fit.Alphas, alpha => Assert.Equal(0, alpha, 1e-5));
        // And the other way round: an addition circuit read as a difference.
        var addFit = LogitCosineFit.Fit(new FourierBasis(P), KeyFrequencyLogitsTests.FourierLogits(), Keys, CyclicOperation.Sub);
        Assert.Equal(0, addFit.VarianceExplained, 1e-6);
    }

    [Fact]
    public void RestrictedLossIsTheFullLossAndExcludedLogitsAreConstant()
    {
        var logits = SubLogits();
        var decomposition = new KeyFrequencyLogits(new FourierBasis(P), logits, Keys, CyclicOperation.Sub);
        Assert.Same(CyclicOperation.Sub, decomposition.Operation);
        Assert.True(logits.Data.Zip(decomposition.Restricted().Data).Max(t => Math.Abs(t.First - t.Second)) < 1e-5);
        Assert.True(decomposition.Excluded().Data.Max(Math.Abs) < 1e-5);

        double full = ExpectedLoss((a, b, c) => Circuit(a, b, c, Keys), All);
        Assert.True(full < 1, $"the circuit predicts (a − b) mod p: loss {full} (ln p = {Math.Log(P):F2})");
        Assert.Equal(full, decomposition.Loss(All, ModularAdditionGrid.Labels(P, CyclicOperation.Sub)), 1e-5);
        Assert.Equal(full, decomposition.RestrictedLossOnAll(), 1e-5);
        Assert.Equal(Math.Log(P), decomposition.ExcludedLossOn(Train), 1e-6);
    }

    [Fact]
    public void ExcludedLossIsTheLossOfWhatIsLeftWhenTheKeysAreRemoved()
    {
        // The logits are the circuit plus 0.8·cos(w₁₁(a − c)), which depends on a alone and so has
        // no component along any cos/sin(w_k(a − b)). Restricted: the circuit's loss exactly;
        // excluded: the loss of 0.8·cos(w₁₁(a − c)) alone; with 23 left out, plus its term.
        static double Extra(int a, int c) => 0.8 * Waves.Cos(11, a - c, P);
        var logits = Waves.Logits(P, (a, b, c) => Circuit(a, b, c, Keys) + Extra(a, c));
        var basis = new FourierBasis(P);

        var decomposition = new KeyFrequencyLogits(basis, logits, Keys, CyclicOperation.Sub);
        double restricted = ExpectedLoss((a, b, c) => Circuit(a, b, c, Keys), All);
        Assert.Equal(restricted, decomposition.RestrictedLossOnAll(), 1e-5);
        Assert.NotEqual(ExpectedLoss((a, b, c) => Circuit(a, b, c, Keys) + Extra(a, c), All), restricted, 1e-2);
        Assert.Equal(ExpectedLoss((a, b, c) => Extra(a, c), Train), decomposition.ExcludedLossOn(Train), 1e-5);

        var without23 = new KeyFrequencyLogits(basis, logits, [7, 17], CyclicOperation.Sub);
        Assert.Equal(ExpectedLoss((a, b, c) => Circuit(a, b, c, [7, 17]), All), without23.RestrictedLossOnAll(), 1e-5);
        Assert.Equal(ExpectedLoss((a, b, c) => 1.5 * Waves.Cos(23, a - b - c, P) + Extra(a, c), Train), without23.ExcludedLossOn(Train), 1e-5);
    }

    [Fact]
    public void TheAdditionFormulasGetTheDifferenceCircuitWrong()
    {
        // With the sum's directions the circuit has no key component: the restricted logits are
        // the column means (0), so the restricted loss is ln p instead of the small true loss,
        // and nothing is excluded (the excluded logits are the logits themselves).
        var logits = SubLogits();
        var wrong = new KeyFrequencyLogits(new FourierBasis(P), logits, Keys);
        double truth = ExpectedLoss((a, b, c) => Circuit(a, b, c, Keys), All);
        Assert.Equal(Math.Log(P), wrong.RestrictedLossOnAll(), 1e-5);
        Assert.True(wrong.RestrictedLossOnAll() - truth > 3, $"{wrong.RestrictedLossOnAll()} vs {truth}");
        Assert.True(logits.Data.Zip(wrong.Excluded().Data).Max(t => Math.Abs(t.First - t.Second)) < 1e-5);
    }

    [Fact]
    public void RestrictedLossOnAllIsTheLossOverEveryInput()
    {
        // Its shortcut (one input a = r, b = 0 per class r = a − b) against the plain mean over p² inputs.
        const int p = 13;
        var rng = new Random(5);
        var logits = new Tensor(Enumerable.Range(0, p * p * p).Select(_ => (float)(3 * rng.NextDouble())).ToArray(), p * p, p);
        var decomposition = new KeyFrequencyLogits(new FourierBasis(p), logits, [2, 5], CyclicOperation.Sub);
        double plain = decomposition.RestrictedLoss(ModularAdditionGrid.AllIndices(p), ModularAdditionGrid.Labels(p, CyclicOperation.Sub));
        Assert.Equal(plain, decomposition.RestrictedLossOnAll(), 1e-12);
    }

    [Fact]
    public void NeuronsOfADifferenceGroupByFrequencyToo()
    {
        // cos(w(a − b)) = cos wa·cos wb + sin wa·sin wb and sin(w(a − b)) = sin wa·cos wb −
        // cos wa·sin wb lie in the {const, cos k, sin k}² block as the sum's terms do.
        const int p = 113;
        var activations = Waves.Grid(p, 4, (j, a, b) => j switch
        {
            0 => Waves.Cos(14, a - b, p),
            1 => 2 + Waves.Sin(35, a - b, p) + 0.5 * Waves.Cos(35, a - b, p),
            2 => Math.Max(0, Waves.Cos(41, a - b, p) + Waves.Cos(41, a, p)), // a ReLU: mostly 41, some harmonics
            _ => Waves.Cos(42, a - b, p) + 0.5 * Waves.Cos(52, a - b, p),
        });
        var neurons = NeuronFrequencies.Analyse(new FourierBasis(p), activations);
        Assert.Equal([14, 35, 41, 42], neurons.Frequency);
        Assert.Equal(1, neurons.Fraction[0], 1e-5);
        Assert.Equal(1, neurons.Fraction[1], 1e-5);
        Assert.Equal(0.8, neurons.Fraction[3], 1e-5); // energies 1 and 0.25
        Assert.Equal(0.2, neurons.ShareIn(3, 52), 1e-5);
        Assert.InRange(neurons.Fraction[2], 0.5, 1);
    }
}
