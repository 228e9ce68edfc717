using AlgoLens.Models;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>
/// The expected loss over every allowed resample, as a weighted sum: per example, the Cartesian
/// product over the node positions of the distinct claimed parts in the example's class and over the
/// nodes of the distinct rests among all examples (scrubbed), or over the nodes of the distinct whole
/// activations (random); each combination weighted by the product of its shares.
/// </summary>
internal static class ExactResampling
{
    /// <summary>Σ over examples of the combinations to run (a double: it may exceed any integer budget).</summary>
    public static double Rows(ScrubPlan plan, bool scrubbed)
    {
        var factors = new Factors(plan, scrubbed);
        double total = 0;
        for (int e = 0; e < plan.Count; e++)
        {
            double product = 1;
            foreach (var choices in factors.For(e))
            {
                product *= choices.Length;
            }
            total += product;
        }
        return total;
    }

    /// <summary>Σ over examples of the expected summed loss, and the rows run.</summary>
    public static (double Loss, long Rows) ExpectedLoss(IModel model, ScrubPlan plan, bool scrubbed, int batchSize)
    {
        var factors = new Factors(plan, scrubbed);
        var rows = new ResampleRows(plan, batchSize);
        double total = 0;
        long run = 0;
        void Flush()
        {
            var losses = ScrubForward.Losses(model, plan, rows);
            for (int i = 0; i < rows.Count; i++)
            {
                total += rows.Weights[i] * losses[i];
            }
            run += rows.Count;
            rows.Clear();
        }
        for (int e = 0; e < plan.Count; e++)
        {
            var choices = factors.For(e);
            var digit = new int[choices.Length];
            while (true)
            {
                double weight = 1;
                for (int f = 0; f < choices.Length; f++)
                {
                    weight *= choices[f][digit[f]].Weight;
                }
                var sources = rows.Add(e, weight);
                factors.Write(choices, digit, sources, rows);
                if (rows.Full)
                {
                    Flush();
                }
                int d = 0;
                while (d < choices.Length && ++digit[d] == choices[d].Length)
                {
                    digit[d++] = 0;
                }
                if (d == choices.Length)
                {
                    break;
                }
            }
        }
        if (rows.Count > 0)
        {
            Flush();
        }
        return (total, run);
    }

    /// <summary>The independent choices of one example: (source example, probability) lists.</summary>
    private sealed class Factors
    {
        private readonly ScrubPlan plan;
        private readonly bool scrubbed;
        private readonly (int Example, double Weight)[][] everyRest; // per node: distinct rests (scrubbed) or wholes (random)
        private readonly Dictionary<int[], (int Example, double Weight)[]>[][] partsByClass; // [node][position index]

        public Factors(ScrubPlan plan, bool scrubbed)
        {
            this.plan = plan;
            this.scrubbed = scrubbed;
            var all = Enumerable.Range(0, plan.Count).ToArray();
            everyRest = plan.Nodes.Select(t =>
            {
                int length = t.Positions.Length * t.Width;
                return Weighted(DistinctVectors.Of(scrubbed ? t.Rest : t.Whole, all, e => t.TableOffset(e, 0), length), plan.Count);
            }).ToArray();
            partsByClass = plan.Nodes.Select(t => t.Positions.Select(_ => new Dictionary<int[], (int, double)[]>(ReferenceEqualityComparer.Instance)).ToArray()).ToArray();
        }

        // Factor order: per node, its positions' parts (scrubbed only), then its rest (or whole).
        public (int Example, double Weight)[][] For(int example)
        {
            var list = new List<(int, double)[]>();
            for (int n = 0; n < plan.Nodes.Count; n++)
            {
                var t = plan.Nodes[n];
                if (scrubbed)
                {
                    for (int pi = 0; pi < t.Positions.Length; pi++)
                    {
                        var members = t.Classes[pi][example];
                        if (!partsByClass[n][pi].TryGetValue(members, out var parts))
                        {
                            int position = pi;
                            parts = Weighted(DistinctVectors.Of(t.Part, members, e => t.TableOffset(e, position), t.Width), members.Length);
                            partsByClass[n][pi][members] = parts;
                        }
                        list.Add(parts);
                    }
                }
                list.Add(everyRest[n]);
            }
            return [.. list];
        }

        public void Write((int Example, double Weight)[][] choices, int[] digit, Span<int> sources, ResampleRows rows)
        {
            int f = 0;
            for (int n = 0; n < plan.Nodes.Count; n++)
            {
                int positions = plan.Nodes[n].Positions.Length, start = rows.NodeStart(n);
                if (scrubbed)
                {
                    for (int pi = 0; pi < positions; pi++)
                    {
                        sources[start + pi] = choices[f][digit[f]].Example;
                        f++;
                    }
                    sources[start + positions] = choices[f][digit[f]].Example;
                }
                else
                {
                    // The whole node from one example: every source the same.
                    sources.Slice(start, positions + 1).Fill(choices[f][digit[f]].Example);
                }
                f++;
            }
        }

        private static (int Example, double Weight)[] Weighted((int Example, int Count)[] groups, int total) =>
            groups.Select(g => (g.Example, (double)g.Count / total)).ToArray();
    }
}
