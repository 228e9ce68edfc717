using AlgoLens.Common;

namespace AlgoLens.Analysis.Circuits.Discovery;

/// <summary>The metric a circuit is judged by.</summary>
public enum CircuitMetricKind
{
    /// <summary>The task's cross-entropy loss on its loss positions of the clean inputs (<c>loss</c>).</summary>
    Loss,

    /// <summary>
    /// The mean logit difference, right answer minus wrong answer, where the inputs name a wrong
    /// answer (<c>logit-diff</c>); higher is better.
    /// </summary>
    LogitDiff,

    /// <summary>
    /// The mean KL divergence KL(full model ‖ patched model) of the output distributions on the loss
    /// positions (<c>kl</c>, ACDC's default); 0 for the full model.
    /// </summary>
    Kl,
}

/// <summary>
/// A metric of the outputs on the clean inputs, with its gradient with respect to the outputs (for
/// EAP), and its "damage": how much worse a value is than a reference, which is what ACDC compares
/// with the threshold (loss and KL: the increase; logit difference: the decrease).
/// </summary>
public sealed class CircuitMetric
{
    private readonly int vocab;
    private readonly int[] slots;        // flat (row, position) indices the metric reads
    private readonly int[] right;        // the right class at each slot
    private readonly int[] wrong;        // the wrong class at each slot (logit difference)
    private readonly double[]? fullLogProbs; // the full model's log-probabilities per slot (KL)

    private CircuitMetric(CircuitMetricKind kind, int vocab, int[] slots, int[] right, int[] wrong, double[]? fullLogProbs)
    {
        Kind = kind;
        this.vocab = vocab;
        this.slots = slots;
        this.right = right;
        this.wrong = wrong;
        this.fullLogProbs = fullLogProbs;
    }

    /// <summary>Which metric.</summary>
    public CircuitMetricKind Kind { get; }

    /// <summary>The (row, position) slots the metric averages over.</summary>
    public int Slots => slots.Length;

    /// <summary>The command-line names, in <see cref="CircuitMetricKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["loss", "logit-diff", "kl"];

    /// <summary>The metric named <paramref name="name"/> (loss, logit-diff, kl).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static CircuitMetricKind Parse(string name) => name switch
    {
        "loss" => CircuitMetricKind.Loss,
        "logit-diff" => CircuitMetricKind.LogitDiff,
        "kl" => CircuitMetricKind.Kl,
        _ => throw new ArgumentException($"Unknown metric '{name}'; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    public static string NameOf(CircuitMetricKind kind) => Names[(int)kind];

    /// <summary>
    /// The metric on <paramref name="inputs"/>' clean inputs; <paramref name="fullOutputs"/> (the
    /// unpatched model's outputs, [batch, pos, vocab] flat) is the reference of the KL divergence.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs have no slot the metric can read (no loss position; no wrong answer for logit-diff).</exception>
    public static CircuitMetric Create(CircuitMetricKind kind, CircuitInputs inputs, float[] fullOutputs, int vocab)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(fullOutputs);
        var chosen = new List<int>();
        for (int i = 0; i < inputs.Targets.Length; i++)
        {
            bool hasRight = inputs.Targets[i] >= 0;
            bool hasWrong = inputs.Wrong[i] >= 0 && inputs.Wrong[i] != inputs.Targets[i];
            if (hasRight && (kind != CircuitMetricKind.LogitDiff || hasWrong))
            {
                chosen.Add(i);
            }
        }
        if (chosen.Count == 0)
        {
            throw new ArgumentException(kind == CircuitMetricKind.LogitDiff
                ? "The inputs name no wrong answer that differs from the right one, so there is no logit difference to measure; use --metric loss or kl."
                : "The clean inputs have no loss position to measure.");
        }
        var slots = chosen.ToArray();
        double[]? full = null;
        if (kind == CircuitMetricKind.Kl)
        {
            full = new double[slots.Length * vocab];
            for (int s = 0; s < slots.Length; s++)
            {
                LogSumExp.LogSoftmax(fullOutputs.AsSpan(slots[s] * vocab, vocab), full.AsSpan(s * vocab, vocab));
            }
        }
        return new CircuitMetric(kind, vocab, slots, slots.Select(i => inputs.Targets[i]).ToArray(), slots.Select(i => inputs.Wrong[i]).ToArray(), full);
    }

    /// <summary>The metric of outputs [batch, pos, vocab] (flat), averaged over the slots.</summary>
    public double Value(float[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        double total = 0;
        var logProbs = new double[vocab];
        for (int s = 0; s < slots.Length; s++)
        {
            var row = outputs.AsSpan(slots[s] * vocab, vocab);
            switch (Kind)
            {
                case CircuitMetricKind.LogitDiff:
                    total += (double)row[right[s]] - row[wrong[s]];
                    break;
                case CircuitMetricKind.Loss:
                    LogSumExp.LogSoftmax(row, logProbs);
                    total -= logProbs[right[s]];
                    break;
                default:
                    LogSumExp.LogSoftmax(row, logProbs);
                    for (int c = 0; c < vocab; c++)
                    {
                        double lp = fullLogProbs![s * vocab + c];
                        total += Math.Exp(lp) * (lp - logProbs[c]);
                    }
                    break;
            }
        }
        return total / slots.Length;
    }

    /// <summary>The gradient of <see cref="Value"/> with respect to the outputs (flat, same shape).</summary>
    public float[] Gradient(float[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var grad = new float[outputs.Length];
        var logProbs = new double[vocab];
        double scale = 1.0 / slots.Length;
        for (int s = 0; s < slots.Length; s++)
        {
            int at = slots[s] * vocab;
            if (Kind == CircuitMetricKind.LogitDiff)
            {
                grad[at + right[s]] += (float)scale;
                grad[at + wrong[s]] -= (float)scale;
                continue;
            }
            // d(-log p_right)/dz = p - onehot; d KL(full || p)/dz = p - p_full.
            LogSumExp.LogSoftmax(outputs.AsSpan(at, vocab), logProbs);
            for (int c = 0; c < vocab; c++)
            {
                double target = Kind == CircuitMetricKind.Loss ? (c == right[s] ? 1 : 0) : Math.Exp(fullLogProbs![s * vocab + c]);
                grad[at + c] += (float)((Math.Exp(logProbs[c]) - target) * scale);
            }
        }
        return grad;
    }

    /// <summary>How much worse <paramref name="value"/> is than <paramref name="reference"/>: the increase of loss or KL, the decrease of logit difference.</summary>
    public double Damage(double value, double reference) => Kind == CircuitMetricKind.LogitDiff ? reference - value : value - reference;

}
