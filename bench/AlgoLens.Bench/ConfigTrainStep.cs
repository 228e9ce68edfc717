using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Optim;
using AlgoLens.Training;

namespace AlgoLens.Bench;

/// <summary>
/// One full-batch AdamW training step of any transformer config on the grokking data (3,830 pairs
/// of (a + b) mod 113, loss at the last position), through the model's automatic forward
/// (<c>model.Forward(tokens, ForwardOptions.AtPositions([2]))</c>, the trainer's call), so the step
/// measures whatever path the model chooses for that config.
/// </summary>
/// <remarks>
/// <see cref="CreateStep"/> takes plain strings and returns a plain <see cref="Action"/> on purpose:
/// <see cref="BaselineBuild"/> calls it by reflection in another build of this assembly (loaded in its
/// own load context), so two versions of the engine can be timed in alternating samples in one process.
/// </remarks>
internal static class ConfigTrainStep
{
    /// <summary>Named configurations: the grokking preset with these model fields replaced.</summary>
    public static IReadOnlyDictionary<string, string[]> Configs { get; } = new Dictionary<string, string[]>
    {
        ["grokking"] = [],
        ["gelu-1"] = ["act_fn=gelu"],
        ["ln-gelu-2"] = ["act_fn=gelu", "normalization_type=LN", "n_layers=2"],
        ["gelu_new-1"] = ["act_fn=gelu_new"],
        ["ln-relu-2"] = ["normalization_type=LN", "n_layers=2"],
        ["rms-gelu-2"] = ["act_fn=gelu", "normalization_type=RMS", "n_layers=2"],
    };

    /// <summary>
    /// Sequence shapes (minibatch training on sampled sequence tasks): batch 512 × 32 positions of
    /// random tokens from a vocabulary of 64, loss at every position (each position predicts the
    /// previous token, position 0 its own), d_model 128, 4 heads of 32, d_mlp 512, causal, with these
    /// model fields replaced. The model is not the grokking preset's; see <see cref="SequenceModel"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> SequenceConfigs { get; } = new Dictionary<string, string[]>
    {
        ["seq-attn-2"] = ["n_layers=2", "attn_only=true", "act_fn=null"],
        ["seq-ln-gelu-2"] = ["n_layers=2", "act_fn=gelu", "normalization_type=LN"],
    };

    /// <summary>When set, steps built after it call the table forward directly with the first block's
    /// attention forced to read the tables per slot (true) or to gather q, k, v per slot (false)
    /// (<c>--compare-first-attention</c>); null: the model's own choice.</summary>
    public static bool? FirstAttentionReadsTables { get; set; }

    /// <summary>Batch of the sequence shapes.</summary>
    public const int SequenceBatch = 512;

    /// <summary>Positions of the sequence shapes.</summary>
    public const int SequencePositions = 32;

    /// <summary>Vocabulary of the sequence shapes.</summary>
    public const int SequenceVocab = 64;

    /// <summary>All configuration names, grokking-data ones first, the other model kinds' (<see cref="KindTrainStep"/>) last.</summary>
    public static IEnumerable<string> AllConfigNames => Configs.Keys.Concat(SequenceConfigs.Keys).Concat(KindTrainStep.Descriptions.Keys);

    /// <summary>
    /// The step for a config: <paramref name="config"/> (a key of <see cref="Configs"/>) and then
    /// <paramref name="modelOptions"/> (<c>key=value</c>, JSON field names) applied to the grokking
    /// preset's model (or to the sequence shapes' model, or to another kind's, see <see cref="KindTrainStep"/>); <paramref name="threads"/> for the engine; <paramref name="allowSpecialisations"/>
    /// false forces the general (hooked components) path. Returns the step, the resolved
    /// config as JSON, and the step's nominal GFLOP (see <see cref="NominalGflop"/>).
    /// </summary>
    public static (Action Step, string ConfigJson, double Gflop) CreateStep(string config, string[] modelOptions, int threads, bool allowSpecialisations)
    {
        if (KindTrainStep.Has(config))
        {
            return KindTrainStep.CreateStep(config, Fields(modelOptions), threads, allowSpecialisations);
        }
        if (SequenceConfigs.TryGetValue(config, out var sequence))
        {
            return CreateSequenceStep(sequence.Concat(modelOptions), threads, allowSpecialisations);
        }
        if (!Configs.TryGetValue(config, out var named))
        {
            throw new ArgumentException($"Unknown config '{config}'; use one of: {string.Join(", ", AllConfigNames)}.");
        }
        var preset = Presets.Grokking;
        var task = TaskRegistry.Create(preset.Task, preset.TaskOptions);
        var data = new TrainingData(task, preset.Training with { Seed = 0 });
        var tokens = data.Train.Input.Tokens!;
        int[] positions = [tokens.Positions - 1];
        var labels = TrainingLoss.ClassesAt(data.Train.Targets, positions);
        var shaped = preset.Model.WithTaskShape(Trainer.ShapeOf(task), 0);
        var modelConfig = (HookedTransformerConfig)ModelConfigOverrides.Apply(shaped, Fields(named.Concat(modelOptions)));
        var model = new HookedTransformer(modelConfig);
        var optimizer = new AdamW(model.TrainableParameters, 1e-3, 0.9, 0.98, 1e-8, 1.0);
        var compute = new ComputeContext(threads);
        var options = ForwardOptions.AtPositions(positions) with { AllowSpecialisations = allowSpecialisations };
        void Step()
        {
            using var useThreads = ComputeContext.Use(compute);
            using var scope = MemoryScope.Begin();
            optimizer.ZeroGrad();
            // Start the step's op timings here (when profiling), so the previous step's backward
            // and optimizer are not charged to the first op.
            Tensors.Autograd.OpProfiler.Current?.Mark();
            var logits = model.Forward(tokens, options); // [batch, 1, d_vocab_out]
            var loss = Ops.CrossEntropy(Ops.Reshape(logits, tokens.Batch, -1), labels);
            loss.Backward();
            optimizer.Step();
        }
        return (Step, modelConfig.ToJson(), NominalGflop(modelConfig, tokens.Batch, tokens.Positions));
    }

