namespace AlgoLens.Analysis.Interp;

/// <summary>
/// The final residual stream at one position split into the terms that add up to it (embed,
/// pos_embed, each head's output, each b_O, each MLP or neuron, each b_out), with what is needed
/// to project them on logit directions as TransformerLens's <c>apply_ln_to_stack</c> does: each
/// term centred and divided by the final LayerNorm scale of the actual residual, then through
/// ln_final.w and W_U. Made by <see cref="DirectLogitAttribution.Decompose"/>.
/// </summary>
public sealed class ResidualDecomposition
{
    private readonly ComponentWriter[] writers;
    private readonly double[,] actual;   // [batch, d_model]
    private readonly float[] unembed;    // W_U [d_model, d_vocab_out]
    private readonly float[] unembedBias; // b_U [d_vocab_out]
    private readonly float[]? lnWeight;  // ln_final.w [d_model]
    private readonly float[]? lnBias;    // ln_final.b [d_model]

    internal ResidualDecomposition(IReadOnlyList<string> labels, ComponentWriter[] writers, double[,] actual, double[]? finalScale, int position, float[] unembed, float[] unembedBias, float[]? lnWeight, float[]? lnBias)
    {
        Labels = labels;
        this.writers = writers;
        this.actual = actual;
        FinalScale = finalScale;
        Position = position;
        this.unembed = unembed;
        this.unembedBias = unembedBias;
        this.lnWeight = lnWeight;
        this.lnBias = lnBias;
        AttributionLabels = [.. labels, .. lnBias is null ? Array.Empty<string>() : ["ln_final.b"], "b_U"];
    }

    /// <summary>Residual component names: embed, pos_embed, L{l}H{h}, L{l}.b_O, L{l}.mlp or L{l}N{n}, L{l}.b_out.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The labels of an attribution: <see cref="Labels"/>, then ln_final.b (with LayerNorm) and b_U.</summary>
    public IReadOnlyList<string> AttributionLabels { get; }

    /// <summary>The position decomposed.</summary>
    public int Position { get; }

    /// <summary>Number of examples.</summary>
    public int Batch => actual.GetLength(0);

    /// <summary>Width of the residual stream.</summary>
    public int DModel => actual.GetLength(1);

    /// <summary>Per example, the final LayerNorm's scale sqrt(var(resid) + eps) of the actual residual; null without LayerNorm.</summary>
    public double[]? FinalScale { get; }

    /// <summary>The final residual stream as the model computed it, [batch, d_model]; the components sum to it.</summary>
    public double[,] ActualResidual => (double[,])actual.Clone();

    /// <summary>One component's residual vector for one example, [d_model].</summary>
    public double[] Component(int example, int index)
    {
        var vector = new double[DModel];
        writers[index](example, vector);
        return vector;
    }

    /// <summary>All components of one example, [components, d_model].</summary>
    public double[,] Stack(int example)
    {
        var stack = new double[writers.Length, DModel];
        var row = new double[DModel];
        for (int c = 0; c < writers.Length; c++)
        {
            writers[c](example, row);
            for (int i = 0; i < row.Length; i++)
            {
                stack[c, i] = row[i];
            }
        }
        return stack;
    }

    /// <summary>Contributions to the logit of <paramref name="token"/> (the W_U column).</summary>
    public LogitAttribution Attribute(int token) => Attribute(_ => token, null);

    /// <summary>Contributions to logit[correct] − logit[wrong] (a difference of W_U columns).</summary>
    public LogitAttribution Attribute(int correct, int wrong) => Attribute(_ => correct, _ => wrong);

    /// <summary>Per example, contributions to logit[correct[b]] (minus logit[wrong[b]] when given).</summary>
    public LogitAttribution Attribute(int[] correct, int[]? wrong = null)
    {
        ArgumentNullException.ThrowIfNull(correct);
        if (correct.Length != Batch || (wrong is not null && wrong.Length != Batch))
        {
            throw new ArgumentException($"Give one token per example: the batch has {Batch} examples.");
        }
        return Attribute(b => correct[b], wrong is null ? null : b => wrong[b]);
    }

