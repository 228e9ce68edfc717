using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Lottery;

/// <summary>
/// Lottery tickets of a finished run (Frankle and Carbin 2019; with weight rewinding, Frankle et al.
/// 2020): for each target sparsity, R rounds of magnitude pruning, each round training the rewound
/// weights under its mask for the dense run's full length and settings (same data split, schedule
/// and seed; a fresh optimiser, since a run keeps no optimiser state at earlier checkpoints), each
/// pruning the previous round's trained weights further; then the control, the same per-parameter
/// counts at random positions trained from the same rewound weights. Every run is an ordinary run
/// folder under RUN_DIR/tickets/SCOPE-rewind-N-rounds-R/sparsity-S/ (round-K and random), so
/// a stopped study resumes: completed runs are kept, stopped ones resumed, and only the rest trained.
/// </summary>
public static class LotteryStudy
{
    /// <summary>The folder under RUN_DIR that holds every study's runs.</summary>
    public const string TicketsFolder = "tickets";

    /// <summary>The folder of one study (relative to RUN_DIR): its scope, rewind step and rounds.</summary>
    public static string StudyFolder(LotteryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(TicketsFolder, $"{ScopeName(options.Scope)}-rewind-{options.RewindStep}-rounds-{options.Rounds}");
    }

    /// <summary>"per-layer" or "global".</summary>
    public static string ScopeName(PruningScope scope) => scope == PruningScope.Global ? "global" : "per-layer";

    /// <summary>
    /// Trains (or finds, or resumes) the tickets and controls of <paramref name="runDirectory"/> and
    /// returns what they reached. <paramref name="log"/> hears one line per run as it finishes.
    /// </summary>
    /// <exception cref="ArgumentException">Options out of range, a run that is not completed, or a rewind step without a checkpoint (the message lists the steps).</exception>
    public static LotteryResult Run(string runDirectory, LotteryOptions options, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var run = RunFolder.Open(runDirectory);
        if (run.Info.Status != "completed")
        {
            throw new ArgumentException($"'{runDirectory}' holds a run whose status is '{run.Info.Status}', not completed: tickets are pruned from the finished run. Finish it first (algolens train --resume {runDirectory}).");
        }
        var store = new CheckpointStore(Path.Combine(runDirectory, "checkpoints"));
        var steps = store.Steps();
        if (!steps.Contains(options.RewindStep))
        {
            throw new ArgumentException($"'{runDirectory}' has no checkpoint at step {options.RewindStep}. The steps that exist are {(steps.Count == 0 ? "none" : string.Join(", ", steps))}; give one of them with --rewind-step.");
        }
        int finalStep = steps[^1];
        var dense = store.LoadModel(finalStep);
        var prunable = options.Parameters ?? Prunable.Default(dense);
        bool grokking = GrokkingApplicability.WhyNot(run) is null;
        string rewound = store.PathFor(options.RewindStep);
        string study = Path.Combine(runDirectory, StudyFolder(options));
        var denseRun = Describe(run, runDirectory, run.Info, null, grokking, withFrequencies: true, denseKeys: null);
        var denseKeys = denseRun.KeyFrequencies;

        var tickets = new List<LotteryTicket>();
        foreach (double sparsity in options.Sparsities.Order())
        {
            string folder = Path.Combine(study, $"sparsity-{LotteryOptions.Format(sparsity)}");
            ParameterMask? mask = null;
            var trained = dense;
            var rounds = new List<LotteryRun>();
            for (int round = 1; round <= options.Rounds; round++)
            {
                mask = MagnitudePruning.Prune(trained, prunable, PruningSchedule.SparsityAfter(sparsity, options.Rounds, round), options.Scope, mask);
                string dir = Path.Combine(folder, $"round-{round}");
                var info = Train(run, dir, mask, rewound, cancellation);
                var entry = Describe(run, dir, info, mask, grokking, withFrequencies: round == options.Rounds, denseKeys);
                log?.Invoke($"sparsity {LotteryOptions.Format(sparsity)}, round {round}/{options.Rounds} ({entry.Sparsity:P1}): test accuracy {entry.TestAccuracy:F4}{Grok(entry, grokking)}");
                rounds.Add(entry);
                trained = new CheckpointStore(Path.Combine(dir, "checkpoints")).LoadModel(info.Summary?.StepsCompleted ?? info.Training.Steps);
            }
            var control = RandomMask.Like(mask!, options.Seed);
            string randomDir = Path.Combine(folder, "random");
            var random = Describe(run, randomDir, Train(run, randomDir, control, rewound, cancellation), control, grokking, withFrequencies: true, denseKeys);
            log?.Invoke($"sparsity {LotteryOptions.Format(sparsity)}, random mask: test accuracy {random.TestAccuracy:F4}{Grok(random, grokking)}");
            tickets.Add(new LotteryTicket { Sparsity = sparsity, Ticket = rounds[^1], Rounds = rounds, Random = random });
        }
        return new LotteryResult
        {
            RewindStep = options.RewindStep,
            Rounds = options.Rounds,
            Scope = ScopeName(options.Scope),
            Prunable = prunable,
            GrokkingApplies = grokking,
            Dense = denseRun,
            Tickets = tickets,
        };
    }