    /// <summary>The model of the sequence shapes before <paramref name="fields"/> are applied: TransformerLens
    /// defaults at d_model 128, 4 heads of 32, d_mlp 512, vocabulary 64, n_ctx 32, causal, no normalisation.</summary>
    public static HookedTransformerConfig SequenceModel(IEnumerable<string> fields) =>
        (HookedTransformerConfig)ModelConfigOverrides.Apply(
            new HookedTransformerConfig { DModel = 128, NHeads = 4, DHead = 32, DMlp = 512, DVocab = SequenceVocab, NCtx = SequencePositions, Seed = 0 },
            Fields(fields));

    // One minibatch step on random tokens: every position predicts the previous token (position 0
    // its own), loss at every position, as the trainer does for a sequence task (model.Forward at
    // all positions, cross-entropy over [batch·pos, vocab]). Four batches in turn, so the per-batch
    // work (token-position pairs) is done every step as with fresh minibatches.
    private static (Action Step, string ConfigJson, double Gflop) CreateSequenceStep(IEnumerable<string> fields, int threads, bool allowSpecialisations)
    {
        var modelConfig = SequenceModel(fields);
        var model = new HookedTransformer(modelConfig);
        var optimizer = new AdamW(model.TrainableParameters, 1e-3, 0.9, 0.98, 1e-8, 1.0);
        var compute = new ComputeContext(threads);
        int batch = SequenceBatch, pos = SequencePositions;
        int[] positions = Enumerable.Range(0, pos).ToArray();
        var options = ForwardOptions.AtPositions(positions) with { AllowSpecialisations = allowSpecialisations };
        var rng = new Tensors.Random.Rng(1234);
        var batches = new (TokenBatch Tokens, int[] Labels)[4];
        for (int n = 0; n < batches.Length; n++)
        {
            var ids = new int[batch * pos];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = rng.NextInt(SequenceVocab);
            }
            var labels = new int[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                labels[i] = i % pos == 0 ? ids[i] : ids[i - 1];
            }
            batches[n] = (new TokenBatch(ids, batch, pos), labels);
        }
        int next = 0;
        bool? forced = FirstAttentionReadsTables;
        void Step()
        {
            var (tokens, labels) = batches[next];
            next = (next + 1) % batches.Length;
            using var useThreads = ComputeContext.Use(compute);
            using var scope = MemoryScope.Begin();
            optimizer.ZeroGrad();
            Tensors.Autograd.OpProfiler.Current?.Mark();
            var logits = forced is { } tables
                ? FirstLayerTableForward.Forward(model, tokens, positions, foldMlpInput: true, tableAttention: tables)
                : model.Forward(tokens, options); // [batch, pos, vocab]
            var loss = Ops.CrossEntropy(Ops.Reshape(logits, batch * pos, -1), labels);
            loss.Backward();
            optimizer.Step();
        }
        return (Step, modelConfig.ToJson(), NominalGflop(modelConfig, batch, pos, lossPositions: pos));
    }

    private static Dictionary<string, string> Fields(IEnumerable<string> pairs)
    {
        var fields = new Dictionary<string, string>();
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            fields[pair[..eq]] = pair[(eq + 1)..];
        }
        return fields;
    }

    /// <summary>
    /// The arithmetic of the pruned step as a plain implementation does it (the reference's
    /// "libtorch pruned" computation): matrix products only, 2 flops per multiply-add; every block
    /// but the last at every position, the last with keys and values everywhere but queries, attention
    /// output, MLP and unembedding at the one output position; backward counted as twice the forward.
    /// AlgoLens does less (first-block tables, folded MLP input), so GFLOP/s from this figure is the
    /// "effective" rate of the computation, comparable across implementations.
    /// </summary>
    /// <param name="c">The model.</param>
    /// <param name="batch">Sequences per step.</param>
    /// <param name="positions">Positions per sequence.</param>
    /// <param name="lossPositions">Positions the loss reads (1: the last; all: every query everywhere,
    /// and the score and pattern·v products counted as the full square, as a plain causal implementation
    /// computes them).</param>
    public static double NominalGflop(HookedTransformerConfig c, int batch, int positions, int lossPositions = 1)
    {
        double attnWidth = (double)c.NHeads * c.DHead;
        double forward = 0;
        for (int layer = 0; layer < c.NLayers; layer++)
        {
            bool last = layer == c.NLayers - 1;
            double all = (double)batch * positions, queries = last ? (double)batch * lossPositions : all;
            forward += 2 * all * c.DModel * attnWidth * 2;             // K and V
            forward += 2 * queries * c.DModel * attnWidth * 2;         // Q and O
            forward += 2 * queries * c.NHeads * positions * c.DHead * 2; // scores and pattern·v
            if (!c.AttnOnly)
            {
                forward += 2 * queries * c.DModel * c.DMlp * 2;        // W_in and W_out
            }
        }
        forward += 2.0 * batch * lossPositions * c.DModel * c.OutputVocab; // W_U
        return 3 * forward / 1e9;
    }
}
