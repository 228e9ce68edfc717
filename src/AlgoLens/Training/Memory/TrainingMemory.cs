using System.Globalization;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training.Memory;

/// <summary>
/// The memory estimate of a training run, made from the task's and model's sizes before anything
/// is generated or allocated, and the refusal of a run that would not fit.
/// </summary>
/// <remarks>
/// With N examples (an enumerated task's <see cref="IEnumeratedTask.MaxExampleCount"/>, or a sampled
/// task's train and test samples), E = 4·L·(input width + target width) bytes per example (L = the
/// task's sequence length), P parameters, F activation floats per example
/// (<see cref="ActivationSize.FloatsPerExample"/>), B examples per step (the batch size, or the
/// whole training split for full batch) and C = min(<see cref="Evaluation.ChunkSize"/>, largest split):
/// dataset 3·N·E + 12·N (the generated examples, their train/test copies, one more copy for the
/// generated set that the garbage collector may not have reclaimed yet, the split's indices); model 20·P
/// (parameters, gradients, AdamW's two moments, a checkpoint's copy); activations
/// max(8·F·B, 4·F·C) + B·E (the step's forward values and their gradients, or an evaluation chunk's
/// forward values, and the batch's copy); 128 MiB for the runtime. Each term counts the largest
/// case, so the total is meant as an upper bound within about 2x; docs/RELIABILITY.md gives the
/// estimates beside measured peaks.
/// </remarks>
public static class TrainingMemory
{
    /// <summary>The runtime's own share, counted in every estimate.</summary>
    public const long OverheadBytes = 128L << 20;

    /// <summary>The estimate of training <paramref name="model"/> on <paramref name="task"/> with <paramref name="training"/>.</summary>
    public static MemoryEstimate ForTraining(ITask task, IModelConfig model, TrainingConfig training)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        long perExample = BytesPerExample(task);
        long dataset, trainCount, largestSplit;
        if (task is IEnumeratedTask enumerated)
        {
            long n = enumerated.MaxExampleCount ?? 0;
            trainCount = Math.Max(1, (long)Math.Ceiling(training.TrainFraction * n));
            largestSplit = Math.Max(trainCount, n - trainCount);
            dataset = MemoryEstimate.Sum(MemoryEstimate.Product(3 * n, perExample), MemoryEstimate.Product(12, n));
        }
        else
        {
            trainCount = Math.Max(1, training.BatchSize);
            largestSplit = training.TestExamples;
            dataset = MemoryEstimate.Product(2L * training.TestExamples, perExample);
        }
        long batch = training.BatchSize > 0 ? Math.Min(training.BatchSize, trainCount) : trainCount;
        long floats = ActivationSize.FloatsPerExample(model);
        long step = MemoryEstimate.Product(8 * batch, floats);
        long evaluation = MemoryEstimate.Product(4 * Math.Min(Evaluation.ChunkSize, largestSplit), floats);
        long activations = MemoryEstimate.Sum(Math.Max(step, evaluation), MemoryEstimate.Product(batch, perExample));
        long parameters = MemoryEstimate.Product(20, model.ParameterCount());
        return new MemoryEstimate(dataset, parameters, activations, batch, OverheadBytes);
    }

    /// <summary>
    /// Refuses a run whose estimate exceeds <paramref name="availableBytes"/>, with the estimate, the
    /// memory available and the fix: a smaller task or train fraction, or (when the dataset and the
    /// model fit) the largest --batch-size that would.
    /// </summary>
    /// <exception cref="MemoryLimitException">The run would not fit.</exception>
    public static void EnsureFits(MemoryEstimate estimate, long availableBytes, IModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(model);
        if (estimate.TotalBytes <= availableBytes)
        {
            return;
        }
        long fixedPart = MemoryEstimate.Sum(MemoryEstimate.Sum(estimate.DatasetBytes, estimate.ModelBytes), estimate.OverheadBytes);
        long perExample = MemoryEstimate.Product(8, ActivationSize.FloatsPerExample(model));
        string fix;
        if (fixedPart < availableBytes && perExample > 0 && (availableBytes - fixedPart) / perExample >= 1)
        {
            long fits = (availableBytes - fixedPart) / perExample;
            long batch = 1L << (63 - (int)long.LeadingZeroCount(Math.Min(fits, estimate.BatchExamples)));
            fix = $"Train in minibatches (--batch-size {batch.ToString(CultureInfo.InvariantCulture)} or less), or make the task or the model smaller.";
        }
        else
        {
            fix = "The examples and the model alone do not fit: use a smaller task (e.g. a smaller --p) or a smaller model.";
        }
        throw new MemoryLimitException(
            $"This run needs about {estimate.Describe()}, but {MemoryEstimate.Format(availableBytes)} is available. {fix}",
            estimate, availableBytes);
    }

    // Token ids (or real inputs) and targets per example.
    private static long BytesPerExample(ITask task)
    {
        long input = Math.Max(1, task.InputWidth);
        long target = task.TargetKind == TargetKind.Classes ? 1 : Math.Max(1, task.OutputWidth);
        return 4L * task.SequenceLength * (input + target);
    }
}
