using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Circuits;

/// <summary>Every detector on one model: the per-head ones, then the whole-model Fourier clock.</summary>
/// <param name="Step">The checkpoint's step; null for a model file outside a run.</param>
/// <param name="Detectors">Each detector's result per head (or for the whole model), or why it does not apply.</param>
public sealed record DetectionReport(int? Step, IReadOnlyList<DetectorResult> Detectors)
{
    /// <summary>
    /// The detectors on a run's checkpoint at <paramref name="step"/> (default: the newest), on
    /// <paramref name="tokens"/>, or when null on the repeated random halves of the run's task
    /// (<see cref="DetectionTokens"/>). The copying detector's token basis is the tokens that are both
    /// input tokens and output classes of the task (matched by name).
    /// </summary>
    /// <exception cref="ArgumentException">No checkpoint at the step, or tokens the model cannot read.</exception>
    public static DetectionReport Of(RunFolder run, int? step = null, TokenBatch? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var steps = run.Steps();
        int chosen = step ?? steps[^1];
        if (!steps.Contains(chosen))
        {
            throw new ArgumentException($"'{run.Directory}' has no checkpoint at step {chosen}; its checkpoints are at steps {string.Join(", ", steps)}.");
        }
        var model = run.LoadModel(chosen);
        return new DetectionReport(chosen, [.. Heads(model, tokens, run.Task), FourierClockDetector.Detect(run, model)]);
    }

    /// <summary>
    /// The detectors on a model without a run: the default tokens draw from every id, copying uses
    /// the same ids for input and output, and the Fourier clock does not apply (no task).
    /// </summary>
    public static DetectionReport Of(IModel model, TokenBatch? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new DetectionReport(null, [.. Heads(model, tokens, null), FourierClockDetector.WithoutRun()]);
    }

    /// <summary>
    /// The token basis of a task for the copying detector: (input id, output id) of every output
    /// class whose name is also an input token's.
    /// </summary>
    public static IReadOnlyList<(int Input, int Output)> TokenBasis(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var inputs = task.Vocabulary.Names;
        var pairs = new List<(int, int)>();
        for (int output = 0; output < task.OutputVocabulary.Count; output++)
        {
            int input = IndexOf(inputs, task.OutputVocabulary.Names[output]);
            if (input >= 0)
            {
                pairs.Add((input, output));
            }
        }
        return pairs;
    }

    private static IReadOnlyList<DetectorResult> Heads(IModel model, TokenBatch? tokens, ITask? task)
    {
        if (CircuitDetectors.WhyNoAttention(model) is not null)
        {
            return CircuitDetectors.Detect(model, tokens ?? TokenBatch.FromRows([[0, 0]]));
        }
        var cfg = ((HookedTransformer)model).Config;
        tokens ??= DetectionTokens.RepeatedHalves(cfg.NCtx, cfg.DVocab, task);
        var basis = task is null || task.Vocabulary.Count == 0 ? null : TokenBasis(task);
        return CircuitDetectors.Detect(model, tokens, basis);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
