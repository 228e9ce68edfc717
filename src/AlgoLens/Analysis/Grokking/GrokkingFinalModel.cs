using AlgoLens.Analysis.Fourier;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis.Grokking;

/// <summary>
/// analysis/artefacts/grokking.json: what the report plots of the final model's Fourier mechanism,
/// computed once by <c>analyze</c> so that the report loads no checkpoint. Grids are jagged
/// [row][column] arrays, numbers rounded to 7 significant digits (plots need no more).
/// </summary>
public sealed record GrokkingFinalModel
{
    /// <summary>Artefact name.</summary>
    public const string ArtefactName = "grokking";

    /// <summary>The modulus.</summary>
    public int P { get; init; }

    /// <summary>Names of the Fourier basis rows (const, cos 1, sin 1, ...).</summary>
    public IReadOnlyList<string> BasisNames { get; init; } = [];

    /// <summary>The final model's key frequencies.</summary>
    public IReadOnlyList<int> KeyFrequencies { get; init; } = [];

    /// <summary>Norm of W_E's (cos, sin) pair per frequency, index k (0 = constant).</summary>
    public IReadOnlyList<double> EmbeddingNorms { get; init; } = [];

    /// <summary>The share a neuron needs in one frequency to count as explained.</summary>
    public double NeuronThreshold { get; init; }

    /// <summary>Explained neurons per frequency, index k (0 unused).</summary>
    public IReadOnlyList<int> NeuronsPerFrequency { get; init; } = [];

    /// <summary>[neuron][k − 1]: each neuron's share of variance per frequency, neurons grouped by frequency, then by share.</summary>
    public IReadOnlyList<double[]> NeuronFrequencyShares { get; init; } = [];

    /// <summary>The neurons clustered by frequency, with each cluster's share of input, output and logit effect in it (<see cref="NeuronClusters"/>).</summary>
    public IReadOnlyList<NeuronCluster> NeuronClusters { get; init; } = [];

    /// <summary>[a component][b component]: norm over outputs of the logits' 2-D Fourier transform.</summary>
    public IReadOnlyList<double[]> LogitFourier { get; init; } = [];

    /// <summary>The 2-D spectrum of the strongest neuron per key frequency.</summary>
    public IReadOnlyList<NeuronSpectrum> NeuronSpectra { get; init; } = [];

    /// <summary>[head][a][b]: attention from '=' to the first operand in block 0.</summary>
    public IReadOnlyList<double[][]> AttentionToFirstOperand { get; init; } = [];

    /// <summary>Computes the artefact from the final model.</summary>
    public static GrokkingFinalModel Of(HookedTransformer model, int p, IReadOnlyList<int> keys)
    {
        ArgumentNullException.ThrowIfNull(model);
        var basis = new FourierBasis(p);
        var (logits, activations) = GrokkingProgress.LastPosition(model, p, model.Config.NLayers - 1);
        var neurons = NeuronFrequencies.Analyse(basis, activations);
        var order = Enumerable.Range(0, neurons.Neurons).OrderBy(n => neurons.Frequency[n]).ThenByDescending(n => neurons.Fraction[n]);
        return new GrokkingFinalModel
        {
            P = p,
            BasisNames = basis.RowNames(),
            KeyFrequencies = keys.ToArray(),
            EmbeddingNorms = Round(FrequencyNorms.OfEmbedding(model, basis)),
            NeuronThreshold = neurons.Threshold,
            NeuronsPerFrequency = neurons.ExplainedPerFrequency(),
            NeuronFrequencyShares = order.Select(n => Round(Enumerable.Range(1, neurons.Frequencies).Select(k => neurons.ShareIn(n, k)))).ToArray(),
            NeuronClusters = Grokking.NeuronClusters.Of(model, basis, neurons, activations, model.Config.NLayers - 1)
                .Select(c => c with { InputShare = Round(c.InputShare), OutputShare = Round(c.OutputShare), LogitShare = Round(c.LogitShare) }).ToArray(),
            LogitFourier = LogitFourierNorms(basis, logits),
            NeuronSpectra = Spectra(basis, activations, neurons, keys),
            AttentionToFirstOperand = Attention(model, p),
        };
    }

