using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tests.Analysis.Fourier;

namespace AlgoLens.Tests.Analysis.Grokking;

public class NeuronClustersTests
{
    private const int P = 13;

    // Planted neurons, shares known by construction (cos and sin of one frequency have equal energy
    // over Z_p, and over the grid cos(w(a+b)) and sin(w(a+b)) are orthogonal):
    // 0: act cos(w₂(a+b)), input cos(w₂x), output cos(w₂c)              → cluster 2, all in 2
    // 1: act sin(w₂(a+b)), input sin(w₂x) + cos(w₅x), output cos(w₂c) + sin(w₅c)
    //    → cluster 2: input energy 1 + 1 + 2 (neuron 0 plus two halves): 2/3 in 2; output likewise 2/3;
    //      logits act₀·cos + act₁·(cos + sin₅) with act₀ ⟂ act₁ of equal energy: (1 + 1)/(1 + 2) = 2/3
    // 2: act 3cos(w₄(a+b)) + 1, input cos(w₄x), output 2sin(w₄c) + 7      → cluster 4, all in 4 (constants left out)
    // 3: act cos(w₁a)·cos(w₃b), input cos(w₁x), output cos(w₃c)          → no block holds it: unexplained
    private static readonly Func<int, int, int, double> Act = (j, a, b) => j switch
    {
        0 => Waves.Cos(2, a + b, P),
        1 => Waves.Sin(2, a + b, P),
        2 => 3 * Waves.Cos(4, a + b, P) + 1,
        _ => Waves.Cos(1, a, P) * Waves.Cos(3, b, P),
    };

    private static double Input(int j, int x) => j switch
    {
        0 => Waves.Cos(2, x, P),
        1 => Waves.Sin(2, x, P) + Waves.Cos(5, x, P),
        2 => Waves.Cos(4, x, P),
        _ => Waves.Cos(1, x, P),
    };

    private static double Output(int j, int c) => j switch
    {
        0 => Waves.Cos(2, c, P),
        1 => Waves.Cos(2, c, P) + Waves.Sin(5, c, P),
        2 => 2 * Waves.Sin(4, c, P) + 7,
        _ => Waves.Cos(3, c, P),
    };

    private static NeuronCluster[] Clusters()
    {
        const int n = 4;
        var basis = new FourierBasis(P);
        var activations = Waves.Grid(P, n, Act);
        var input = new float[P * n];
        var output = new float[n * P];
        for (int j = 0; j < n; j++)
        {
            for (int x = 0; x < P; x++)
            {
                input[x * n + j] = (float)Input(j, x);
                output[j * P + x] = (float)Output(j, x);
            }
        }
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        return NeuronClusters.Of(basis, neurons, activations, new Tensor(input, P, n), new Tensor(output, n, P));
    }

    [Fact]
    public void NeuronsClusterByTheirFrequencyWithTheUnexplainedLast()
    {
        var clusters = Clusters();
        Assert.Equal([2, 4, 0], clusters.Select(c => c.Frequency));
        Assert.Equal([2, 1, 1], clusters.Select(c => c.Neurons));
        Assert.Null(clusters[2].InputShare);
        Assert.Null(clusters[2].OutputShare);
        Assert.Null(clusters[2].LogitShare);
    }

    [Fact]
    public void SharesInTheClusterFrequencyAreThePlantedOnes()
    {
        var clusters = Clusters();
        Assert.Equal(2.0 / 3, clusters[0].InputShare!.Value, 1e-5);
        Assert.Equal(2.0 / 3, clusters[0].OutputShare!.Value, 1e-5);
        Assert.Equal(2.0 / 3, clusters[0].LogitShare!.Value, 1e-5);
        Assert.Equal(1.0, clusters[1].InputShare!.Value, 1e-5);
        Assert.Equal(1.0, clusters[1].OutputShare!.Value, 1e-5);
        Assert.Equal(1.0, clusters[1].LogitShare!.Value, 1e-5);
    }

    [Fact]
    public void TheModelsMatricesAreTheValuePathAndTheNeuronLogitMap()
    {
        // A randomly initialised model with planted activations (the model overload reads only its
        // weights): its shares must be those of the arrays written here with plain loops,
        // Σ_h W_E·W_V[h]·W_O[h]·W_in and W_out·W_U.
        var model = new HookedTransformer(FrequencyNormsTests.Config(P, dModel: 8, dMlp: 6) with { NHeads = 2, DHead = 4 });
        const int n = 6, d = 8, heads = 2, dh = 4;
        var basis = new FourierBasis(P);
        var activations = Waves.Grid(P, n, (j, a, b) => Waves.Cos(j % 3 + 1, a + b, P));
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        float[] wE = model["embed.W_E"].Data, wV = model["blocks.0.attn.W_V"].Data, wO = model["blocks.0.attn.W_O"].Data;
        float[] wIn = model["blocks.0.mlp.W_in"].Data, wOut = model["blocks.0.mlp.W_out"].Data, wU = model["unembed.W_U"].Data;
        var input = new float[P * n];
        var output = new float[n * P];
        for (int x = 0; x < P; x++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int h = 0; h < heads; h++)
                {
                    for (int e = 0; e < dh; e++)
                    {
                        for (int i = 0; i < d; i++)
                        {
                            for (int m = 0; m < d; m++)
                            {
                                sum += (double)wE[x * d + i] * wV[(h * d + i) * dh + e] * wO[(h * dh + e) * d + m] * wIn[m * n + j];
                            }
                        }
                    }
                }
                input[x * n + j] = (float)sum;
                double logit = 0;
                for (int m = 0; m < d; m++)
                {
                    logit += (double)wOut[j * d + m] * wU[m * P + x];
                }
                output[j * P + x] = (float)logit;
            }
        }
        var fromModel = NeuronClusters.Of(model, basis, neurons, activations, layer: 0);
        var fromArrays = NeuronClusters.Of(basis, neurons, activations, new Tensor(input, P, n), new Tensor(output, n, P));
        Assert.Equal([1, 2, 3], fromModel.Select(c => c.Frequency));
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(fromArrays[c].InputShare!.Value, fromModel[c].InputShare!.Value, 1e-4);
            Assert.Equal(fromArrays[c].OutputShare!.Value, fromModel[c].OutputShare!.Value, 1e-4);
            Assert.Equal(fromArrays[c].LogitShare!.Value, fromModel[c].LogitShare!.Value, 1e-4);
        }
    }

    [Fact]
    public void ArraysOfTheWrongShapeNameTheExpectedShape()
    {
        var basis = new FourierBasis(P);
        var activations = Waves.Grid(P, 4, Act);
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        var error = Assert.Throws<ArgumentException>(() => NeuronClusters.Of(basis, neurons, activations, new Tensor(new float[P * 3], P, 3), new Tensor(new float[4 * P], 4, P)));
        Assert.Contains("neuronInput must be [p, n]", error.Message, StringComparison.Ordinal);
    }
}
