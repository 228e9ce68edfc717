using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>Options shared by `train` and `grok`: a preset and overrides of any of its settings.</summary>
internal class TrainSettings : CliSettings
{
    [CommandOption("--preset <NAME>")]
    [Description("Starting point: grokking (default) or any preset of `algolens presets` (one per task of the zoo).")]
    public string? Preset { get; init; }

    /// <summary>The preset's name: --preset, or grokking.</summary>
    public string PresetName => Preset ?? Training.Presets.Grokking.Name;

    [CommandOption("--out <DIR>")]
    [Description("Run folder to create (default runs/<preset>-<task>-<p>-seed<seed>).")]
    public string? Out { get; init; }

    [CommandOption("--resume <DIR>")]
    [Description("Continue a stopped or killed run from its newest checkpoint (bitwise as an unbroken run).")]
    public string? Resume { get; init; }

    [CommandOption("--seed <N>")]
    public int? Seed { get; init; }

    [CommandOption("--task <NAME>")]
    [Description("Task (see `algolens tasks`).")]
    public string? Task { get; init; }

    [CommandOption("--task-option <KEY=VALUE>")]
    [Description("A task's own option (see `algolens tasks`); repeat for several.")]
    public string[] TaskOptions { get; init; } = [];

    [CommandOption("--random-labels")]
    [Description("Shuffle an enumerated task's labels once by seed (memorisation, problem 3.24); the same as --task-option random_labels=true.")]
    public bool RandomLabels { get; init; }

    [CommandOption("--model <KIND>")]
    [ValuesDescription("Model kind (the preset's when left out): {0}.", typeof(ModelKinds), nameof(ModelKinds.All))]
    public string? ModelKind { get; init; }

    [CommandOption("--model-option <KEY=VALUE>")]
    [Description("Any field of the model kind's config by its JSON name (e.g. d_hidden=256 for mlp); repeat for several. The kind checks each field and value.")]
    public string[] ModelOptions { get; init; } = [];

    [CommandOption("--test-examples <N>")]
    [Description("Held-out test set size for sampled tasks.")]
    public int? TestExamples { get; init; }

    [CommandOption("--modulus <N>")]
    [Description("The modulus p (also accepted as --p).")]
    public int? P { get; init; }

    [CommandOption("--frac <F>")]
    [Description("Training fraction in (0, 1).")]
    public double? Frac { get; init; }

    [CommandOption("--steps <N>")]
    public int? Steps { get; init; }

    [CommandOption("--lr <LR>")]
    public double? Lr { get; init; }

    [CommandOption("--wd <WD>")]
    public double? Wd { get; init; }

    [CommandOption("--beta1 <B>")]
    public double? Beta1 { get; init; }

    [CommandOption("--beta2 <B>")]
    public double? Beta2 { get; init; }

    [CommandOption("--warmup <N>")]
    public int? Warmup { get; init; }

    [CommandOption("--lr-schedule <NAME>")]
    [Description("After the warm-up: constant (default) keeps --lr; cosine decays it to --min-lr by step --decay-steps.")]
    public string? LrSchedule { get; init; }

    [CommandOption("--min-lr <LR>")]
    [Description("Cosine only: the rate the decay ends at (default: a tenth of --lr).")]
    public double? MinLr { get; init; }

    [CommandOption("--decay-steps <N>")]
    [Description("Cosine only: the step the decay ends at (default: --steps); kept when --resume extends the run.")]
    public int? DecaySteps { get; init; }

    [CommandOption("--batch-size <N>")]
    [Description("0 = full batch.")]
    public int? BatchSize { get; init; }

    [CommandOption("--clip <NORM>")]
    public double? Clip { get; init; }

    [CommandOption("--n-layers <N>")]
    [TransformerField("n_layers")]
    public int? NLayers { get; init; }

    [CommandOption("--d-model <N>")]
    [TransformerField("d_model")]
    public int? DModel { get; init; }

    [CommandOption("--n-heads <N>")]
    [TransformerField("n_heads")]
    public int? NHeads { get; init; }

    [CommandOption("--d-head <N>")]
    [TransformerField("d_head")]
    public int? DHead { get; init; }

    [CommandOption("--d-mlp <N>")]
    [TransformerField("d_mlp")]
    public int? DMlp { get; init; }