    private static double[][] LogitFourierNorms(FourierBasis basis, Tensor logits)
    {
        var transformed = FourierTransform.Grid(basis, logits); // [p, p, p]
        int p = basis.P;
        var values = new double[p][];
        for (int x = 0; x < p; x++)
        {
            values[x] = new double[p];
            for (int y = 0; y < p; y++)
            {
                double sum = 0;
                for (int c = 0; c < p; c++)
                {
                    double v = transformed.Data[(x * p + y) * p + c];
                    sum += v * v;
                }
                values[x][y] = Round(Math.Sqrt(sum));
            }
        }
        return values;
    }

    // The strongest neuron of each key frequency (of the three most single-frequency neurons'
    // frequencies when the model has no key frequency yet, so that an early run still shows some).
    private static NeuronSpectrum[] Spectra(FourierBasis basis, Tensor activations, NeuronFrequencies neurons, IReadOnlyList<int> keys)
    {
        if (keys.Count == 0)
        {
            keys = Enumerable.Range(0, neurons.Neurons).OrderByDescending(n => neurons.Fraction[n])
                .Select(n => neurons.Frequency[n]).Where(k => k > 0).Distinct().Take(3).ToArray();
        }
        int p = basis.P, width = activations.Shape[1];
        var transformed = FourierTransform.Grid(basis, activations); // [p, p, d_mlp]
        var spectra = new List<NeuronSpectrum>();
        foreach (int k in keys)
        {
            var candidates = Enumerable.Range(0, neurons.Neurons).Where(n => neurons.Frequency[n] == k).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }
            int neuron = candidates.MaxBy(n => neurons.Fraction[n]);
            var values = new double[p][];
            for (int x = 0; x < p; x++)
            {
                values[x] = new double[p];
                for (int y = 0; y < p; y++)
                {
                    // The constant component is left out: it dwarfs the rest and says nothing of the frequency.
                    values[x][y] = x == 0 && y == 0 ? 0 : Round(Math.Abs(transformed.Data[(x * p + y) * width + neuron]));
                }
            }
            spectra.Add(new NeuronSpectrum(neuron, k, neurons.Fraction[neuron], values));
        }
        return spectra.ToArray();
    }

    private static double[][][] Attention(HookedTransformer model, int p)
    {
        Tensor pattern;
        using (Tensor.NoGrad())
        {
            var (_, cache) = model.RunWithCache(ModularAdditionGrid.Tokens(p), n => n == "blocks.0.attn.hook_pattern", outputPositions: [ModularAdditionGrid.Positions - 1]);
            pattern = cache["blocks.0.attn.hook_pattern"].Clone(); // [p², head, q, 3]: q = 1 when block 0 is the last (only '=' is computed)
        }
        int heads = pattern.Shape[1], queries = pattern.Shape[2], keys = pattern.Shape[3];
        var result = new double[heads][][];
        for (int h = 0; h < heads; h++)
        {
            result[h] = new double[p][];
            for (int a = 0; a < p; a++)
            {
                result[h][a] = new double[p];
                for (int b = 0; b < p; b++)
                {
                    // The '=' query is the last row of the pattern; key 0 is the first operand a.
                    result[h][a][b] = Round(pattern.Data[(((a * p + b) * heads + h) * queries + queries - 1) * keys]);
                }
            }
        }
        return result;
    }

    private static double Round(double v) => double.IsFinite(v) && v != 0 ? double.Parse(v.ToString("G7", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : v;

    private static double? Round(double? v) => v is { } x ? Round(x) : null;

    private static double[] Round(IEnumerable<double> values) => values.Select(Round).ToArray();
}

/// <summary>One neuron's 2-D Fourier spectrum.</summary>
/// <param name="Neuron">The neuron.</param>
/// <param name="Frequency">Its frequency.</param>
/// <param name="Fraction">Its share of variance in that frequency.</param>
/// <param name="Values">[a component][b component]: |coefficient|, constant left out.</param>
public sealed record NeuronSpectrum(int Neuron, int Frequency, double Fraction, double[][] Values);
