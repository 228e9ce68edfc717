using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>Causal scrubbing on a run's checkpoint, as <c>algolens scrub</c> runs it.</summary>
public static class ScrubRun
{
    /// <summary>Inputs drawn from a sampled task (seeded) when it cannot be enumerated.</summary>
    public const int DefaultSampledInputs = 2048;

    /// <summary>
    /// Scrubs the checkpoint at <paramref name="step"/> (default: the newest) of <paramref name="run"/>
    /// under <paramref name="hypothesis"/>: <c>fourier</c>, <c>induction</c> or the path of a JSON file.
    /// The examples are every input of an enumerated task (train and test: the hypothesis is about
    /// the algorithm, not the split), or <paramref name="sampledInputs"/> drawn from a sampled one.
    /// </summary>
    /// <returns>The result and the step scrubbed.</returns>
    /// <exception cref="ArgumentException">No checkpoint at the step, an unknown or invalid hypothesis, or one that does not apply to the run.</exception>
    public static (ScrubResult Result, int Step) Of(RunFolder run, int? step, string hypothesis, ScrubOptions? options = null,
        IReadOnlyList<int>? frequencies = null, int sampledInputs = DefaultSampledInputs)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hypothesis);
        options ??= new ScrubOptions();
        var steps = run.Steps();
        int chosen = step ?? steps[^1];
        if (!steps.Contains(chosen))
        {
            throw new ArgumentException($"'{run.Directory}' has no checkpoint at step {chosen}; its checkpoints are at steps {string.Join(", ", steps)}.");
        }
        if (frequencies is not null && hypothesis != "fourier")
        {
            throw new ArgumentException("--frequencies goes with --hypothesis fourier (a file names its own frequencies).");
        }
        var model = run.LoadModel(chosen);
        var context = Context(run, model);
        var resolved = hypothesis switch
        {
            "fourier" => context.Modulus is null
                ? throw new ArgumentException($"The Fourier hypothesis is about modular addition; {GrokkingApplicability.WhyNot(run)}.")
                : BuiltInHypotheses.Fourier(context, frequencies),
            "induction" => BuiltInHypotheses.Induction(BuiltInHypotheses.InductionHeads(model, run.Task)),
            _ when hypothesis.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(hypothesis) => HypothesisFile.Load(hypothesis, context),
            _ => throw new ArgumentException($"Unknown hypothesis '{hypothesis}'; give {string.Join(" or ", BuiltInHypotheses.Names)}, or the path of a JSON file (docs/circuits.md has the schema)."),
        };
        var (examples, everyInput) = Examples(run.Task, sampledInputs, options.Seed);
        return (CausalScrubbing.Run(model, examples, resolved, options with { EveryInput = everyInput }), chosen);
    }

    /// <summary>Every input of an enumerated task, or <paramref name="count"/> drawn from a sampled one (seeded).</summary>
    public static (ExampleBatch Examples, bool EveryInput) Examples(ITask task, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task switch
        {
            IEnumeratedTask enumerated => (enumerated.Generate(), true),
            ISampledTask sampled => (sampled.Sample(new Rng(seed, stream: 7), count), false),
            _ => throw new ArgumentException($"Task '{task.Name}' neither enumerates nor samples its inputs."),
        };
    }

    // The modulus and key frequencies where the grokking measures apply (modular addition and subtraction).
    private static ScrubContext Context(RunFolder run, IModel model)
    {
        if (GrokkingApplicability.WhyNot(run) is not null)
        {
            return new ScrubContext(model);
        }
        var task = (ModularArithmeticTask)run.Task;
        return new ScrubContext(model, task.P, () =>
            GrokkingProgress.Measure((HookedTransformer)model, task.P, run.Data.TrainIndices ?? [], operation: CyclicOperation.FromName(task.Operation.Name)).KeyFrequencies);
    }
}
