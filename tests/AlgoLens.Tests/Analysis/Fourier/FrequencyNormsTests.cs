using AlgoLens.Analysis.Fourier;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Fourier;

public class FrequencyNormsTests
{
    private const int P = 113;

    internal static HookedTransformerConfig Config(int p, int dModel = 8, int dMlp = 6) => new()
    {
        NLayers = 1, DModel = dModel, NHeads = 1, DHead = dModel, DMlp = dMlp, DVocab = p + 1, DVocabOut = p, NCtx = 3, Seed = 3,
    };

    // W_E[x] = 2.5·√(2/p)·cos(w₁₄x + 0.3)·e₀ + 0.7·√(2/p)·sin(w₄₁x)·e₃: unit-norm basis rows times the
    // amplitudes, so frequency 14 has norm 2.5 and 41 has 0.7. The '=' row is junk that must be left out.
    internal static HookedTransformer TwoFrequencyEmbedding(int p = P)
    {
        var model = new HookedTransformer(Config(p));
        int d = model.Config.DModel;
        var embed = new float[(p + 1) * d];
        double scale = Math.Sqrt(2.0 / p);
        for (int x = 0; x < p; x++)
        {
            embed[x * d + 0] = (float)(2.5 * scale * Math.Cos(Waves.W(14, p) * x + 0.3));
            embed[x * d + 3] = (float)(0.7 * scale * Waves.Sin(41, x, p));
        }
        for (int j = 0; j < d; j++)
        {
            embed[p * d + j] = 100;
        }
        model.SetParameter("embed.W_E", embed, [p + 1, d]);
        return model;
    }

    [Fact]
    public void EmbeddingBuiltFromTwoFrequenciesHasTheirAmplitudesAndNothingElse()
    {
        var norms = FrequencyNorms.OfEmbedding(TwoFrequencyEmbedding(), new FourierBasis(P));
        Assert.Equal(57, norms.Length);
        for (int k = 0; k < norms.Length; k++)
        {
            double expected = k switch { 14 => 2.5, 41 => 0.7, _ => 0 };
            Assert.Equal(expected, norms[k], 1e-5);
        }
        Assert.Equal(1.0, FrequencyNorms.Share(norms, [14, 41]), 1e-9);
        Assert.Equal(2.5 * 2.5 / (2.5 * 2.5 + 0.7 * 0.7), FrequencyNorms.Share(norms, [14, 3]), 1e-6);
        Assert.Equal(0.0, FrequencyNorms.Share(norms, [1, 2, 55]), 1e-9);
    }

    [Fact]
    public void GiniOfTheEmbeddingNormsIsTheTwoSpikeValue()
    {
        var norms = FrequencyNorms.NonConstant(FrequencyNorms.OfEmbedding(TwoFrequencyEmbedding(), new FourierBasis(P)));
        Assert.Equal(56, norms.Length);
        // Sorted ascending, 0.7 is 55th and 2.5 is 56th of N = 56.
        double l1 = 3.2, n = 56;
        double expected = 1 - 2 * ((0.7 / l1) * ((n - 55 + 0.5) / n) + (2.5 / l1) * ((n - 56 + 0.5) / n));
        Assert.Equal(expected, GiniCoefficient.Of(norms), 1e-5);
    }

    [Fact]
    public void NeuronLogitMapNormsCountTheNeuronsWritingEachFrequency()
    {
        // W_U rows 0 and 1 are the unit cos/sin rows of frequency 9, row 2 is cos of frequency 30.
        // W_out routes neurons 0, 1, 2 to rows 0, 1, 2 and neuron 3 to row 0 with weight 2, so
        // W_L has energy 1 + 1 + 4 = 6 at frequency 9 and 1 at frequency 30.
        const int p = 61;
        var model = new HookedTransformer(Config(p, dModel: 4, dMlp: 5));
        var f = new FourierBasis(p);
        var wU = new float[4 * p];
        for (int c = 0; c < p; c++)
        {
            wU[0 * p + c] = (float)f[f.CosRow(9), c];
            wU[1 * p + c] = (float)f[f.SinRow(9), c];
            wU[2 * p + c] = (float)f[f.CosRow(30), c];
        }
        model.SetParameter("unembed.W_U", wU, [4, p]);
        var wOut = new float[5 * 4];
        wOut[0 * 4 + 0] = 1;
        wOut[1 * 4 + 1] = 1;
        wOut[2 * 4 + 2] = 1;
        wOut[3 * 4 + 0] = 2;
        model.SetParameter("blocks.0.mlp.W_out", wOut, [5, 4]);

        var map = FrequencyNorms.NeuronLogitMap(model, p, layer: 0);
        Assert.Equal([5, p], map.Shape);
        Assert.Equal(2 * wU[17], map[3, 17], 1e-6);
        var norms = FrequencyNorms.OfNeuronLogitMap(model, f, layer: 0);
        for (int k = 0; k < norms.Length; k++)
        {
            double expected = k switch { 9 => Math.Sqrt(6), 30 => 1, _ => 0 };
            Assert.Equal(expected, norms[k], 1e-5);
        }
    }

    [Fact]
    public void RowsAndColumnsAgreeOnTransposedMatrices()
    {
        const int p = 13;
        var f = new FourierBasis(p);
        var rng = new Random(4);
        var m = new Tensor(Enumerable.Range(0, p * 5).Select(_ => (float)rng.NextDouble()).ToArray(), p, 5);
        var rows = FrequencyNorms.OfRows(f, m);
        var columns = FrequencyNorms.OfColumns(f, Ops.Transpose(m));
        Assert.All(rows.Zip(columns), pair => Assert.Equal(pair.First, pair.Second, 1e-9));
        // Parseval: the squared norms add up to ‖M‖².
        Assert.Equal(m.Data.Sum(v => (double)v * v), rows.Sum(n => n * n), 1e-6);
    }

    [Fact]
    public void ShareRejectsFrequenciesOutsideTheNorms()
    {
        Assert.Throws<ArgumentException>(() => FrequencyNorms.Share(new double[7], [7]));
        Assert.Throws<ArgumentException>(() => FrequencyNorms.Share(new double[7], [0]));
        Assert.Equal(0, FrequencyNorms.Share(new double[7], [3]));
    }
}
