using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using AlgoLens.Analysis;
using AlgoLens.Data;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;
using AlgoLens.Training.Memory;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary><c>algolens cache</c>: a thin layer over <see cref="CacheExport"/>.</summary>
internal sealed class CacheCommand : Command<CacheCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("Weights (.safetensors) or a run folder (its latest checkpoint).")]
        public string Model { get; init; } = "";

        [CommandOption("--step <N>")]
        [Description("With a run folder as --model: the checkpoint saved at this step (default: the newest).")]
        public int? Step { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("Model config JSON (TransformerLens field names), for weights whose file carries none.")]
        public string? Config { get; init; }

        [CommandOption("--tokens <TOKENS>")]
        [Description("Inline \"1 2 3; 4 5 6\" or a safetensors file with 'tokens' (and 'labels').")]
        public string Tokens { get; init; } = "";

        [CommandOption("--input <TEXT>")]
        [Description("Readable token names, sequences separated by ';' (\"3 5 =; 4 6 =\"), read with the run's task (or --task).")]
        public string? Input { get; init; }

        [CommandOption("--task <NAME>")]
        [Description("The task whose token names --input uses, when --model is not a run folder (a run folder reads them with its own task and options).")]
        public string? Task { get; init; }

        [CommandOption("--task-option <KEY=VALUE>")]
        [Description("An option of --task (e.g. p=113), for a model file; repeat for several.")]
        public string[] TaskOptions { get; init; } = [];

        [CommandOption("--labels <LABELS>")]
        [Description("One label per sequence, inline: ids (\"5 7\") with --tokens, the task's output names with --input; overrides labels in a tokens file.")]
        public string? Labels { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output safetensors file.")]
        public string Out { get; init; } = "";

        [CommandOption("--names <REGEX>")]
        [Description("Only hooks whose full name matches this regex (default: all).")]
        public string? Names { get; init; }

        [CommandOption("--grads")]
        [Description("Also write the loss (cross-entropy at the last position), grad.<param> for every trainable parameter and grad.<hook> for every cached activation.")]
        public bool Grads { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--model and --out are required.");
            }
            if (string.IsNullOrWhiteSpace(Tokens) == string.IsNullOrWhiteSpace(Input))
            {
                return ValidationResult.Error("Give the inputs once: --tokens (ids) or --input (token names).");
            }
            if (Step < 0)
            {
                return ValidationResult.Error($"--step {Step} is negative; give a saved step of the run (see its checkpoints/), or drop --step for the newest.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        return CliErrors.Run(() =>
        {
            string weights = WeightsFile(settings);
            RefuseOverwritingAnInput(settings, weights);
            var model = ModelFile.LoadModel(weights, settings.Config is null ? null : ModelSource.ReadConfig(settings.Config));
            var namingTask = NamingTask(settings, model, weights);
            var (tokens, fileLabels) = settings.Input is null
                ? TokenInput.Read(settings.Tokens)
                : (TextInput.Read(settings.Input, namingTask!), null);
            var labels = settings.Labels is null ? fileLabels
                : settings.Input is null ? TokenInput.ReadLabels(settings.Labels)
                : TextInput.ReadLabels(settings.Labels, namingTask!);
            CacheMemory.EnsureFits(
                CacheMemory.ForCache(model.ModelConfig, tokens.Batch, tokens.Positions, settings.Grads), AvailableMemory.Bytes());
            var writer = BuildExport(model, tokens, labels, settings, namingTask);
            writer.Save(settings.Out);
            AnsiConsole.MarkupLineInterpolated($"Wrote [green]{settings.Out}[/] ({tokens.Batch} sequences of {tokens.Positions} tokens).");
        }, settings);
    }

    /// <summary>
    /// The weights --model names: a file as is; a run folder's checkpoint at --step, or its newest.
    /// </summary>
    private static string WeightsFile(Settings settings)
    {
        if (settings.Step is not int step)
        {
            return ModelSource.ResolveFile(settings.Model);
        }
        string checkpoints = Path.Combine(settings.Model, "checkpoints");
        if (!Directory.Exists(checkpoints))
        {
            throw new ArgumentException($"--step {step} picks a checkpoint of a run folder, but --model {settings.Model} is not a folder with checkpoints/. Give a run folder, or drop --step to read the file as is.");
        }
        var store = new CheckpointStore(checkpoints);
        var steps = store.Steps();
        if (!steps.Contains(step))
        {
            throw new ArgumentException($"--step {step}: the run {settings.Model} has no checkpoint at that step. Saved steps: {(steps.Count == 0 ? "none" : string.Join(", ", steps))}.");
        }
        return store.PathFor(step);
    }

    /// <summary>
    /// The task that names the tokens (for --input, and for the token_names metadata): with --input,
    /// <see cref="InputTask"/>; with --tokens, a run folder's own task or --task, when either is
    /// there (none otherwise: ids need no task).
    /// </summary>
    private static ITask? NamingTask(Settings settings, IModel model, string weights)
    {
        bool run = Directory.Exists(settings.Model) && File.Exists(Path.Combine(settings.Model, RunInfo.FileName));
        return settings.Input is not null || run || settings.Task is not null ? InputTask(settings, model, weights) : null;
    }

    /// <summary>
    /// The task whose token names --input uses. A run folder's own task with the options run.json
    /// records (a --task of another name, or --task-option, is refused: read with other options, a
    /// BOS or separator becomes an ordinary token id of the model); --task and --task-option for a
    /// model file, checked against the model's vocabulary, context and outputs.
    /// </summary>
    private static ITask InputTask(Settings settings, IModel model, string weights)
    {
        bool run = Directory.Exists(settings.Model) && File.Exists(Path.Combine(settings.Model, RunInfo.FileName));
        if (run)
        {
            string runTask = RunInfo.Load(settings.Model).Task;
            if (settings.TaskOptions.Length > 0)
            {
                throw new ArgumentException($"--task-option is for a model file: the run folder {settings.Model} reads --input with its own task's options ({runTask}, as run.json records them). Drop --task-option.");
            }
            if (settings.Task is not null && !string.Equals(settings.Task, runTask, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--task {settings.Task} is not the run's task ({runTask}), which its model was trained on. Drop --task to read --input with the run's own task.");
            }
            return TextInput.TaskFor(settings.Model, null, []);
        }
        var task = TextInput.TaskFor(settings.Model, settings.Task, settings.TaskOptions);
        TaskModelCheck.EnsureFits(task, model.ModelConfig, weights);
        return task;
    }

    /// <summary>
    /// <see cref="CacheExport.Build"/>, with a --names pattern that backtracks past the regex
    /// timeout reported as the bad input it is, not as a bug.
    /// </summary>
    private static SafetensorsWriter BuildExport(IModel model, TokenBatch tokens, int[]? labels, Settings settings, ITask? namingTask)
    {
        try
        {
            return CacheExport.Build(model, tokens, labels, settings.Names, settings.Grads, namingTask);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--names '{settings.Names}' did not finish matching the hook name '{e.Input}' within the {e.MatchTimeout.TotalSeconds:0.###} s timeout: nested repetition such as (a+)+ backtracks without end. Give a simpler pattern, e.g. --names 'pattern|mlp' or --names '^blocks\\.0\\.'."), e);
        }
    }

    /// <summary>
    /// --out must not name one of the inputs, nor a file of a run folder (run.json, metrics.csv, a
    /// checkpoint, ...): writing it would destroy that file.
    /// </summary>
    private static void RefuseOverwritingAnInput(Settings settings, string weights)
    {
        RunFileGuard.RefuseRunFile(settings.Out, "--out");
        string output = Path.GetFullPath(settings.Out);
        var inputs = new List<(string Option, string Path)>();
        if (File.Exists(settings.Model) || Directory.Exists(settings.Model))
        {
            inputs.Add(("--model", weights));
        }
        if (settings.Config is not null)
        {
            inputs.Add(("--config", settings.Config));
        }
        if (!string.IsNullOrWhiteSpace(settings.Tokens) && File.Exists(settings.Tokens))
        {
            inputs.Add(("--tokens", settings.Tokens));
        }
        foreach (var (option, path) in inputs)
        {
            if (SameFile(output, Path.GetFullPath(path)))
            {
                throw new ArgumentException($"--out {settings.Out} is the {option} input ({path}); writing the activations there would destroy it. Choose another --out.");
            }
        }
    }

    private static bool SameFile(string a, string b)
    {
        if (string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            return true;
        }
        // A link to the input is the input too.
        return File.Exists(a) && File.Exists(b)
            && string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
    }

    private static string Resolve(string path) =>
        File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
}
