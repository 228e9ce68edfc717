namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>
/// Each writer's output to the residual stream, [batch, pos, d_model] flat, on one batch of inputs:
/// what a patched edge carries instead of the writer's output in the patched run.
/// </summary>
public sealed class SenderActivations
{
    private readonly Dictionary<CircuitNode, float[]> values;

    /// <summary>Activations of shape [batch, pos, d_model] per writer.</summary>
    public SenderActivations(IReadOnlyDictionary<CircuitNode, float[]> values, int batch, int positions, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (node, v) in values)
        {
            if (!node.IsSender || v.Length != batch * positions * width)
            {
                throw new ArgumentException($"'{node.Name}' needs a writer's [{batch}, {positions}, {width}] output; got {v.Length} values.", nameof(values));
            }
        }
        this.values = new Dictionary<CircuitNode, float[]>(values);
        Batch = batch;
        Positions = positions;
        Width = width;
    }

    /// <summary>Rows of the batch.</summary>
    public int Batch { get; }

    /// <summary>Positions per row.</summary>
    public int Positions { get; }

    /// <summary>d_model.</summary>
    public int Width { get; }

    /// <summary>The output of <paramref name="sender"/>, [batch, pos, d_model] flat.</summary>
    public float[] this[CircuitNode sender] =>
        values.TryGetValue(sender, out var v) ? v : throw new ArgumentException($"No activation of '{sender.Name}'.", nameof(sender));

    /// <summary>
    /// Mean ablation: each writer's output averaged over the batch, per position, repeated for
    /// <paramref name="rows"/> rows (ACDC's mean patching over a reference distribution).
    /// </summary>
    public SenderActivations MeanOverBatch(int rows)
    {
        int slab = Positions * Width;
        var means = new Dictionary<CircuitNode, float[]>();
        foreach (var (node, v) in values)
        {
            var sum = new double[slab];
            for (int b = 0; b < Batch; b++)
            {
                for (int i = 0; i < slab; i++)
                {
                    sum[i] += v[b * slab + i];
                }
            }
            var repeated = new float[rows * slab];
            for (int b = 0; b < rows; b++)
            {
                for (int i = 0; i < slab; i++)
                {
                    repeated[b * slab + i] = (float)(sum[i] / Batch);
                }
            }
            means[node] = repeated;
        }
        return new SenderActivations(means, rows, Positions, Width);
    }
}
