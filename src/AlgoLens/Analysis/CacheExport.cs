using AlgoLens.Data;
using System.Text.RegularExpressions;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis;

/// <summary>
/// Runs a model on tokens and packs its logits, hook activations and (optionally) the loss and
/// every parameter's gradient into a safetensors file laid out as the tl-parity fixtures: names
/// <c>tokens</c>, <c>labels</c>, <c>logits</c>, <c>loss</c> (F64 [1]), each hook under its full
/// name, and <c>grad.&lt;param&gt;</c>. This is how activations reach Python, and how AlgoLens is
/// checked against other implementations.
/// </summary>
public static class CacheExport
{
    /// <summary>Builds the export. <paramref name="namesPattern"/> is a regex over full hook names (all when null).</summary>
    public static SafetensorsWriter Build(IModel model, TokenBatch tokens, int[]? labels, string? namesPattern, bool withGradients)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        Regex? regex = null;
        if (namesPattern is not null)
        {
            try
            {
                regex = new Regex(namesPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--names '{namesPattern}' is not a valid regular expression: {e.Message}", e);
            }
        }
        if (withGradients && labels is null)
        {
            throw new ArgumentException("Gradients need labels: pass --labels, or a tokens file that holds 'labels'.");
        }
        if (labels is not null && labels.Length != tokens.Batch)
        {
            throw new ArgumentException($"{labels.Length} labels for {tokens.Batch} sequences; give one label per sequence (the target at the last position).");
        }

        var (logits, cache) = model.RunWithCache(tokens, name => regex is null || regex.IsMatch(name));
        var writer = new SafetensorsWriter()
            .Metadata(ModelFile.ConfigKey, model.ModelConfig.ToJson())
            .Metadata(ModelFile.KindKey, model.Kind)
            .Metadata("produced_by", "AlgoLens " + typeof(CacheExport).Assembly.GetName().Version);
        writer.AddInt64("tokens", tokens.Ids.Select(i => (long)i).ToArray(), tokens.Batch, tokens.Positions);
        if (labels is not null)
        {
            writer.AddInt64("labels", labels.Select(i => (long)i).ToArray(), labels.Length);
        }
        writer.Add("logits", logits);
        foreach (string name in cache.Names)
        {
            writer.Add(name, cache[name]);
        }
        if (withGradients)
        {
            foreach (var p in model.Parameters.Tensors)
            {
                p.ZeroGrad();
            }
            var loss = LastPositionLoss(logits, tokens, labels!, out double exact);
            loss.Backward();
            writer.AddFloat64("loss", [exact], 1);
            writer.Metadata("loss", "mean cross-entropy of logits[:, -1] (log-softmax in float64) against labels");
            writer.Metadata("loss_value", exact.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            foreach (string name in model.Parameters.Names)
            {
                var p = model.Parameters[name];
                if (p.RequiresGrad && p.Grad is not null)
                {
                    writer.Add("grad." + name, p.Grad, p.Shape);
                }
            }
        }
        return writer;
    }

    /// <summary>Mean cross-entropy of the last position's logits against one label per sequence.</summary>
    public static Tensor LastPositionLoss(Tensor logits, TokenBatch tokens, int[] labels, out double loss)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var last = Ops.Reshape(Ops.Slice(logits, 1, tokens.Positions - 1, 1), tokens.Batch, -1); // [batch, vocab]
        return Ops.CrossEntropy(last, labels, out loss);
    }
}