    /// <summary>
    /// Contributions along any direction [d_model] of the unembedding's input (after the final
    /// LayerNorm, where W_U's columns live), with <paramref name="bias"/> reported as b_U.
    /// </summary>
    public LogitAttribution AttributeDirection(double[] direction, double bias = 0)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Length != DModel)
        {
            throw new ArgumentException($"The direction has {direction.Length} entries; the residual stream has d_model = {DModel}.");
        }
        return Attribute(_ => (direction, bias));
    }

    /// <summary>For one example, every component's contribution to every output logit, [attribution labels, d_vocab_out].</summary>
    public double[,] LogitsByComponent(int example)
    {
        int vocab = unembedBias.Length;
        var result = new double[AttributionLabels.Count, vocab];
        for (int t = 0; t < vocab; t++)
        {
            var row = Project(example, Direction(t, null), unembedBias[t]);
            for (int c = 0; c < row.Length; c++)
            {
                result[c, t] = row[c];
            }
        }
        return result;
    }

    private LogitAttribution Attribute(Func<int, int> correct, Func<int, int>? wrong)
    {
        CheckToken(correct);
        if (wrong is not null)
        {
            CheckToken(wrong);
        }
        return Attribute(b =>
        {
            int c = correct(b);
            int? w = wrong?.Invoke(b);
            return (Direction(c, w), unembedBias[c] - (w is null ? 0.0 : unembedBias[w.Value]));
        });
    }

    private LogitAttribution Attribute(Func<int, (double[] Direction, double Bias)> perExample)
    {
        var values = new double[Batch, AttributionLabels.Count];
        for (int b = 0; b < Batch; b++)
        {
            var (direction, bias) = perExample(b);
            var row = Project(b, direction, bias);
            for (int c = 0; c < row.Length; c++)
            {
                values[b, c] = row[c];
            }
        }
        return new LogitAttribution(AttributionLabels, values);
    }

    // One example's attribution row along a direction: each component through the final LayerNorm
    // (centre, divide by the actual residual's scale, times ln_final.w), then the biases.
    private double[] Project(int example, double[] direction, double bias)
    {
        int d = DModel;
        var weighted = new double[d];
        double weightedSum = 0;
        for (int i = 0; i < d; i++)
        {
            weighted[i] = direction[i] * (lnWeight is null ? 1.0 : lnWeight[i]);
            weightedSum += weighted[i];
        }
        var row = new double[AttributionLabels.Count];
        var vector = new double[d];
        for (int c = 0; c < writers.Length; c++)
        {
            writers[c](example, vector);
            double dot = 0, sum = 0;
            for (int i = 0; i < d; i++)
            {
                dot += vector[i] * weighted[i];
                sum += vector[i];
            }
            // Σ (x_i − mean x) w_i u_i = x·(w∘u) − mean(x) Σ w_i u_i
            row[c] = FinalScale is null ? dot : (dot - sum / d * weightedSum) / FinalScale[example];
        }
        if (lnBias is not null)
        {
            double lnTerm = 0;
            for (int i = 0; i < d; i++)
            {
                lnTerm += lnBias[i] * direction[i];
            }
            row[writers.Length] = lnTerm;
        }
        row[^1] = bias;
        return row;
    }

    // The W_U column of a token, minus that of another when given.
    private double[] Direction(int token, int? minus)
    {
        int vocab = unembedBias.Length;
        var direction = new double[DModel];
        for (int i = 0; i < direction.Length; i++)
        {
            direction[i] = unembed[i * vocab + token] - (minus is null ? 0.0 : unembed[i * vocab + minus.Value]);
        }
        return direction;
    }

    private void CheckToken(Func<int, int> token)
    {
        for (int b = 0; b < Batch; b++)
        {
            if ((uint)token(b) >= (uint)unembedBias.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(token), $"Token {token(b)} is outside the output vocabulary 0..{unembedBias.Length - 1}.");
            }
        }
    }
}