    private static string Grok(LotteryRun run, bool grokking) =>
        !grokking ? "" : run.GrokkingStep is { } step ? $", test accuracy ≥ 99% at step {step}" : ", never ≥ 99%";

    // A completed (or diverged) run is kept, a stopped or failed one resumed, leftovers of a run
    // killed before its run.json removed and trained again.
    private static RunInfo Train(RunFolder dense, string dir, ParameterMask mask, string rewound, CancellationToken cancellation)
    {
        if (File.Exists(Path.Combine(dir, RunInfo.FileName)))
        {
            var existing = RunInfo.Load(dir);
            if (existing.Status is "completed" or "diverged")
            {
                return existing;
            }
            return Finished(Trainer.Resume(dir, (name, values) => RunFolder.CreateTask(name, values, dense.Info.TaskAssembly, dense.Directory), cancellation: cancellation), dir);
        }
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        var trainer = new Trainer(dense.Task, dense.Info.ModelConfig, dense.Info.Training) { Mask = mask, InitialWeights = rewound };
        return Finished(trainer.Run(dir, cancellation: cancellation), dir);
    }

    private static RunInfo Finished(RunInfo info, string dir) =>
        info.Status is "completed" or "diverged"
            ? info
            : throw new OperationCanceledException($"The ticket run {dir} {info.Status}; run prune again to resume it.");

    private static LotteryRun Describe(RunFolder dense, string dir, RunInfo info, ParameterMask? mask, bool grokking, bool withFrequencies, IReadOnlyList<int>? denseKeys)
    {
        var final = info.Summary?.Final;
        (IReadOnlyList<int>? keys, double? share) = grokking && withFrequencies ? Fourier(dense, dir, info, denseKeys) : (null, null);
        return new LotteryRun
        {
            Run = Path.GetRelativePath(dense.Directory, dir),
            Sparsity = mask?.Sparsity ?? 0,
            TestAccuracy = final is null ? double.NaN : final["test_accuracy"],
            TestLoss = final is null ? double.NaN : final.TestLoss,
            GrokkingStep = grokking ? info.Summary?.StepTestAccuracy99 : null,
            KeyFrequencies = keys,
            EmbeddingShareInDenseKeys = share,
            Survivors = mask?.KeptFractions().ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }

    // The existing Fourier analysis on the final checkpoint: the distinct frequencies of the MLP
    // neurons that one frequency explains (NeuronFrequencies, as the grokking measure counts them),
    // and the share of W_E's squared norm in the dense run's key frequencies (its own for the dense run).
    private static (IReadOnlyList<int>? Keys, double? Share) Fourier(RunFolder dense, string dir, RunInfo info, IReadOnlyList<int>? denseKeys)
    {
        int p = ((ModularArithmeticTask)dense.Task).P;
        var basis = new FourierBasis(p);
        var model = (HookedTransformer)new CheckpointStore(Path.Combine(dir, "checkpoints")).LoadModel(info.Summary?.StepsCompleted ?? info.Training.Steps);
        var (_, activations) = GrokkingProgress.LastPosition(model, p, model.Config.NLayers - 1);
        int[] keys = NeuronFrequencies.Analyse(basis, activations).KeyFrequencies();
        return (keys, FrequencyNorms.Share(FrequencyNorms.OfEmbedding(model, basis), denseKeys ?? keys));
    }
}
