#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// Dictionary learning (the seed's problem 3.25): do NMF, ICA or other dictionary methods find a
// model's features better than PCA or SVD? Run it from the repository root with the .NET 10 SDK:
//
//     dotnet run -c Release examples/dictionary.cs [RUN_DIR]
//
// RUN_DIR (default: a new temporary folder) is where the model is trained; if it already holds a
// completed run, that run is reopened and only the analysis runs. The program exits non-zero when a
// finding below does not hold, so the test suite runs it as a check of the library.
//
// Part 1 plants the answer: mixtures of known atoms, which NMF and FastICA must recover (PCA finds
// the span but not the directions). Part 2 trains a toy model of superposition (Elhage et al. 2022;
// 8 features squeezed into 3 hidden dimensions, one instance with dense features and one with
// sparse ones) and fits each method to its hidden activations, the command's work
// (`algolens dictionary RUN_DIR --hook hook_hidden --method ica --components 3`) done through the library.
using AlgoLens.Analysis.Dictionary;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

// ── 1. Planted atoms ─────────────────────────────────────────────────────────────────────────
// X = S·A: 2,000 rows of 4 independent non-negative sparse sources S times 4 non-negative atoms A
// in 16 dimensions, each atom owning its own block of columns and spilling a little into others.
var rng = new Rng(7);
const int Rows = 2000, Sources = 4, Width = 16;
var atoms = new double[Sources, Width];
for (int a = 0; a < Sources; a++)
{
    for (int j = 0; j < Width; j++)
    {
        atoms[a, j] = j * Sources / Width == a ? 0.5 + rng.NextDouble() : rng.NextDouble() < 0.3 ? 0.3 * rng.NextDouble() : 0;
    }
}
var data = new float[Rows * Width];
for (int r = 0; r < Rows; r++)
{
    for (int a = 0; a < Sources; a++)
    {
        // Exponential, mostly zero: sparse and far from Gaussian, so ICA has something to find too.
        double s = rng.NextDouble() < 0.4 ? -Math.Log(1 - rng.NextDouble()) : 0;
        for (int j = 0; j < Width; j++)
        {
            data[r * Width + j] += (float)(s * atoms[a, j]);
        }
    }
}
var mixtures = new Tensor(data, Rows, Width);
foreach (string name in new[] { "pca", "nmf", "ica" })
{
    var fit = DictionaryMethods.Create(name).Fit(mixtures, new DictionaryOptions { Components = Sources, Seed = 1 });
    var match = FeatureMatch.Of(fit.Atoms, atoms);
    Console.WriteLine($"{name}: planted atoms matched at |cos| ≥ 0.95: {match.Cosines.Count(c => c >= 0.95)} of {Sources} (cosines {string.Join(", ", match.Cosines.Select(c => c.ToString("F3")))})");
    if (name != "pca")
    {
        Check(match.Cosines.All(c => c >= 0.95), $"{name} recovers every planted atom (|cos| ≥ 0.95)");
    }
    else
    {
        Check(match.Cosines.Count(c => c >= 0.95) < Sources, "pca's orthogonal directions are not the planted atoms");
    }
}

// ── 2. A toy model of superposition ─────────────────────────────────────────────────────────
// Instance 0 sees every feature in every example (dense), instance 1 each feature with probability
// 0.05 (sparse): the sparse instance packs more features than dimensions, in superposition.
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-dictionary-{DateTime.Now:yyyyMMdd-HHmmss}");
var run = TrainOrOpen(runDirectory);
var model = (ToySuperpositionModel)run.LoadModel();
int hidden = model.Config.DHidden, features = model.Config.NFeatures;

foreach (int instance in new[] { 0, 1 })
{
    Console.WriteLine($"Instance {instance} ({(instance == 0 ? "dense" : "sparse")} features), hook_hidden [{hidden}]:");
    var matched = new Dictionary<string, int>();
    foreach (string name in new[] { "pca", "svd", "ica" })
    {
        // The study caches hook_hidden at this instance on 2,000 fresh samples, fits on four fifths,
        // and measures on the rest: reconstruction error, the loss with the reconstruction spliced in,
        // and W's columns (the features) matched one-to-one to the atoms.
        var result = DictionaryStudy.Run(run, new DictionaryStudyOptions { Hook = "hook_hidden", Method = name, Components = hidden, Position = instance, Examples = 2000 });
        var f = result.Features!;
        Console.WriteLine($"  {name}: FVU {result.Fvu:G3}; loss clean {result.Losses.Clean:G4}, spliced {result.Losses.Spliced:G4}, zero-ablated {result.Losses.ZeroAblated:G4}; "
            + $"features matched {f.Matched} of {f.Count} (|cos| per feature {string.Join(", ", f.Cosines.Select(c => c.ToString("F2")))})");
        Check(result.Fvu < 1e-6, $"{name} with k = d_hidden atoms reconstructs the hidden space (FVU ≈ 0)");
        Check(Math.Abs(result.Losses.Spliced - result.Losses.Clean) <= 1e-4 * result.Losses.Clean + 1e-9, $"{name}: splicing the reconstruction in keeps the model's loss");
        Check(result.Losses.ZeroAblated > result.Losses.Clean, "zero-ablating the hidden layer costs loss");
        Check(f.Matched <= hidden && f.Count == features, $"{name}: at most d_hidden = {hidden} of the {features} features can be matched by {hidden} atoms");
        matched[name] = f.Matched;
    }
    // The three span the same space; only ICA turns its atoms onto the features themselves, because
    // the features are independent and non-Gaussian while PCA's directions only decorrelate them.
    Check(matched["ica"] == hidden && matched["ica"] > matched["pca"], $"ica's {hidden} atoms are {hidden} of the model's features (|cos| ≥ 0.9); pca matches fewer");
}
Console.WriteLine("All dictionary findings hold.");

static RunFolder TrainOrOpen(string directory)
{
    if (File.Exists(Path.Combine(directory, RunInfo.FileName)) && RunInfo.Load(directory).Status == "completed")
    {
        Console.WriteLine($"Reopening the run in {directory}.");
        return RunFolder.Open(directory);
    }
    var task = new SparseFeaturesTask(nFeatures: 8, nInstances: 2);
    var model = new ToySuperpositionConfig { NFeatures = 8, DHidden = 3, NInstances = 2 };
    var training = new TrainingConfig { Steps = 1000, BatchSize = 256, LearningRate = 1e-3, WeightDecay = 0, LogEvery = 100, CheckpointEvery = 1000, TestExamples = 256 };
    Console.WriteLine($"Training a toy model of superposition ({training.Steps} steps) into {directory} ...");
    var info = new Trainer(task, model, training).Run(directory);
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
