using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// Causal scrubbing (Chan, Garriga-Alonso, Goldowsky-Dill, Greenblatt, Nitishinskaya, Radhakrishnan,
/// Shlegeris, Thomas 2022): tests a hypothesis by resampling activations in every way it says
/// cannot change the output, and measuring how much of the loss survives.
/// </summary>
/// <remarks>
/// For each example x (the reference input) and each node of the hypothesis, at each of the node's
/// positions i the claimed part of the activation is taken from an example x′ with the same feature
/// value as x at i (x itself included), chosen independently per position; the rest of the node's
/// activation, at all its positions, from one example x″ drawn from all of them. The model runs on x
/// with these activations spliced in. L_scrubbed is the expected loss over those draws; L_random the
/// expected loss with each node taken whole from one random example; L_clean the model's own loss.
/// Losses are cross-entropy per loss position, averaged over every loss position of the examples.
/// <para>
/// Exact: when the examples are every input of the task (<see cref="ScrubOptions.EveryInput"/>), each
/// expectation is a finite sum; resamples that give bitwise the same vectors are merged (a part that
/// depends only on the token is one value per class), and when Σ over examples of the distinct
/// combinations fits <see cref="ScrubOptions.ExactBudget"/> the sum is computed in full. Otherwise
/// each example gets <see cref="ScrubOptions.Samples"/> independent draws, and the standard error is
/// reported: over the draws alone when the examples are every input, over examples and draws when
/// they are a sample of the task.
/// </para>
/// </remarks>
public static class CausalScrubbing
{
    /// <summary>Scrubs <paramref name="model"/> under <paramref name="hypothesis"/> on <paramref name="examples"/> (token inputs, class targets).</summary>
    /// <exception cref="ArgumentException">The hypothesis does not fit the model, the examples are not token inputs with class targets, or exact was asked where it cannot be.</exception>
    public static ScrubResult Run(IModel model, ExampleBatch examples, ScrubHypothesis hypothesis, ScrubOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(hypothesis);
        options ??= new ScrubOptions();
        options.Check();
        if (!examples.Input.IsTokens || !examples.Targets.IsClasses)
        {
            throw new ArgumentException("Causal scrubbing here reads token inputs with class targets (cross-entropy); this task has real-valued inputs or targets.");
        }
        if (examples.Count < 2)
        {
            throw new ArgumentException("Causal scrubbing needs at least 2 examples to resample from.");
        }
        hypothesis = hypothesis.Validate(model, examples);
        var plan = ScrubPlan.Build(model, examples, hypothesis, options.BatchSize);
        int n = examples.Count;
        double lossPositions = examples.Targets.LossMask.Count(m => m);
        if (lossPositions == 0)
        {
            throw new ArgumentException("The examples have no loss positions (every target is -1).");
        }

        double clean = 0;
        for (int start = 0; start < n; start += options.BatchSize)
        {
            clean += ScrubForward.CleanLosses(model, plan, Enumerable.Range(start, Math.Min(options.BatchSize, n - start)).ToArray()).Sum();
        }
        clean /= lossPositions;

        bool exact = options.Mode switch
        {
            ScrubMode.Sampled => false,
            ScrubMode.Exact => options.EveryInput ? true : throw new ArgumentException("An exact expectation needs every input of the task (an enumerated task); these examples are a sample."),
            _ => options.EveryInput && ExactResampling.Rows(plan, scrubbed: true) + ExactResampling.Rows(plan, scrubbed: false) <= options.ExactBudget,
        };
        if (exact && options.Mode == ScrubMode.Exact)
        {
            double rows = ExactResampling.Rows(plan, true) + ExactResampling.Rows(plan, false);
            if (rows > options.ExactBudget)
            {
                throw new ArgumentException($"The exact expectation needs {rows:0} forward rows, over the budget of {options.ExactBudget}; raise the budget or sample.");
            }
        }
        if (exact)
        {
            var (scrubbed, scrubbedRows) = ExactResampling.ExpectedLoss(model, plan, scrubbed: true, options.BatchSize);
            var (random, randomRows) = ExactResampling.ExpectedLoss(model, plan, scrubbed: false, options.BatchSize);
            return new ScrubResult(hypothesis.Name, clean, scrubbed / lossPositions, random / lossPositions, true, null, null, null, n, scrubbedRows + randomRows);
        }
        var rng = new Rng(options.Seed);
        var s = SampledResampling.ExpectedLoss(model, plan, scrubbed: true, options, rng.Fork(1));
        var r = SampledResampling.ExpectedLoss(model, plan, scrubbed: false, options, rng.Fork(2));
        return new ScrubResult(hypothesis.Name, clean, s.Total / lossPositions, r.Total / lossPositions, false,
            s.StandardError / lossPositions, r.StandardError / lossPositions, options.Samples, n, 2L * n * options.Samples);
    }
}
