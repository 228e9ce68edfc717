using AlgoLens.Models;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// The expected loss estimated from independent draws per example, with its standard error.
/// </summary>
internal static class SampledResampling
{
    /// <summary>Σ over examples of the mean summed loss over the draws, and the standard error of that sum.</summary>
    public static (double Total, double StandardError) ExpectedLoss(IModel model, ScrubPlan plan, bool scrubbed, ScrubOptions options, Rng rng)
    {
        int n = plan.Count, samples = options.Samples;
        var losses = new double[n * samples]; // [example, draw]
        var rows = new ResampleRows(plan, options.BatchSize);
        var slots = new List<(int Example, int Draw)>(options.BatchSize);
        void Flush()
        {
            var batch = ScrubForward.Losses(model, plan, rows);
            for (int i = 0; i < rows.Count; i++)
            {
                losses[slots[i].Example * samples + slots[i].Draw] = batch[i];
            }
            rows.Clear();
            slots.Clear();
        }
        for (int draw = 0; draw < samples; draw++)
        {
            for (int e = 0; e < n; e++)
            {
                var sources = rows.Add(e, 1);
                for (int node = 0; node < plan.Nodes.Count; node++)
                {
                    var t = plan.Nodes[node];
                    int start = rows.NodeStart(node), positions = t.Positions.Length;
                    int random = rng.NextInt(n);
                    for (int pi = 0; pi < positions; pi++)
                    {
                        var members = t.Classes[pi][e];
                        sources[start + pi] = scrubbed ? members[rng.NextInt(members.Length)] : random;
                    }
                    sources[start + positions] = random;
                }
                slots.Add((e, draw));
                if (rows.Full)
                {
                    Flush();
                }
            }
        }
        if (rows.Count > 0)
        {
            Flush();
        }
        return (Total(losses, n, samples), StandardError(losses, n, samples, options.EveryInput));
    }

    private static double Total(double[] losses, int n, int samples) => losses.Sum() / samples;

    // Every input: only the draws vary, Var = Σ_e s_e² / S. A sample of inputs: the per-example
    // means vary too, Var = n² · s²(means) / n.
    private static double StandardError(double[] losses, int n, int samples, bool everyInput)
    {
        var means = new double[n];
        double variance = 0;
        for (int e = 0; e < n; e++)
        {
            double mean = 0;
            for (int s = 0; s < samples; s++)
            {
                mean += losses[e * samples + s];
            }
            mean /= samples;
            means[e] = mean;
            double squares = 0;
            for (int s = 0; s < samples; s++)
            {
                double d = losses[e * samples + s] - mean;
                squares += d * d;
            }
            variance += squares / (samples - 1) / samples;
        }
        if (everyInput)
        {
            return Math.Sqrt(variance);
        }
        double overall = means.Average();
        double spread = means.Sum(m => (m - overall) * (m - overall)) / (n - 1);
        return Math.Sqrt(n * spread);
    }
}
