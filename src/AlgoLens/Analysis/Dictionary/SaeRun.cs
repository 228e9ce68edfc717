using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// One fit of <see cref="SparseAutoencoder"/>: the scaled data, the weights, the epoch loop with the
/// dead-feature windows and resampling, and the result in the original units.
/// </summary>
internal sealed class SaeRun
{
    private const int EvaluationBatch = 4096;
    private readonly SparseAutoencoderOptions options;
    private readonly Rng rng;
    private readonly double centredSquares;
    private readonly int window;

    public SaeRun(SparseAutoencoderOptions options, float[] rows, int n, int d, int k, int epochs, ulong seed)
    {
        this.options = options;
        Epochs = epochs;
        rng = new Rng(seed);
        var (scale, mean, squares) = SaeData.Measure(rows, n, d);
        centredSquares = squares;
        Data = new SaeData(rows, n, d, scale);
        Parameters = new SaeParameters(d, k, options.TopK);
        Parameters.Initialise(rng.Fork(1));
        double[] bias = options.DecoderBiasInit == DecoderBiasInit.Mean
            ? mean
            : GeometricMedian.Compute(rows, d, SampleRows(rng.Fork(2), n, 4096));
        for (int j = 0; j < d; j++)
        {
            Parameters.BDec[j] = (float)(bias[j] * scale);
        }
        int batch = Math.Min(options.BatchSize, n);
        Trainer = new SaeTrainer(Parameters, batch, options.LearningRate, options.L1Coefficient, options.UnitNormDecoder);
        window = options.DeadWindow ?? n;
    }

    public SaeData Data { get; }

    public SaeParameters Parameters { get; }

    public SaeTrainer Trainer { get; }

    public int Epochs { get; }

    /// <summary>Adam steps so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Steps whose backward ran sparse.</summary>
    public int SparseSteps { get; private set; }

    /// <summary>Resamplings so far.</summary>
    public int Resampled { get; private set; }

    /// <summary>Dead features at the end of the last complete window (before its resampling).</summary>
    public int LastWindowDead { get; private set; }

    /// <summary>Mean squared error per row (scaled units) of each epoch's batches.</summary>
    public List<double> EpochLoss { get; } = [];

    public void Train()
    {
        int n = Data.N;
        int batch = Math.Min(options.BatchSize, n);
        long total = (long)Epochs * n, seen = 0, inWindow = 0;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            var order = rng.Permutation(n);
            double squares = 0;
            for (int start = 0; start < n; start += batch)
            {
                int rows = Math.Min(batch, n - start);
                squares += Trainer.Step(Data, order.AsSpan(start, rows)) * rows;
                Steps++;
                SparseSteps += Trainer.LastWasSparse ? 1 : 0;
                seen += rows;
                inWindow += rows;
                if (inWindow >= window)
                {
                    EndWindow(resample: options.Resample && seen <= options.ResampleUntil * total);
                    inWindow = 0;
                }
            }
            EpochLoss.Add(squares / n);
        }
    }

    /// <summary>Counts the features that fired on no row of the window and, if asked, resamples them.</summary>
    public void EndWindow(bool resample)
    {
        var dead = new List<int>();
        for (int i = 0; i < Parameters.K; i++)
        {
            if (Trainer.Fired[i] == 0)
            {
                dead.Add(i);
            }
        }
        LastWindowDead = dead.Count;
        if (resample)
        {
            Resampled += SaeResampler.Resample(Parameters, Trainer.Adam, Data, dead, options.ResampleSampleSize,
                options.ResampleEncoderScale, EvaluationBatch, rng);
        }
        Trainer.ResetFiring();
    }

    /// <summary>Evaluates the final weights on every row and packages the dictionary in the original units.</summary>
    public DictionaryResult Result()
    {
        int n = Data.N, d = Parameters.D, k = Parameters.K;
        var all = Enumerable.Range(0, n).ToArray();
        var evaluation = SaeEvaluation.Run(Parameters, Data, all, EvaluationBatch);
        double scale = Data.Scale;
        double squares = evaluation.RowErrors.Sum() / (scale * scale);
        var diagnostics = new Dictionary<string, double>
        {
            ["mse"] = squares / ((double)n * d),
            ["fvu"] = centredSquares > 0 ? squares / centredSquares : 0,
            ["l0"] = (double)evaluation.ActiveCodes / n,
            ["dead_features"] = evaluation.Fired.Count(c => c == 0),
            ["resampled"] = Resampled,
            ["epochs"] = Epochs,
        };
        var atoms = new double[k, d];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < d; j++)
            {
                atoms[i, j] = Parameters.WDec[i * d + j];
            }
        }
        var offset = Parameters.BDec.Select(b => b / scale).ToArray();
        var encoder = new SaeEncoder(Parameters, Data.Scale, EvaluationBatch);
        return new DictionaryResult("sae", atoms, offset, encoder.Encode, diagnostics);
    }

    private static int[] SampleRows(Rng rng, int n, int count)
    {
        var order = rng.Permutation(n);
        return order[..Math.Min(count, n)];
    }
}
