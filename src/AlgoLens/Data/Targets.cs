namespace AlgoLens.Data;

/// <summary>
/// What a batch's outputs should be, per (sequence, position): a class id, or real values, and
/// which positions carry loss. Class targets use -1 for "no loss here" (PyTorch's ignore_index);
/// real targets carry an explicit loss mask.
/// </summary>
public sealed class Targets
{
    private Targets(int[]? classes, float[]? values, bool[] lossMask, int batch, int positions, int width, float[]? weights)
    {
        Classes = classes;
        Values = values;
        LossMask = lossMask;
        Batch = batch;
        Positions = positions;
        Width = width;
        Weights = weights;
    }

    /// <summary>The class id the model should predict, -1 where no loss is read. Value at [batch, positions].</summary>
    public static Targets FromClasses(int[] classes, int batch, int positions)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Length != batch * positions)
        {
            throw new ArgumentException($"{classes.Length} class targets do not form a [{batch}, {positions}] batch.");
        }
        var mask = new bool[classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            if (classes[i] < -1)
            {
                throw new ArgumentException($"Class target {classes[i]} at slot {i} is negative; use -1 for positions without loss.");
            }
            mask[i] = classes[i] >= 0;
        }
        return new Targets(classes, null, mask, batch, positions, 0, null);
    }

    /// <summary>
    /// Real targets [batch, positions, width] read where <paramref name="lossMask"/> ([batch, positions]) is
    /// true, with optional loss weights: per output [width] (the feature importances of a toy model),
    /// or per position and output [positions, width] (each instance of a toy model at its own importance).
    /// </summary>
    public static Targets FromValues(float[] values, int batch, int positions, int width, bool[] lossMask, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(lossMask);
        if (values.Length != (long)batch * positions * width || lossMask.Length != batch * positions)
        {
            throw new ArgumentException($"Real targets need [{batch}, {positions}, {width}] values and a [{batch}, {positions}] loss mask; got {values.Length} and {lossMask.Length}.");
        }
        if (weights is not null && weights.Length != width && weights.Length != (long)positions * width)
        {
            throw new ArgumentException($"Loss weights need one entry per output ({width}) or per position and output ({positions} × {width}); got {weights.Length}.");
        }
        return new Targets(null, values, lossMask, batch, positions, width, weights);
    }

    /// <summary>Class ids [batch, positions], -1 where no loss is read; null for real targets.</summary>
    public int[]? Classes { get; }

    /// <summary>Real targets [batch, positions, width]; null for class targets.</summary>
    public float[]? Values { get; }

    /// <summary>[batch, positions]: true where the loss reads the output.</summary>
    public bool[] LossMask { get; }

    /// <summary>
    /// Loss weights for real targets (importance-weighted MSE): per output [width], or per position
    /// and output [positions, width] (<see cref="HasPositionWeights"/>); null for equal weights.
    /// </summary>
    public float[]? Weights { get; }

    /// <summary>True when <see cref="Weights"/> holds one row of weights per position rather than one shared row.</summary>
    public bool HasPositionWeights => Weights is not null && Positions > 1 && Weights.Length == Positions * Width;

    /// <summary>The loss weight of output <paramref name="output"/> at <paramref name="position"/> (1 without weights).</summary>
    public float WeightAt(int position, int output) =>
        Weights is null ? 1f : HasPositionWeights ? Weights[position * Width + output] : Weights[output];

    /// <summary>True for class targets.</summary>
    public bool IsClasses => Classes is not null;

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Positions per sequence.</summary>
    public int Positions { get; }

    /// <summary>Real values per position (0 for classes).</summary>
    public int Width { get; }

    /// <summary>The positions at which any sequence has loss, ascending: the outputs a model must compute.</summary>
    public int[] LossPositions()
    {
        var any = new bool[Positions];
        for (int i = 0; i < LossMask.Length; i++)
        {
            any[i % Positions] |= LossMask[i];
        }
        return Enumerable.Range(0, Positions).Where(p => any[p]).ToArray();
    }

    /// <summary>The sequences at <paramref name="rows"/>, in that order.</summary>
    public Targets SelectRows(ReadOnlySpan<int> rows)
    {
        var mask = new bool[rows.Length * Positions];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(LossMask, rows[i] * Positions, mask, i * Positions, Positions);
        }
        if (Classes is not null)
        {
            var classes = new int[rows.Length * Positions];
            for (int i = 0; i < rows.Length; i++)
            {
                Array.Copy(Classes, rows[i] * Positions, classes, i * Positions, Positions);
            }
            return new Targets(classes, null, mask, rows.Length, Positions, 0, null);
        }
        int stride = Positions * Width;
        var values = new float[rows.Length * stride];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(Values!, rows[i] * stride, values, i * stride, stride);
        }
        return new Targets(null, values, mask, rows.Length, Positions, Width, Weights);
    }
}
