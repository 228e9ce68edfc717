using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Reports.Charts;
using AlgoLens.Tensors;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// Mean entropy (nats) of each attention head's pattern, <c>attention_entropy.L{layer}H{head}</c>,
/// over a fixed sample of the test set (its first <see cref="SampleSize"/> examples, the same at
/// every checkpoint) at the query positions where the task reads an answer (the targets' loss
/// positions: the <c>=</c> token of a binary operation), where attention decides the output.
/// ln(keys) is uniform attention, 0 attention to one token. Applies to transformers.
/// </summary>
public sealed class AttentionEntropyMeasure : ICheckpointMeasure
{
    /// <summary>Test examples the entropy is averaged over.</summary>
    public const int SampleSize = 256;

    private ExampleBatch? sample;
    private int[] queries = [];

    /// <inheritdoc/>
    public string Name => "attention_entropy";

    /// <inheritdoc/>
    public string Description => $"mean entropy of each head's attention at the answer positions of {SampleSize} test examples";

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Info.ModelKind == HookedTransformer.KindName
            ? null
            : $"the model kind '{run.Info.ModelKind}' has no attention heads (blocks.*.attn.hook_pattern)";
    }

    /// <inheritdoc/>
    public void Prepare(RunFolder run, IModel finalModel, int finalStep)
    {
        ArgumentNullException.ThrowIfNull(run);
        var test = run.Data.Test;
        sample = test.Count <= SampleSize ? test : test.SelectRows(Enumerable.Range(0, SampleSize).ToArray());
        queries = sample.Targets.LossPositions();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var examples = sample ?? throw new InvalidOperationException("Prepare was not called.");
        using var noGrad = Tensor.NoGrad();
        using var memory = MemoryScope.Begin();
        var (_, cache) = context.Model.RunWithCache(examples.Input, IsPattern);
        var values = new Dictionary<string, double>();
        foreach (var hook in context.Model.HookPoints.Where(h => IsPattern(h.Name)))
        {
            int layer = int.Parse(hook.Name.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
            var entropy = AttentionEntropy.PerHead(cache[hook.Name], queries);
            for (int h = 0; h < entropy.Length; h++)
            {
                values[$"attention_entropy.L{layer}H{h}"] = entropy[h];
            }
        }
        return values;
    }

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var columns = context.Measure.Columns;
        if (columns.Count == 0)
        {
            return; // a transformer without heads has nothing to draw
        }
        var steps = context.Steps;
        var chart = new LineChart { Title = "Attention entropy per head" };
        chart.XAxis.Title = "step";
        chart.YAxis.Title = "entropy (nats)";
        foreach (string c in columns)
        {
            chart.Add(c["attention_entropy.".Length..], steps, context.Table.Column(c));
        }
        context.Page.AddSection("Attention")
            .Paragraph($"Mean entropy of each head's attention at the positions where the task reads its answer, over the first {SampleSize} test examples: ln(n) is uniform attention over n tokens, 0 attention to one token.")
            .Figure(chart, "Attention entropy per head (L layer, H head): a falling curve is a head that learns where to look.", "attention-entropy");
    }

    private static bool IsPattern(string name) => name.StartsWith("blocks.", StringComparison.Ordinal) && name.EndsWith(".attn.hook_pattern", StringComparison.Ordinal);
}
