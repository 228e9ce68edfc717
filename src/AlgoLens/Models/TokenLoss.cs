using AlgoLens.Common;
using AlgoLens.Data;
using AlgoLens.Tensors;

namespace AlgoLens.Models;

/// <summary>
/// Cross-entropy per token, for reading where a model's loss comes from: TransformerLens's
/// <c>loss_fn(..., per_token=True)</c> (next-token loss at every position), and the loss of a task's
/// examples at the positions its targets read (what training and evaluation average). Computed from
/// the logits with a float64 log-sum-exp, as evaluation does, outside the autograd graph.
/// </summary>
public static class TokenLoss
{
    /// <summary>
    /// <c>loss_per_token</c>: [batch, pos - 1], entry [b, p] the cross-entropy of the logits at
    /// position p against the token at p + 1.
    /// </summary>
    public static Tensor NextToken(IModel model, TokenBatch tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Positions < 2)
        {
            throw new ArgumentException($"Next-token loss needs at least 2 positions; the batch has {tokens.Positions}.", nameof(tokens));
        }
        using var noGrad = Tensor.NoGrad();
        var logits = model.Forward(tokens); // [batch, pos, vocab]
        int batch = tokens.Batch, pos = tokens.Positions, vocab = logits.Shape[^1];
        var loss = new float[batch * (pos - 1)];
        for (int b = 0; b < batch; b++)
        {
            for (int p = 0; p < pos - 1; p++)
            {
                int target = tokens.Ids[b * pos + p + 1];
                loss[b * (pos - 1) + p] = (float)CrossEntropy(logits.Data, (b * pos + p) * vocab, vocab, target);
            }
        }
        return new Tensor(loss, [batch, pos - 1]);
    }

    /// <summary>
    /// The loss of each example at each position its class targets read (<see cref="Targets.LossPositions"/>):
    /// [batch, positions.Length], NaN where an example has no target at that position. The mean of the
    /// non-NaN entries is the loss that training and evaluation report for the batch.
    /// </summary>
    public static PositionLoss AtLossPositions(IModel model, ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var classes = examples.Targets.Classes
            ?? throw new ArgumentException("Per-position cross-entropy needs class targets; this task's targets are real values (its loss is a squared error).", nameof(examples));
        int[] positions = examples.Targets.LossPositions();
        using var noGrad = Tensor.NoGrad();
        var logits = model.Forward(examples.Input, ForwardOptions.AtPositions(positions)); // [batch, read, vocab]
        int batch = examples.Count, read = positions.Length, vocab = logits.Shape[^1], all = examples.Targets.Positions;
        var loss = new float[batch * read];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < read; i++)
            {
                int target = classes[b * all + positions[i]];
                loss[b * read + i] = target < 0 ? float.NaN : (float)CrossEntropy(logits.Data, (b * read + i) * vocab, vocab, target);
            }
        }
        return new PositionLoss(new Tensor(loss, [batch, read]), positions);
    }

    // -log softmax(row)[target], with a float64 log-sum-exp.
    private static double CrossEntropy(float[] logits, int offset, int vocab, int target)
    {
        if ((uint)target >= (uint)vocab)
        {
            throw new ArgumentException($"Target {target} is outside the model's {vocab} outputs.");
        }
        return LogSumExp.CrossEntropy(logits.AsSpan(offset, vocab), target);
    }
}

/// <summary>Per-example, per-position losses and the sequence positions they are at.</summary>
/// <param name="Loss">[batch, Positions.Length]; NaN where an example has no target.</param>
/// <param name="Positions">The sequence position of each column.</param>
public sealed record PositionLoss(Tensor Loss, int[] Positions)
{
    /// <summary>The mean over every entry with a target (the batch's loss as training reports it).</summary>
    public double Mean()
    {
        double sum = 0;
        int n = 0;
        foreach (float v in Loss.Data)
        {
            if (!float.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
