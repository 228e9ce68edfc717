#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// A task of your own (problem 3.17 of the seed), trained, evaluated, analysed and reported like the
// built-in ones. Run it with the .NET 10 SDK from the repository root:
//
//     dotnet run examples/my-task.cs [RUN_DIR]
//
// (PublishAot=false: a file-based app defaults to native AOT, which turns off the reflection-based
// JSON that AlgoLens writes run.json with.)
//
// It defines "count-ones" (how many 1s in a string of bits), registers it, trains a one-layer
// transformer on it with the Trainer (600 steps, about 10 s), then evaluates, analyses and writes
// the report. run.json records this program's assembly (task_assembly), so the CLI can reopen the
// run when you trust that assembly (it is code): `algolens eval RUN_DIR --trust-plugins`,
// `algolens cache --model RUN_DIR --trust-plugins --input "1 0 1 1 0 0 1 0 =" --out acts.safetensors`.
//
// To train your task from the CLI instead, put the class in a class library that references
// src/AlgoLens/AlgoLens.csproj, build it, and pass the .dll to any command:
//
//     algolens train --plugin MyTasks/bin/Release/net10.0/MyTasks.dll --task count-ones --preset small --batch-size 128 --steps 600
//
// AlgoLens registers every public ITask class of that assembly that has a public static
// TaskDefinition Definition (as below) or, for a task without options, a public parameterless
// constructor; model kinds (IModel with a static ModelKind Definition) and measures
// (ICheckpointMeasure with a parameterless constructor) the same way. A plugin is code that runs
// with your rights: AlgoLens loads one only when you name it (--plugin, or ALGOLENS_PLUGIN_PATH
// with absolute paths separated by ':'), or trust the one a run records (--trust-plugins).
using System.Globalization;
using AlgoLens.Analysis.Run;
using AlgoLens.Models;
using AlgoLens.Reports;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

// Registered, the task is known by name: RunFolder, eval and analyze rebuild it from run.json.
TaskRegistry.Register(CountOnesTask.Definition);
var task = TaskRegistry.Create(CountOnesTask.TaskName, new TaskOptions { Extra = new Dictionary<string, string> { ["length"] = "8" } });

var model = new HookedTransformerConfig
{
    NLayers = 1, DModel = 32, NHeads = 2, DHead = 16, DMlp = 64, ActFn = "relu", NormalizationType = "none",
};
var training = new TrainingConfig
{
    Steps = 600, LearningRate = 3e-3, WeightDecay = 0.01, WarmupSteps = 20, BatchSize = 128,
    TestExamples = 1024, LogEvery = 50, CheckpointEvery = 100,
};
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-count-ones-{DateTime.Now:yyyyMMdd-HHmmss}");

Console.WriteLine($"Training {task.Name} ({task.Description}) into {runDirectory} ...");
var info = new Trainer(task, model, training).Run(runDirectory);
Console.WriteLine($"{info.Status} after {info.Summary?.StepsCompleted} steps in {info.Summary?.WallSeconds:F1} s.");

var evaluation = RunEvaluation.Evaluate(runDirectory, step: null);
foreach (var (split, result) in evaluation.Splits)
{
    Console.WriteLine($"  {split}: {result.Examples} examples, loss {result.Loss:G4}, accuracy {result.Metrics["accuracy"]:P2}, exact match {result.Metrics["exact_match"]:P2}");
}

var analysis = RunAnalyzer.Analyze(runDirectory);
Console.WriteLine($"Analysed {analysis.Analysis.Steps.Count} checkpoints ({string.Join(", ", analysis.Analysis.Ran.Select(m => m.Name))}).");
Console.WriteLine($"Report: {Path.GetFullPath(RunReport.Write(runDirectory))}");

/// <summary>
/// "Count the 1s": a string of bits, then <c>=</c>; at <c>=</c>, predict how many bits are 1
/// (<c>1 0 1 1 0 0 1 0 =</c> → <c>4</c>). A one-layer transformer can attend evenly from <c>=</c> to
/// every bit, so the share of 1s arrives in one vector that the MLP reads out as a count.
/// </summary>
public sealed class CountOnesTask : TokenSequenceTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "count-ones";

    /// <summary>The options it takes, with defaults and what they must satisfy.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } = [new("length", "8", "bits per example, 1..64")];

    /// <summary>How the registry lists and builds the task: name, description, options, problem.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "count the 1s in a string of bits", Options, "3.17"),
        settings => new CountOnesTask(new TaskSettingsReader(TaskName, Options, settings)));

    private CountOnesTask(TaskSettingsReader options)
        : this(options.Int("length", 1, 64), options)
    {
    }

    private CountOnesTask(int length, TaskSettingsReader options)
        : base(new TaskVocabulary(["0", "1", "="]), length + 1, options.Settings,
               new TaskVocabulary(Enumerable.Range(0, length + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()))
    {
        Length = length;
    }

    /// <summary>Bits per example.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"count the 1s in {Length} bits";

    /// <summary>The ground truth, from the definition: the number of 1 tokens, at the <c>=</c> position.</summary>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        if (input.Length != Length + 1 || input[Length] != 2 || input[..Length].ContainsAnyExcept(0, 1))
        {
            throw new ArgumentException($"A count-ones example is {Length} bits (0 or 1) and then '='.");
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        answer[Length] = input[..Length].Count(1);
        return answer;
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var input = new int[Length + 1];
        int ones = 0;
        for (int i = 0; i < Length; i++)
        {
            input[i] = rng.NextInt(2);
            ones += input[i];
        }
        input[Length] = 2;
        var target = new int[Length + 1];
        Array.Fill(target, -1);
        target[Length] = ones; // counted while drawing; Answer counts again from the input
        return new TokenExample(input, target);
    }
}
