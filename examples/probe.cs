#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// Probes on `automaton`: is the running parity linearly readable from the residual stream, and
// from which layer on? (The Othello papers' question, Li et al. 2023 and Nanda et al. 2023, on a
// task whose state is known.) Run it from the repository root with the .NET 10 SDK:
//
//     dotnet run -c Release examples/probe.cs [RUN_DIR]
//
// RUN_DIR (default: a new temporary folder) is where the model is trained; if it already holds a
// completed run, that run is reopened and only the probes run. The program exits non-zero when a
// finding below does not hold, so the test suite runs it as a check of the library.
//
// The model and task are the `automaton` preset's (2 layers, running parity of 16 bits); training
// is shortened from 1,500 steps to 500, where the model is already right at about 99% of positions.
using AlgoLens.Analysis.Probes;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Logic;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

const int Steps = 500;

var preset = Presets.Get("automaton");
var training = preset.Training with { Steps = Steps, LogEvery = 100, CheckpointEvery = 250 };
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-probe-{DateTime.Now:yyyyMMdd-HHmmss}");
var run = TrainOrOpen(runDirectory, preset, training);

// ── 1. The task's features ───────────────────────────────────────────────────────────────────
// A task names what a probe may ask for (`algolens tasks show automaton` lists the same).
foreach (var f in TaskFeatures.Of(run.Task))
{
    Console.WriteLine($"Feature {f.Syntax} ({f.KindName}, {(f.PerPosition ? "per position" : "per example")}): {f.Description}; defined at {f.DefinedAt}.");
}

// ── 2. A probe per layer ─────────────────────────────────────────────────────────────────────
// 200 sequences x 16 positions = 3,200 rows; a logistic probe per hook, its weight decay chosen on
// a validation part of the train split, and a control task (the same probe on the states shuffled
// across rows) whose test accuracy says what the probe reaches by memorising labels.
var request = new ProbeRequest("resid_post", "state") { Examples = 200, AllLayers = true };
var perLayer = RunProbe.Fit(run, request);
var embed = RunProbe.Fit(run, request with { Hook = "hook_embed", AllLayers = false });
foreach (var p in embed.Probes.Concat(perLayer.Probes))
{
    var r = p.Result;
    Console.WriteLine($"  {p.FullName,-26} train {r.TrainScore:F3}  test {r.TestScore:F3}  control {r.ControlTestScore:F3}  selectivity {r.Selectivity:F3}  (decay {r.WeightDecay:G2})");
}
var last = perLayer.Probes[^1].Result;
// The token embedding knows the current bit only: the parity of the prefix is not in it.
Check(embed.Probes[0].Result.TestScore < 0.75, "the token embedding alone does not hold the running parity");
Check(last.TestScore > 0.95, "the last layer's residual stream holds the parity, linearly");
Check(last.ControlTestScore < 0.65 && last.Selectivity > 0.3, "the control task stays near chance, so the probe is selective");
Console.WriteLine($"Written to {RunProbe.Save(runDirectory, perLayer)}; `algolens report {runDirectory}` draws the per-layer curve.");

// ── 3. The probe's direction as an intervention ──────────────────────────────────────────────
// Class 1's direction minus class 0's, added with either sign at the last layer's residual stream:
// the model's answers follow the sign (a causal check of what the probe read).
var model = run.LoadModel();
double[] direction = last.Direction(1).Zip(last.Direction(0), (a, b) => a - b).ToArray();
var task = (ISampledTask)run.Task;
var tokens = task.Sample(new Rng(99), 64).Input;
double Odd(IReadOnlyList<(string, HookFunction)> hooks)
{
    var logits = model.RunWithHooks(tokens, [.. hooks]);
    int classes = logits.Shape[^1], rows = logits.Size / classes, odd = run.Task.OutputVocabulary.Id("1");
    int count = 0;
    for (int r = 0; r < rows; r++)
    {
        var row = logits.Data.AsSpan(r * classes, classes);
        count += row.IndexOf(MaxOf(row)) == odd ? 1 : 0;
    }
    return (double)count / rows;
}
string hook = perLayer.Probes[^1].FullName;
double norm = Math.Sqrt(direction.Sum(v => v * v));
double plain = Odd([]), up = Odd([ProbeIntervention.Add(hook, direction, 50 / norm)]), down = Odd([ProbeIntervention.Add(hook, direction, -50 / norm)]);
Console.WriteLine($"Share of positions answered 'odd': {plain:F3} as run, {up:F3} with +50·u added at {hook}, {down:F3} with −50·u (u the probe's unit direction).");
Check(up > plain && down < plain, "pushing along the probe's direction moves the model's answer the same way");
Console.WriteLine("All probe findings hold.");

static float MaxOf(ReadOnlySpan<float> row)
{
    float max = float.NegativeInfinity;
    foreach (float v in row)
    {
        max = Math.Max(max, v);
    }
    return max;
}

static RunFolder TrainOrOpen(string directory, Preset preset, TrainingConfig training)
{
    if (File.Exists(Path.Combine(directory, RunInfo.FileName)) && RunInfo.Load(directory).Status == "completed")
    {
        Console.WriteLine($"Reopening the run in {directory}.");
        return RunFolder.Open(directory);
    }
    var task = TaskRegistry.Create(preset.Task, preset.TaskOptions);
    Console.WriteLine($"Training {preset.Name} ({training.Steps} steps) into {directory} ...");
    var info = new Trainer(task, preset.Model, training).Run(directory);
    Console.WriteLine($"{info.Status} after {info.Summary?.StepsCompleted} steps in {info.Summary?.WallSeconds:F1} s.");
    return RunFolder.Open(directory);
}

// Prints the finding; when it does not hold, says so and exits with code 1.
static void Check(bool holds, string finding)
{
    Console.WriteLine($"{(holds ? "CHECK ok" : "CHECK FAILED")}: {finding}");
    if (!holds)
    {
        Environment.Exit(1);
    }
}
