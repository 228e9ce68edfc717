using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Training;

/// <summary>Loss and accuracy of a model on a set of examples, at the task's loss positions.</summary>
public static class Evaluation
{
    /// <summary>Examples per forward pass: bounds memory on large test sets without changing results.</summary>
    public const int ChunkSize = 4096;

    /// <summary>Mean cross-entropy (float64 log-sum-exp) and accuracy over every loss position of every example.</summary>
    public static (double Loss, double Accuracy) Evaluate(HookedTransformer model, ExampleSet examples, int[] lossPositions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(lossPositions);
        using var _ = Tensor.NoGrad();
        double lossSum = 0;
        long correct = 0;
        int seq = examples.Inputs.Positions;
        int l = lossPositions.Length;
        for (int start = 0; start < examples.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, examples.Count - start);
            // Intermediates of each chunk go back to the pool: only the scalars below leave it.
            using var memory = MemoryScope.Begin();
            var batch = new TokenBatch(examples.Inputs.Ids[(start * seq)..((start + n) * seq)], n, seq);
            var labels = examples.Labels[(start * l)..((start + n) * l)];
            var logits = Ops.Reshape(model.ForwardAtPositions(batch, lossPositions), n * l, -1);
            Ops.CrossEntropy(logits, labels, out double loss);
            lossSum += loss * n * l;
            var predicted = Ops.ArgMax(logits);
            for (int i = 0; i < predicted.Length; i++)
            {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
        }
        double total = (double)examples.Count * l;
        return (lossSum / total, correct / total);
    }
}
