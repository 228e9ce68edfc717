using AlgoLens.Analysis.Fourier;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Fourier;

public class NeuronFrequenciesTests
{
    private const int P = 113;

    // Neurons with variance known by construction (over the grid, cos² and sin² average ½):
    // 0: 5 + cos(w₁₄a)cos(w₁₄b)           → all in block 14 (the offset is the mean)
    // 1: cos(w₃a) + 2cos(w₅(a+b))         → energies p²/2 and 4·p²/2: 0.2 in block 3, 0.8 in block 5
    // 2: 0                                 → no variance: frequency 0, share 0
    // 3: sin(w₄₁a) − 3                     → (sin 41, const) lies in block 41
    // 4: cos(w₇a)cos(w₉b)                  → (cos 7, cos 9) lies in no block: every share ~0
    // 5: sin(w₁₄b) + 0.1·cos(w₂₀a)         → 1/1.01 in block 14, 0.01/1.01 in block 20
    private static Tensor Activations() => Waves.Grid(P, 6, (j, a, b) => j switch
    {
        0 => 5 + Waves.Cos(14, a, P) * Waves.Cos(14, b, P),
        1 => Waves.Cos(3, a, P) + 2 * Waves.Cos(5, a + b, P),
        2 => 0,
        3 => Waves.Sin(41, a, P) - 3,
        4 => Waves.Cos(7, a, P) * Waves.Cos(9, b, P),
        _ => Waves.Sin(14, b, P) + 0.1 * Waves.Cos(20, a, P),
    });

    [Fact]
    public void SingleFrequencyNeuronsAreExplainedWithShareOne()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations());
        Assert.Equal(6, result.Neurons);
        Assert.Equal(56, result.Frequencies);
        Assert.Equal(14, result.Frequency[0]);
        Assert.Equal(1.0, result.Fraction[0], 1e-5);
        Assert.Equal(41, result.Frequency[3]);
        Assert.Equal(1.0, result.Fraction[3], 1e-5);
        Assert.True(result.IsExplained(0));
        Assert.True(result.IsExplained(3));
    }

    [Fact]
    public void MixturesSplitTheirVarianceByEnergy()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations());
        Assert.Equal(5, result.Frequency[1]);
        Assert.Equal(0.8, result.Fraction[1], 1e-5);
        Assert.Equal(0.2, result.ShareIn(1, 3), 1e-5);
        Assert.False(result.IsExplained(1));
        Assert.Equal(14, result.Frequency[5]);
        Assert.Equal(1 / 1.01, result.Fraction[5], 1e-5);
        Assert.Equal(0.01 / 1.01, result.ShareIn(5, 20), 1e-5);
        Assert.True(result.IsExplained(5));
        // Shares of different blocks never add to more than the whole variance.
        Assert.True(Enumerable.Range(1, 56).Sum(k => result.ShareIn(1, k)) <= 1 + 1e-9);
    }

    [Fact]
    public void TheSecondFrequencyIsWhereAMixedNeuronKeepsTheRest()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations());
        // Neuron 1: 0.8 in block 5, the other 0.2 in block 3.
        Assert.Equal(3, result.SecondFrequency[1]);
        Assert.Equal(0.2, result.SecondFraction[1], 1e-5);
        // Neuron 5: the 0.1·cos(w₂₀a) term.
        Assert.Equal(20, result.SecondFrequency[5]);
        Assert.Equal(0.01 / 1.01, result.SecondFraction[5], 1e-5);
        // Single-frequency and dead neurons have nothing (beyond rounding) elsewhere.
        Assert.Equal(0, result.SecondFraction[0], 1e-5);
        Assert.Equal(0, result.SecondFrequency[2]);
        Assert.Equal(0, result.SecondFraction[2]);
    }

    [Fact]
    public void DeadAndCrossFrequencyNeuronsAreNotExplained()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations());
        Assert.Equal(0, result.Frequency[2]);
        Assert.Equal(0, result.Fraction[2]);
        // Neuron 4's argmax is rounding noise; what matters is that no block holds its variance.
        Assert.Equal(0, result.Fraction[4], 1e-5);
        Assert.False(result.IsExplained(2));
        Assert.False(result.IsExplained(4));
    }

    [Fact]
    public void KeyFrequenciesAreThoseOfExplainedNeurons()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations());
        Assert.Equal(3, result.ExplainedCount);
        Assert.Equal(0.5, result.ExplainedShare, 1e-12);
        Assert.Equal([14, 41], result.KeyFrequencies());
        Assert.Equal([14], result.KeyFrequencies(minNeurons: 2));
        Assert.Empty(result.KeyFrequencies(minNeurons: 3));
        var perFrequency = result.ExplainedPerFrequency();
        Assert.Equal(2, perFrequency[14]);
        Assert.Equal(1, perFrequency[41]);
        Assert.Equal(0, perFrequency[5]);
    }

    [Fact]
    public void ThresholdDecidesWhatCountsAsExplained()
    {
        var result = NeuronFrequencies.Analyse(new FourierBasis(P), Activations(), threshold: 0.75);
        Assert.Equal([5, 14, 41], result.KeyFrequencies());
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronFrequencies.Analyse(new FourierBasis(P), Activations(), threshold: 0));
    }

    [Fact]
    public void GridShapedInputGivesTheSameAnswer()
    {
        var flat = Activations();
        var grid = new Tensor(flat.Data, P, P, 6);
        var a = NeuronFrequencies.Analyse(new FourierBasis(P), flat);
        var b = NeuronFrequencies.Analyse(new FourierBasis(P), grid);
        Assert.Equal(a.Frequency, b.Frequency);
        Assert.Equal(a.Fraction, b.Fraction);
        Assert.Throws<ArgumentException>(() => NeuronFrequencies.Analyse(new FourierBasis(13), flat));
    }

    [Fact]
    public void NeuronsAnalysedInPassesGetTheSameBitsAsInOnePass()
    {
        // 100 neurons (not a multiple of the pass widths below): the known waves over again, each
        // with its own noise, so that every neuron's shares differ and a neuron written to the
        // wrong column or a pass that skipped one would show.
        const int n = 100;
        var waves = Activations();
        var noise = new Rng(7).Randn(P * P, n);
        var activations = new Tensor(new float[P * P * n], P * P, n);
        for (int i = 0; i < P * P; i++)
        {
            for (int j = 0; j < n; j++)
            {
                activations.Data[i * n + j] = waves.Data[i * 6 + j % 6] + 0.01f * (j + 1) * noise.Data[i * n + j];
            }
        }
        var basis = new FourierBasis(P);
        var whole = NeuronFrequencies.Analyse(basis, activations, NeuronFrequencies.DefaultThreshold, neuronsPerPass: n);
        foreach (int perPass in new[] { NeuronFrequencies.NeuronsPerPass, 7 })
        {
            var passes = NeuronFrequencies.Analyse(basis, activations, NeuronFrequencies.DefaultThreshold, perPass);
            Assert.Equal(whole.Frequency, passes.Frequency);
            Assert.Equal(whole.SecondFrequency, passes.SecondFrequency);
            for (int j = 0; j < n; j++)
            {
                for (int k = 1; k <= whole.Frequencies; k++)
                {
                    Assert.Equal(whole.ShareIn(j, k), passes.ShareIn(j, k)); // exact: the same bits
                }
            }
        }
        Assert.Equal(14, whole.Frequency[6]); // neuron 6 is wave 0 with a little noise
    }
}
