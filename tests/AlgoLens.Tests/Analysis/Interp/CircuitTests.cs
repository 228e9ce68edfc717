using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

public class CircuitTests
{
    // (x · y) with both operands read from tensors by index, in the most literal way.
    private static double[,] Naive(int rows, int inner, int cols, Func<int, int, double> x, Func<int, int, double> y)
    {
        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                for (int k = 0; k < inner; k++)
                {
                    result[i, j] += x(i, k) * y(k, j);
                }
            }
        }
        return result;
    }

    [Fact]
    public void OvAndQkAreTheNaiveProductsOfTheHeadsWeights()
    {
        var model = TinyModels.Model(layers: 2);
        int d = model.Config.DModel, dh = model.Config.DHead;
        Tensor wV = model["blocks.1.attn.W_V"], wO = model["blocks.1.attn.W_O"], wQ = model["blocks.1.attn.W_Q"], wK = model["blocks.1.attn.W_K"];
        var ov = Naive(d, dh, d, (i, k) => wV[1, i, k], (k, j) => wO[1, k, j]);
        var qk = Naive(d, dh, d, (i, k) => wQ[1, i, k], (k, j) => wK[1, j, k]);
        Assert.True(DenseMatrix.MaxAbsDifference(ov, Circuits.OV(model, 1, 1)) < 1e-12);
        Assert.True(DenseMatrix.MaxAbsDifference(qk, Circuits.QK(model, 1, 1)) < 1e-12);

        Tensor wE = model["embed.W_E"], wU = model["unembed.W_U"];
        var embedOv = Naive(model.Config.DVocab, d, d, (i, k) => wE[i, k], (k, j) => ov[k, j]);
        var fullOv = Naive(model.Config.DVocab, d, model.Config.OutputVocab, (i, k) => embedOv[i, k], (k, j) => wU[k, j]);
        Assert.True(DenseMatrix.MaxAbsDifference(fullOv, Circuits.FullOV(model, 1, 1)) < 1e-10);
        var embedQk = Naive(model.Config.DVocab, d, d, (i, k) => wE[i, k], (k, j) => qk[k, j]);
        var fullQk = Naive(model.Config.DVocab, d, model.Config.DVocab, (i, k) => embedQk[i, k], (k, j) => wE[j, k]);
        Assert.True(DenseMatrix.MaxAbsDifference(fullQk, Circuits.FullQK(model, 1, 1)) < 1e-10);
        Assert.Equal([model.Config.NCtx, model.Config.NCtx], new[] { Circuits.PositionalQK(model, 0, 0).GetLength(0), Circuits.PositionalQK(model, 0, 0).GetLength(1) });
        Assert.Equal(model.Config.OutputVocab, Circuits.PositionalOV(model, 0, 0).GetLength(1));
    }

    [Fact]
    public void TheOvCircuitHasRankAtMostDHead()
    {
        var model = TinyModels.Model();
        var spectrum = Circuits.Spectrum(Circuits.OV(model, 0, 0));
        Assert.Equal(model.Config.DModel, spectrum.SingularValues.Length);
        Assert.Equal(model.Config.DHead, spectrum.Rank);
        Assert.InRange(spectrum.EffectiveRank, 1, model.Config.DHead);

        // A head whose W_V keeps one direction has a rank-one OV circuit.
        var wV = model["blocks.0.attn.W_V"].Data; // [head, d_model, d_head]
        Array.Clear(wV, 0, model.Config.DModel * model.Config.DHead);
        wV[2 * model.Config.DHead + 1] = 1;
        Assert.Equal(1, Circuits.Spectrum(Circuits.OV(model, 0, 0)).Rank);
        Assert.Throws<ArgumentOutOfRangeException>(() => Circuits.OV(model, 0, 2));
    }

    [Fact]
    public void WeightSpectraPerHead()
    {
        var model = TinyModels.Model();
        var perHead = Svd.SingularValuesPerMatrix(model["blocks.0.attn.W_Q"]);
        Assert.Equal(2, perHead.Length);
        Assert.Equal(model.Config.DHead, perHead[0].Length);
        Assert.Equal(Svd.SingularValues(DenseMatrix.FromTensor(model["blocks.0.attn.W_Q"], 1)), perHead[1]);
        Assert.Equal(model.Config.DVocab, Svd.SingularValues(model["embed.W_E"]).Length); // W_E is [7, 8]: min(7, 8) values
    }
}
