namespace AlgoLens.Analysis.Interp;

/// <summary>
/// Direct logit attribution: each component's contribution to one logit (or logit difference) per
/// example. The labels include the bias terms (<c>ln_final.b</c> when the model has LayerNorm, and
/// <c>b_U</c>), so each row sums to the logit the model computed.
/// </summary>
public sealed class LogitAttribution
{
    internal LogitAttribution(IReadOnlyList<string> labels, double[,] values)
    {
        Labels = labels;
        Values = values;
    }

    /// <summary>Component names, in the order of <see cref="Values"/>' columns.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Contributions [batch, labels].</summary>
    public double[,] Values { get; }

    /// <summary>Number of examples.</summary>
    public int Batch => Values.GetLength(0);

    /// <summary>One component's contribution for one example, by label (e.g. "L0H1", "embed", "b_U").</summary>
    public double this[int example, string label]
    {
        get
        {
            int index = Labels.ToList().IndexOf(label);
            return index >= 0
                ? Values[example, index]
                : throw new KeyNotFoundException($"No component '{label}'. Components: {string.Join(", ", Labels)}.");
        }
    }

    /// <summary>Per example, the sum over all components: the model's logit (or logit difference).</summary>
    public double[] Totals()
    {
        var totals = new double[Batch];
        for (int b = 0; b < Batch; b++)
        {
            for (int c = 0; c < Labels.Count; c++)
            {
                totals[b] += Values[b, c];
            }
        }
        return totals;
    }

    /// <summary>Each component's contribution averaged over the batch, [labels].</summary>
    public double[] MeanOverBatch()
    {
        var means = new double[Labels.Count];
        for (int c = 0; c < Labels.Count; c++)
        {
            for (int b = 0; b < Batch; b++)
            {
                means[c] += Values[b, c];
            }
            means[c] /= Batch;
        }
        return means;
    }
}
