using AlgoLens.Data;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;

namespace AlgoLens.Analysis;

/// <summary>
/// Runs a model on tokens and packs its logits, hook activations and (optionally) the loss and
/// every parameter's gradient into a safetensors file laid out as the tl-parity fixtures: names
/// <c>tokens</c>, <c>labels</c>, <c>logits</c>, <c>loss</c> (F64 [1]), each hook under its full
/// name, <c>grad.&lt;param&gt;</c> and <c>grad.&lt;hook&gt;</c>. With the task that names the tokens,
/// the metadata also holds <c>token_names</c> (a JSON list of each sequence's token names),
/// <c>label_names</c> (a JSON list, with labels) and <c>task</c>. This is how activations reach
/// Python, and how AlgoLens is checked against other implementations.
/// </summary>
public static class CacheExport
{
    /// <summary>
    /// Builds the export. <paramref name="namesPattern"/> is a regex over full hook names (all when
    /// null). With <paramref name="withGradients"/>, the loss (cross-entropy at the last position
    /// against <paramref name="labels"/>), its gradient for every trainable parameter
    /// (<c>grad.&lt;param&gt;</c>) and for every cached activation (<c>grad.&lt;hook&gt;</c>).
    /// <paramref name="namingTask"/>, when given, names the tokens and labels in the metadata.
    /// </summary>
    public static SafetensorsWriter Build(IModel model, TokenBatch tokens, int[]? labels, string? namesPattern, bool withGradients, ITask? namingTask = null)
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

        var (logits, cache) = model.RunWithCache(tokens, name => regex is null || regex.IsMatch(name), retainGrads: withGradients);
        if (labels is not null && labels.FirstOrDefault(l => l >= logits.Shape[^1], -1) is int outside and >= 0)
        {
            throw new ArgumentException($"Label {outside} is outside the model's outputs 0..{logits.Shape[^1] - 1} (d_vocab_out); give labels the model can predict.");
        }
        var writer = new SafetensorsWriter()
            .Metadata(ModelFile.ConfigKey, model.ModelConfig.ToJson())
            .Metadata(ModelFile.KindKey, model.Kind)
            .Metadata("produced_by", "AlgoLens " + typeof(CacheExport).Assembly.GetName().Version);
        writer.AddInt64("tokens", tokens.Ids.Select(i => (long)i).ToArray(), tokens.Batch, tokens.Positions);
        if (labels is not null)
        {
            writer.AddInt64("labels", labels.Select(i => (long)i).ToArray(), labels.Length);
        }
        if (namingTask is not null && namingTask.Vocabulary.Count > 0)
        {
            AddTokenNames(writer, namingTask, tokens, labels);
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
            writer.Metadata("loss", "mean cross-entropy of logits[:, -1] (log-softmax in float64) against labels; grad.<name> is its gradient for a parameter or a cached activation");
            writer.Metadata("loss_value", exact.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            foreach (string name in model.Parameters.Names)
            {
                var p = model.Parameters[name];
                if (p.RequiresGrad && p.Grad is not null)
                {
                    writer.Add("grad." + name, p.Grad, p.Shape);
                }
            }
            foreach (string name in cache.Names)
            {
                // An activation the loss does not depend on (none upstream of the logits) has no gradient: zeros, as torch's would be.
                var activation = cache[name];
                writer.Add("grad." + name, activation.GradTensor ?? Tensor.Zeros(activation.Shape));
            }
        }
        return writer;
    }

    /// <summary>The metadata entries token_names (and label_names), JSON, read in Python with json.loads(f.metadata()["token_names"]).</summary>
    private static void AddTokenNames(SafetensorsWriter writer, ITask task, TokenBatch tokens, int[]? labels)
    {
        var rows = new List<string[]>();
        for (int b = 0; b < tokens.Batch; b++)
        {
            rows.Add(task.Vocabulary.ToStrTokens(tokens.Ids.AsSpan(b * tokens.Positions, tokens.Positions)));
        }
        writer.Metadata("task", task.Name);
        writer.Metadata("token_names", JsonSerializer.Serialize(rows));
        if (labels is not null && task.OutputVocabulary.Count > 0)
        {
            writer.Metadata("label_names", JsonSerializer.Serialize(task.OutputVocabulary.ToStrTokens(labels)));
        }
    }

    /// <summary>Mean cross-entropy of the last position's logits against one label per sequence.</summary>
    public static Tensor LastPositionLoss(Tensor logits, TokenBatch tokens, int[] labels, out double loss)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var last = Ops.Reshape(Ops.Slice(logits, 1, tokens.Positions - 1, 1), tokens.Batch, -1); // [batch, vocab]
        return Ops.CrossEntropy(last, labels, out loss);
    }
}
