#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// Lottery tickets (Frankle and Carbin 2019; with weight rewinding, Frankle et al. 2020) on a small
// modular-addition run, through the library. Run it from the repository root with the .NET 10 SDK:
//
//     dotnet run -c Release examples/lottery.cs [RUN_DIR]
//
// RUN_DIR (default: a new temporary folder) is where the dense model is trained; a completed run
// there is reopened. The program exits non-zero when a finding below does not hold, so the test
// suite runs it as a check of the library. `algolens prune RUN_DIR --sparsity 0.5 --json` does
// the same study from the command line.
//
// The steps: train a dense run; prune its trained weights by magnitude (per layer, half of each
// weight matrix); train the surviving weights from the dense run's early checkpoint under that mask
// (a ticket is an ordinary run folder with mask.safetensors beside run.json); do the same with a
// random mask of the same per-layer counts; compare.
using AlgoLens.Analysis.Lottery;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

// A deliberately tiny setting (p = 11, d_model 32) so the walk-through takes seconds.
const int Steps = 200;
const double Sparsity = 0.5;
var task = TaskRegistry.Create("add", new TaskOptions { P = 11 });
var model = ((HookedTransformerConfig)Presets.Small.Model) with { DModel = 32, NHeads = 2, DHead = 16, DMlp = 64 };
var training = Presets.Small.Training with { Steps = Steps, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 25, CheckpointEvery = 50 };
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-lottery-{DateTime.Now:yyyyMMdd-HHmmss}");

// ── 1. The dense run ────────────────────────────────────────────────────────────────────────
if (!(File.Exists(Path.Combine(runDirectory, RunInfo.FileName)) && RunInfo.Load(runDirectory).Status == "completed"))
{
    Console.WriteLine($"Training the dense model ({Steps} steps) into {runDirectory} ...");
    new Trainer(task, model, training).Run(runDirectory);
}
var dense = RunFolder.Open(runDirectory);
var trained = dense.LoadModel();

// ── 2. Prune by magnitude ───────────────────────────────────────────────────────────────────
// The prunable parameters by default: the weight matrices, W_E and W_U included; not W_pos,
// biases or norms. Per layer: each keeps its own largest |w|.
var prunable = Prunable.Default(trained);
var mask = MagnitudePruning.Prune(trained, prunable, Sparsity, PruningScope.PerLayer);
Console.WriteLine($"Pruned {string.Join(", ", prunable)} to {mask.Sparsity:P1} sparsity.");
foreach (var (name, kept) in mask.KeptFractions())
{
    Console.WriteLine($"  {name}: {kept:P1} kept");
}
Check(mask.KeptFractions().All(kv => Math.Abs(kv.Value - (1 - Sparsity)) < 0.01), "per layer, every weight matrix keeps half its entries");
float largestRemovedInWin = Enumerable.Range(0, mask.Size("blocks.0.mlp.W_in")).Where(i => !mask.IsKept("blocks.0.mlp.W_in", i)).Max(i => Math.Abs(trained.Parameters["blocks.0.mlp.W_in"].Data[i]));
float smallestKeptInWin = Enumerable.Range(0, mask.Size("blocks.0.mlp.W_in")).Where(i => mask.IsKept("blocks.0.mlp.W_in", i)).Min(i => Math.Abs(trained.Parameters["blocks.0.mlp.W_in"].Data[i]));
Check(largestRemovedInWin <= smallestKeptInWin, "the removed entries of W_in are its smallest magnitudes");

// ── 3. Train the ticket and the control ─────────────────────────────────────────────────────
// Trainer.Mask keeps removed weights at exactly zero through AdamW and weight decay; InitialWeights
// rewinds to the dense run's checkpoint at step 50.
string rewound = new CheckpointStore(Path.Combine(runDirectory, "checkpoints")).PathFor(50);
RunInfo TrainUnder(ParameterMask m, string name)
{
    string dir = Path.Combine(runDirectory, "tickets", name);
    return File.Exists(Path.Combine(dir, RunInfo.FileName)) ? RunInfo.Load(dir) : new Trainer(task, model, training) { Mask = m, InitialWeights = rewound }.Run(dir);
}
var ticket = TrainUnder(mask, "ticket");
var control = RandomMask.Like(mask, seed: 0);
var random = TrainUnder(control, "random");
double Accuracy(RunInfo info) => info.Summary!.Final!.TestAccuracy;
Console.WriteLine($"Test accuracy: dense {Accuracy(dense.Info):P1}, ticket {Accuracy(ticket):P1}, random mask {Accuracy(random):P1}.");

var ticketModel = RunFolder.Open(Path.Combine(runDirectory, "tickets", "ticket")).LoadModel();
bool zero = prunable.All(n => Enumerable.Range(0, mask.Size(n)).All(i => mask.IsKept(n, i) || ticketModel.Parameters[n].Data[i] == 0f));
Check(zero, "every removed weight of the trained ticket is exactly zero");
Check(ticket.Status == "completed" && random.Status == "completed", "the ticket and its control are ordinary completed runs");
Check(prunable.All(n => control.KeptCount(n) == mask.KeptCount(n)), "the random control keeps as many weights per layer as the ticket");
Console.WriteLine("All lottery findings hold.");

// Prints the finding; when it does not hold, says so and exits with code 1.
static void Check(bool holds, string finding)
{
    Console.WriteLine($"{(holds ? "CHECK ok" : "CHECK FAILED")}: {finding}");
    if (!holds)
    {
        Environment.Exit(1);
    }
}
