using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Optim;
using AlgoLens.Training;
using AlgoLens.Training.TaskPresets;

namespace AlgoLens.Bench;

/// <summary>
/// One training step of the model kinds other than the transformer, each on a workload its presets
/// and docs use, exactly as <see cref="Trainer"/> makes it: <c>model.Forward</c> at the targets'
/// loss positions, <see cref="TrainingLoss.Compute"/>, backward, AdamW, inside a
/// <see cref="MemoryScope"/>. bench/libtorch/train_step.py computes the same steps.
/// </summary>
/// <remarks>
/// Sampled tasks use four batches drawn once (the trainer's batches of steps 0-3) in turn, so the
/// step times the model and not the task's sampler (which the trainer runs every step, and which for
/// toy-512 draws 10 million random numbers).
/// </remarks>
internal static class KindTrainStep
{
    /// <summary>The kinds' workloads, by bench name.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        ["mlp-grok"] = "mlp on the grokking data: full batch of 3,830 pairs of (a + b) mod 113, embeddings of 64 concatenated, one ReLU hidden layer of 512 (Gromov 2023, Liu et al. 2022), AdamW as the grokking preset",
        ["mlp-parity"] = "the sparse-parity preset: 20 bits, embeddings of 4 concatenated, one ReLU hidden layer of 256, batch 32",
        ["toy-512"] = "toy-superposition at 512 features, d_hidden 64, 10 instances (feature probability 1 to 0.05, importance 0.9^j), batch 1024, AdamW lr 1e-3 without weight decay",
    };

    /// <summary>True when <paramref name="config"/> names one of these workloads.</summary>
    public static bool Has(string config) => Descriptions.ContainsKey(config);

    /// <summary>
    /// The step of <paramref name="config"/> with <paramref name="modelOptions"/> (<c>key=value</c>,
    /// the kind's JSON field names) applied to its model; the resolved model config as JSON; the
    /// step's nominal GFLOP (<see cref="NominalGflop"/>). <paramref name="allowSpecialisations"/> false
    /// forces the model's general (hooked components) path.
    /// </summary>
    public static (Action Step, string ConfigJson, double Gflop) CreateStep(string config, IReadOnlyDictionary<string, string> modelOptions, int threads, bool allowSpecialisations)
    {
        var (task, modelConfig, training) = config switch
        {
            "mlp-grok" => (TaskRegistry.Create(Presets.Grokking.Task, Presets.Grokking.TaskOptions), (IModelConfig)new MlpConfig { DHidden = [512] }, Presets.Grokking.Training),
            "mlp-parity" => (TaskRegistry.Create(LogicPresets.SparseParity.Task, LogicPresets.SparseParity.TaskOptions), LogicPresets.SparseParity.Model, LogicPresets.SparseParity.Training),
            "toy-512" => ((ITask)new SparseFeaturesTask(nFeatures: 512, nInstances: 10), new ToySuperpositionConfig { DHidden = 64 },
                new TrainingConfig { BatchSize = 1024, LearningRate = 1e-3, WeightDecay = 0, Beta1 = 0.9, Beta2 = 0.999 }),
            _ => throw new ArgumentException($"Unknown config '{config}'; the other kinds' are: {string.Join(", ", Descriptions.Keys)}."),
        };
        training = training with { Seed = 0 };
        var data = new TrainingData(task, training);
        var shaped = ModelConfigOverrides.Apply(modelConfig.WithTaskShape(Trainer.ShapeOf(task), 0), modelOptions);
        shaped.Validate();
        var model = ModelKinds.Create(shaped);
        var optimizer = new AdamW(model.TrainableTensors(), training.LearningRate, training.Beta1, training.Beta2, training.Epsilon, training.WeightDecay);
        var compute = new ComputeContext(threads);
        var batches = data.IsFullBatch ? [data.Train] : Enumerable.Range(0, 4).Select(data.Batch).ToArray();
        int next = 0;
        void Step()
        {
            var batch = batches[next];
            next = (next + 1) % batches.Length;
            using var useThreads = ComputeContext.Use(compute);
            using var scope = MemoryScope.Begin();
            optimizer.ZeroGrad();
            Tensors.Autograd.OpProfiler.Current?.Mark();
            int[] positions = batch.Targets.LossPositions();
            var outputs = model.Forward(batch.Input, ForwardOptions.AtPositions(positions) with { AllowSpecialisations = allowSpecialisations });
            var loss = TrainingLoss.Compute(outputs, batch.Targets, positions, out _);
            loss.Backward();
            optimizer.Step();
        }
        return (Step, shaped.ToJson(), NominalGflop(shaped, batches[0].Count));
    }

    /// <summary>
    /// The step's matrix products as a plain implementation does them, 2 flops per multiply-add:
    /// for an mlp, the forward's layers and unembedding, and a backward of twice that (the first
    /// layer's input gradient feeds the trained embeddings); for the toy model, per instance h = W x
    /// and Wᵀh forward, and backward the two products of Wᵀh and only W's gradient of W x (the input
    /// needs none): five products of 2·batch·n·m each.
    /// </summary>
    public static double NominalGflop(IModelConfig config, int batch)
    {
        switch (config)
        {
            case MlpConfig mlp:
                double forward = 0;
                int width = mlp.CombinedWidth;
                foreach (int hidden in mlp.HiddenWidths)
                {
                    forward += 2.0 * batch * width * hidden;
                    width = hidden;
                }
                forward += 2.0 * batch * width * mlp.OutputVocab;
                return 3 * forward / 1e9;
            case ToySuperpositionConfig toy:
                return 5 * 2.0 * batch * toy.NFeatures * toy.DHidden * toy.NInstances / 1e9;
            default:
                throw new ArgumentException($"No flop count for the {config.Kind} kind here.");
        }
    }
}
