using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlgoLens.Data;
using AlgoLens.Tasks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AlgoLens.Cli.Commands;

/// <summary>
/// <c>algolens tasks show NAME [--samples N] [--seed S] [--json]</c>: a task's vocabulary, its
/// options with the values used, and examples as readable text.
/// </summary>
internal sealed class TaskShowCommand : Command<TaskShowCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A task from `algolens tasks`.")]
        public string Name { get; init; } = "";

        [CommandOption("--samples <N>")]
        [Description("How many examples to show (default 3).")]
        public int Samples { get; init; } = 3;

        [CommandOption("--seed <S>")]
        [Description("Which examples: the same seed shows the same ones (default 0).")]
        public int Seed { get; init; }

        [CommandOption("--json")]
        // Help text is Spectre markup: a literal bracket is written twice.
        [Description("Print {\"name\", \"vocab\", \"options\", [[\"features\",]] \"examples\": [[{\"input\": [[...]], \"target\": [[...]], \"loss_positions\": [[...]]}]]}.")]
        public bool Json { get; init; }

        [CommandOption("--modulus <N>")]
        [Description("The modulus p of the arithmetic tasks (also accepted as --p).")]
        public int? P { get; init; }

        [CommandOption("--task-option <KEY=VALUE>")]
        [Description("A task's own option; repeat for several.")]
        public string[] TaskOptions { get; init; } = [];

        public override ValidationResult Validate() =>
            Samples > MaxSamples
                ? ValidationResult.Error(string.Create(CultureInfo.InvariantCulture,
                    $"--samples {Samples} is more than `tasks show` prints (at most {MaxSamples}): it shows examples to look at, and `train` builds a task's datasets itself. Give --samples {MaxSamples} or fewer."))
                : base.Validate();
    }

    /// <summary>
    /// The most examples one `tasks show` prints. They are drawn and printed a chunk at a time, so
    /// memory does not grow with the count; the bound stops a mistyped count from printing for hours
    /// (a closed pipe does not stop a .NET program's console output).
    /// </summary>
    public const int MaxSamples = 1_000_000;

    /// <summary>Examples drawn, rendered and written at a time.</summary>
    private const int ChunkSize = 1000;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CliErrors.Run(() =>
        {
            var task = TaskRegistry.Create(settings.Name, OptionPairs.ToTaskOptions(new TaskOptions(), settings.P, settings.TaskOptions));
            var info = TaskRegistry.All.First(t => string.Equals(t.Name, task.Name, StringComparison.OrdinalIgnoreCase));
            var (count, chunks) = TaskSamples.DrawInChunks(task, settings.Samples, settings.Seed, ChunkSize);
            if (settings.Json)
            {
                using var stdout = Console.OpenStandardOutput();
                WriteJson(stdout, task, info, chunks, cancellationToken);
                Console.WriteLine();
                return;
            }
            Print(task, info, count, chunks, settings.Seed, cancellationToken);
        }, settings);

    private static void Print(ITask task, TaskInfo info, int count, IEnumerable<ExampleBatch> chunks, int seed, CancellationToken cancellation)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{task.Name}[/]: {task.Description}");
        if (info.Problems.Length > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"problems: {info.Problems}");
        }
        AnsiConsole.MarkupLineInterpolated($"examples: {(task is IEnumeratedTask ? "enumerated, split by seed" : "sampled afresh every step")}; sequence length {task.SequenceLength}; metrics: {string.Join(", ", task.Metrics.Select(Training.Evaluation.ColumnName))}");
        AnsiConsole.MarkupLineInterpolated($"vocabulary ({task.Vocabulary.Count}): {Abbreviated(task.Vocabulary.Names)}");
        if (task.TargetKind == TargetKind.Classes && !task.OutputVocabulary.Names.SequenceEqual(task.Vocabulary.Names))
        {
            AnsiConsole.MarkupLineInterpolated($"output classes ({task.OutputVocabulary.Count}): {Abbreviated(task.OutputVocabulary.Names)}");
        }
        if (task.InputWidth > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"input: {task.InputWidth} real values per position; outputs: {task.OutputWidth} per position");
        }
        if (info.Options.Count > 0)
        {
            var options = new Table().AddColumns("option", "value", "default", "meaning");
            foreach (var option in info.Options)
            {
                string value = task.Settings.TryGetValue(option.Name, out var used) ? used : option.DefaultValue;
                options.AddRow(Markup.Escape(option.Name), Markup.Escape(value), Markup.Escape(option.DefaultValue), Markup.Escape(option.Description));
            }
            AnsiConsole.Write(options);
        }
        if (TaskFeatures.Of(task) is { Count: > 0 } features)
        {
            var table = new Table().AddColumns("feature (algolens probe --feature)", "kind", "defined at", "meaning");
            foreach (var f in features)
            {
                table.AddRow(Markup.Escape(f.Syntax), f.KindName, Markup.Escape(f.DefinedAt), Markup.Escape(f.Description));
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLineInterpolated($"{count} example(s), seed {seed} (· marks positions without loss):");
        foreach (var samples in chunks)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < samples.Count; r++)
            {
                var (input, target) = Rendered(task, samples, r);
                AnsiConsole.MarkupLineInterpolated($"  input:  {string.Join(" ", input.Select(i => i.ToString()))}");
                AnsiConsole.MarkupLineInterpolated($"  target: {string.Join(" ", target.Select(t => t?.ToString() ?? "·"))}");
            }
        }
        AnsiConsole.MarkupLine("Every enumerated task also takes --task-option random_labels=true (and label_seed=N): targets shuffled once (problem 3.24), or label_noise=F: F of the examples given a wrong class (problem 3.29).");
    }

    /// <summary>
    /// The machine-readable form, written as the examples are drawn: {"name", "description",
    /// "problems", "vocab", ["output_vocab",] "options", "examples": [...]}, text for text as
    /// <c>ToJson(...).ToJsonString(CliJson.Indented)</c> would give it, without holding every example.
    /// </summary>
    internal static void WriteJson(Stream output, ITask task, TaskInfo info, IEnumerable<ExampleBatch> chunks, CancellationToken cancellation = default)
    {
        var writerOptions = new JsonWriterOptions { Indented = CliJson.Indented.WriteIndented, Encoder = CliJson.Indented.Encoder };
        using var writer = new Utf8JsonWriter(output, writerOptions);
        writer.WriteStartObject();
        foreach (var (key, value) in Header(task, info))
        {
            writer.WritePropertyName(key);
            WriteNode(writer, value);
        }
        writer.WritePropertyName("examples");
        writer.WriteStartArray();
        foreach (var samples in chunks)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < samples.Count; r++)
            {
                Example(task, samples, r).WriteTo(writer);
            }
            writer.Flush();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The machine-readable form of <paramref name="samples"/> at once (the reference <see cref="WriteJson"/> is held to).</summary>
    internal static JsonObject ToJson(ITask task, TaskInfo info, ExampleBatch samples)
    {
        var examples = new JsonArray();
        for (int r = 0; r < samples.Count; r++)
        {
            examples.Add(Example(task, samples, r));
        }
        var json = Header(task, info);
        json["examples"] = examples;
        return json;
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static JsonObject Example(ITask task, ExampleBatch samples, int row)
    {
        var (input, target) = Rendered(task, samples, row);
        var positions = Enumerable.Range(0, target.Length).Where(p => target[p] is not null).ToArray();
        return new JsonObject
        {
            ["input"] = new JsonArray(input.Select(i => (JsonNode?)i.ToJson()).ToArray()),
            ["target"] = new JsonArray(positions.Select(p => (JsonNode?)target[p]!.ToJson()).ToArray()),
            ["loss_positions"] = new JsonArray(positions.Select(p => (JsonNode?)p).ToArray()),
        };
    }

    /// <summary>Everything of the machine-readable form but the examples.</summary>
    private static JsonObject Header(ITask task, TaskInfo info)
    {
        var options = new JsonObject();
        foreach (var (key, value) in task.Settings)
        {
            options[key] = value;
        }
        var json = new JsonObject
        {
            ["name"] = task.Name,
            ["description"] = task.Description,
            ["problems"] = info.Problems,
            ["vocab"] = new JsonArray(task.Vocabulary.Names.Select(n => (JsonNode?)n).ToArray()),
        };
        if (task.TargetKind == TargetKind.Classes && !task.OutputVocabulary.Names.SequenceEqual(task.Vocabulary.Names))
        {
            json["output_vocab"] = new JsonArray(task.OutputVocabulary.Names.Select(n => (JsonNode?)n).ToArray());
        }
        json["options"] = options;
        // Only tasks that define features get the field, so that every other task's JSON is unchanged.
        if (TaskFeatures.Of(task) is { Count: > 0 } features)
        {
            json["features"] = new JsonArray([.. features.Select(f => (JsonNode?)new JsonObject
            {
                ["name"] = f.Syntax,
                ["kind"] = f.KindName,
                ["per_position"] = f.PerPosition,
                ["defined_at"] = f.DefinedAt,
                ["description"] = f.Description,
            })]);
        }
        return json;
    }

    /// <summary>
    /// Row <paramref name="row"/>: each input token's name (or its values, for real input), and per
    /// position the target's name or values, null where no loss is read. Padding is dropped.
    /// </summary>
    private static (Item[] Input, Item?[] Target) Rendered(ITask task, ExampleBatch samples, int row)
    {
        int positions = samples.Input.Positions;
        var mask = samples.Input.AttentionMask;
        int length = Enumerable.Range(0, positions).Count(p => mask is null || mask[row * positions + p]);
        var input = new Item[length];
        var target = new Item?[length];
        var targets = samples.Targets;
        for (int p = 0; p < length; p++)
        {
            int slot = row * positions + p;
            input[p] = samples.Input.Tokens is { } tokens
                ? new Item(task.Vocabulary.Names[tokens.Ids[slot]], null)
                : new Item(null, samples.Input.Values!.AsSpan(slot * samples.Input.Width, samples.Input.Width).ToArray());
            if (targets.LossMask[slot])
            {
                target[p] = targets.Classes is { } classes
                    ? new Item(task.OutputVocabulary.Names[classes[slot]], null)
                    : new Item(null, targets.Values!.AsSpan(slot * targets.Width, targets.Width).ToArray());
            }
        }
        return (input, target);
    }

    /// <summary>A token's name or a vector of real values.</summary>
    private sealed record Item(string? Token, float[]? Values)
    {
        public override string ToString() =>
            Token ?? (Values!.Length == 1 ? Format(Values[0]) : "[" + string.Join(",", Values.Select(Format)) + "]");

        public JsonNode ToJson() =>
            Token is not null ? JsonValue.Create(Token)!
            : Values!.Length == 1 ? JsonValue.Create(Values[0])!
            : new JsonArray(Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

        private static string Format(float value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static string Abbreviated(IReadOnlyList<string> names) =>
        names.Count <= 40 ? string.Join(" ", names) : string.Join(" ", names.Take(20)) + " ... " + string.Join(" ", names.Skip(names.Count - 5));
}