    [CommandOption("--act <FN>")]
    [TransformerField("act_fn", nameof(HookedTransformerConfig.ActivationFunctions))]
    public string? Act { get; init; }

    [CommandOption("--normalization <TYPE>")]
    [TransformerField("normalization_type", nameof(HookedTransformerConfig.NormalizationTypes))]
    public string? Normalization { get; init; }

    [CommandOption("--attn-only")]
    [TransformerField("attn_only")]
    public bool? AttnOnly { get; init; }

    [CommandOption("--init <SCHEME>")]
    [TransformerField("init_scheme", nameof(HookedTransformerConfig.InitSchemes))]
    public string? Init { get; init; }

    [CommandOption("--trainable-biases <WHICH>")]
    [TransformerField("trainable_biases", nameof(HookedTransformerConfig.TrainableBiasesChoices))]
    public string? TrainableBiases { get; init; }

    [CommandOption("--log-every <N>")]
    public int? LogEvery { get; init; }

    [CommandOption("--checkpoint-every <N>")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--measure <NAMES>")]
    [Description("Measures to take on the live model while it trains (comma-separated or repeated; e.g. circuits, weight_norms; `algolens analyze` lists them): written to RUN_DIR/measures.csv every --measure-every steps. Training is bitwise the same with or without.")]
    public string[] Measure { get; init; } = [];

    [CommandOption("--measure-every <N>")]
    [Description("With --measure: measure every N steps (default: --log-every), and at the last step.")]
    public int? MeasureEvery { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Kernel threads (default: all cores; at most 4 per core, or 16). Results do not depend on it.")]
    public int? Threads { get; init; }

    /// <summary>
    /// The most --threads a run accepts: four per core, and at least 16. More threads than that
    /// cannot speed anything up, and a huge number exhausts the process's memory for thread stacks
    /// and kills it (exit 134) after the run folder was made.
    /// </summary>
    public static int MaxThreads => Math.Max(4 * Environment.ProcessorCount, 16);

    [CommandOption("-q|--quiet")]
    [Description("No progress display and no summary table: one line with the run's status, step and folder.")]
    public bool Quiet { get; init; }

    /// <summary>Checks what can be checked before anything is built or written: the thread count.</summary>
    public override Spectre.Console.ValidationResult Validate()
    {
        if (Threads is { } threads && (threads < 1 || threads > MaxThreads))
        {
            return Spectre.Console.ValidationResult.Error(string.Create(CultureInfo.InvariantCulture,
                $"--threads {threads} is outside 1..{MaxThreads} (4 per core on this machine's {Environment.ProcessorCount} cores, and at least 16). Give a number in that range, or leave --threads out to use every core."));
        }
        if (MeasureEvery is { } every && every < 1)
        {
            return Spectre.Console.ValidationResult.Error(string.Create(CultureInfo.InvariantCulture,
                $"--measure-every {every} is not a number of steps: give 1 or more (1 measures after every step)."));
        }
        if (MeasureEvery is not null && Measure.Length == 0)
        {
            return Spectre.Console.ValidationResult.Error("--measure-every without --measure measures nothing: add --measure NAME (e.g. --measure circuits), or leave --measure-every out.");
        }
        return base.Validate();
    }

    /// <summary>
    /// The measures --measure asks for, taken every --measure-every steps (default
    /// <paramref name="logEvery"/>, the run's own --log-every); null without --measure.
    /// </summary>
    /// <exception cref="ArgumentException">A name is no measure's (the message lists them and the nearest).</exception>
    public AlgoLens.Analysis.Measures.MeasuresDuringTraining? MeasureObserver(int logEvery) =>
        Measure.Length == 0
            ? null
            : new AlgoLens.Analysis.Measures.MeasuresDuringTraining(AlgoLens.Analysis.Measures.MeasuresDuringTraining.Resolve(Measure), MeasureEvery ?? logEvery);

    /// <summary>The preset with every given override applied.</summary>
    public (ITask Task, IModelConfig Model, TrainingConfig Training) Build() => Build(Training.Presets.Get(PresetName));

    /// <summary><paramref name="preset"/> with every given override applied.</summary>
    public (ITask Task, IModelConfig Model, TrainingConfig Training) Build(Preset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        string[] taskOptions = RandomLabels ? [.. TaskOptions, "random_labels=true"] : TaskOptions;
        var task = TaskRegistry.Create(Task ?? preset.Task, OptionPairs.ToTaskOptions(preset.TaskOptions, P, taskOptions));

        IModelConfig model = ModelKind is null || string.Equals(ModelKind, preset.Model.Kind, StringComparison.OrdinalIgnoreCase)
            ? preset.Model
            : Models.ModelKinds.ReadConfig(ModelKind, "{}", $"the default {ModelKind} config");
        var fields = TransformerShorthands(model);
        foreach (var (key, value) in OptionPairs.Parse(ModelOptions, "--model-option"))
        {
            fields[key] = value;
        }
        model = ModelConfigOverrides.Apply(model, fields);

        var t = preset.Training;
        // The trainer sets the task's shape (vocabulary, context, ...) over the model's: an option
        // that asks for another one would be dropped without a word.
        ModelConfigOverrides.RefuseTaskDecided(model, fields.Keys, Trainer.ShapeOf(task), Seed ?? t.Seed, task.Name);
        // Choosing another schedule than the preset's drops the preset's settings of its own one.
        string schedule = LrSchedule ?? t.LrSchedule;
        bool sameSchedule = schedule == t.LrSchedule;
        var training = t with
        {
            LrSchedule = schedule, MinLearningRate = MinLr ?? (sameSchedule ? t.MinLearningRate : null),
            DecaySteps = DecaySteps ?? (sameSchedule ? t.DecaySteps : null),
            Seed = Seed ?? t.Seed, TrainFraction = Frac ?? t.TrainFraction, Steps = Steps ?? t.Steps, LearningRate = Lr ?? t.LearningRate,
            WeightDecay = Wd ?? t.WeightDecay, Beta1 = Beta1 ?? t.Beta1, Beta2 = Beta2 ?? t.Beta2, WarmupSteps = Warmup ?? t.WarmupSteps,
            BatchSize = BatchSize ?? t.BatchSize, GradClipNorm = Clip ?? t.GradClipNorm, LogEvery = LogEvery ?? t.LogEvery,
            CheckpointEvery = CheckpointEvery ?? t.CheckpointEvery, TestExamples = TestExamples ?? t.TestExamples,
        };
        return (task, model, training);
    }

    /// <summary>
    /// The fields the transformer shorthands given (--d-model, --act, ...) set, as JSON text by
    /// field name; refused for another kind than the transformer, whose fields differ.
    /// </summary>
    /// <exception cref="ModelConfigException">A shorthand given for another kind (the message names the kind, its fields and the --model-option to use).</exception>
    private Dictionary<string, string> TransformerShorthands(IModelConfig model)
    {
        var given = typeof(TrainSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Field: p.GetCustomAttribute<TransformerFieldAttribute>()?.Field, Flag: p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames[0], Value: p.GetValue(this)))
            .Where(s => s.Field is not null && s.Flag is not null && s.Value is not null)
            .Select(s => (Field: s.Field!, Flag: "--" + s.Flag!, Json: Json(s.Value!)))
            .ToList();
        if (given.Count > 0 && model.Kind != HookedTransformer.KindName)
        {
            var kindFields = ModelConfigOverrides.FieldNames(model);
            var hints = given.Select(s => kindFields.Contains(s.Field, StringComparer.Ordinal)
                ? $"{s.Flag}: use --model-option {s.Field}={s.Json.Trim('"')}"
                : $"{s.Flag}: the {model.Kind} model has no {s.Field}");
            throw new ModelConfigException(
                $"{string.Join(", ", given.Select(s => s.Flag))} {(given.Count == 1 ? "is a transformer option" : "are transformer options")}, and the model kind is {model.Kind}. "
                + $"Set the {model.Kind} model's fields with --model-option KEY=VALUE (repeat for several); its fields: {string.Join(", ", kindFields)}. For a transformer, give --model transformer.\n- "
                + string.Join("\n- ", hints));
        }
        return given.ToDictionary(s => s.Field, s => s.Json);
    }

    // The text a shorthand's value has in a config's JSON.
    private static string Json(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string text => System.Text.Json.JsonSerializer.Serialize(text),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>The run folder: --out, or a name made from the settings.</summary>
    public string RunDirectory(ITask task, TrainingConfig training)
    {
        if (Out is not null)
        {
            return Out;
        }
        string p = task.Settings.TryGetValue("p", out var value) ? "-" + value : "";
        return Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"{PresetName}-{task.Name}{p}-seed{training.Seed}"));
    }
}
