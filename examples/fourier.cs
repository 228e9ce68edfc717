#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// The Fourier circuit of modular addition on a grokking run, ARENA style (Nanda et al. 2023,
// "Progress measures for grokking via mechanistic interpretability"; ARENA 1.5). Run it from the
// repository root with the .NET 10 SDK:
//
//     dotnet run -c Release examples/fourier.cs [RUN_DIR]
//
// RUN_DIR (default: a new temporary folder) is where the model is trained; if it already holds a
// completed run, that run is reopened and only the analysis runs. The program exits non-zero when a
// finding below does not hold, so the test suite runs it as a check of the library.
//
// The claim: a one-layer transformer that has grokked (a + b) mod p embeds each number a as
// cos(w_k a), sin(w_k a) for a few key frequencies w_k = 2πk/p, its MLP neurons each compute a
// function of a + b at one of those frequencies, and its logits are close to
// Σ_k α_k cos(w_k(a + b − c)), which peaks at c = (a + b) mod p.
//
// The `grokking` preset (p = 113, 30% of the pairs, 20,000 steps) takes too long for a walk-through,
// so this trains the preset's architecture (the `small` preset's widths: d_model 64, 4 heads, d_mlp
// 256, ReLU, no LayerNorm) on p = Modulus, with a larger share of the pairs and a larger learning
// rate, full batch with weight decay 1, which memorises and then generalises within Steps steps.
using AlgoLens.Analysis.Circuits;
using AlgoLens.Analysis.Fourier;
using AlgoLens.Analysis.Grokking;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Training;

// Measured on this setting: train accuracy 100% from step 100 (test 60%), test accuracy 99% from
// step 1,200; 1,500 steps leave a margin.
const int Modulus = 31;
const int Steps = 1500;

var small = Presets.Small;
var preset = small with
{
    Name = "small (p = " + Modulus + ")",
    TaskOptions = new TaskOptions { P = Modulus },
};
var training = small.Training with { Steps = Steps, TrainFraction = 0.6, LearningRate = 3e-3, LogEvery = 100, CheckpointEvery = Steps };
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-fourier-{DateTime.Now:yyyyMMdd-HHmmss}");
var run = TrainOrOpen(runDirectory, preset, training);
var model = (HookedTransformer)run.LoadModel();
int p = Modulus;

// ── 1. Did it grok? ─────────────────────────────────────────────────────────────────────────
// metrics.csv, every 100 steps: the training pairs are memorised long before the held-out ones
// are right (grokking), and weight decay keeps pushing toward the general solution after that.
var metrics = MetricsLog.Read(runDirectory);
var last = metrics[^1];
int memorised = metrics.First(r => r.TrainAccuracy >= 1).Step;
int generalised = metrics.FirstOrDefault(r => r.TestAccuracy >= 0.99)?.Step ?? int.MaxValue;
Console.WriteLine($"Train accuracy 100% from step {memorised} (test accuracy then {metrics.First(r => r.Step == memorised).TestAccuracy:P0}); test accuracy ≥ 99% from step {generalised}.");
Console.WriteLine($"Step {last.Step}: train loss {last.TrainLoss:G3}, test loss {last.TestLoss:G3}, test accuracy {last.TestAccuracy:P1}.");
Check(last.TestAccuracy >= 0.99, "the model generalises to the held-out pairs (grokked)");
Check(generalised - memorised >= 500, "it memorised first and generalised hundreds of steps later");

// ── 2. The embedding in the Fourier basis ───────────────────────────────────────────────────
// FourierBasis(p) holds the constant, then cos(w_k x) and sin(w_k x) for k = 1..(p−1)/2, each a unit
// vector over x in 0..p−1. FrequencyNorms.OfEmbedding projects W_E's number rows on it and reports,
// per frequency k, the norm of the (cos k, sin k) pair: a grokked embedding is sparse in k.
var basis = new FourierBasis(p);
double[] embeddingNorms = FrequencyNorms.OfEmbedding(model, basis);
Console.WriteLine("Embedding norm per frequency k = 1..(p−1)/2: " + string.Join(" ", embeddingNorms.Skip(1).Select(n => n.ToString("F1"))));

// ── 3. Neurons: one frequency each ──────────────────────────────────────────────────────────
// The MLP's activations over all p² inputs at the last position (GrokkingProgress.LastPosition,
// [p², d_mlp]), taken to the 2-D Fourier basis in (a, b): a neuron is "explained" when one
// frequency k's terms (constant × cos/sin k, cos/sin k × constant and the products) hold at least
// 85% of its variance. The key frequencies are those the explained neurons use.
var (logits, activations) = GrokkingProgress.LastPosition(model, p, layer: 0);
var neurons = NeuronFrequencies.Analyse(basis, activations);
int[] keys = neurons.KeyFrequencies(minNeurons: 3);
int[] perFrequency = neurons.ExplainedPerFrequency();
Console.WriteLine($"Neurons explained by one frequency: {neurons.ExplainedCount} of {neurons.Neurons} ({neurons.ExplainedShare:P0}).");
Console.WriteLine("Key frequencies (≥ 3 neurons each): " + string.Join(", ", keys.Select(k => $"k = {k} ({perFrequency[k]} neurons)")));
Check(keys.Length is >= 1 and <= 8, "a handful of key frequencies, not all of them");
Check(neurons.ExplainedShare >= 0.5, "most neurons are explained by a single frequency");

double share = FrequencyNorms.Share(embeddingNorms, keys);
double gini = GiniCoefficient.Of(FrequencyNorms.NonConstant(embeddingNorms));
Console.WriteLine($"Embedding: {share:P0} of its squared norm in the {keys.Length} key frequencies (of {basis.Frequencies}); Gini over frequencies {gini:F2}.");
Check(share >= 0.6, "the embedding lives mostly in the key frequencies");

// ── 4. Logits: cos(w(a + b − c)) ────────────────────────────────────────────────────────────
// Fit logit(a, b, c) ≈ Σ_k α_k cos(w_k(a + b − c)) over all p³ entries (rows centred): the share of
// variance explained is the `fourier_clock` detector's score. This short run reaches about 90%,
// at the detector's threshold (the 20,000-step `grokking` preset's run reaches 98.8%, docs/RESULTS.md).
var fit = LogitCosineFit.Fit(basis, logits, keys);
Console.WriteLine($"Logit fit Σ α_k cos(w_k(a + b − c)): {fit.VarianceExplained:P1} of the variance; α = {string.Join(", ", fit.Frequencies.Zip(fit.Alphas, (k, a) => $"{k}: {a:F2}"))}.");
Check(fit.VarianceExplained >= 0.8, "the key-frequency cosines explain most of the logits");

// Keep only the key-frequency directions of the logits (KeyFrequencyLogits.Restricted): the loss
// barely changes; take them out (Excluded) and the model is lost.
var decomposition = new KeyFrequencyLogits(basis, logits, keys);
var all = ModularAdditionGrid.AllIndices(p);
var labels = ModularAdditionGrid.Labels(p);
double original = decomposition.Loss(all, labels), restricted = decomposition.RestrictedLoss(all, labels);
Console.WriteLine($"Loss over all p² pairs: model {original:G3}, key frequencies only {restricted:G3}.");
Check(restricted < Math.Log(p) / 4, "the key frequencies alone still solve the task");

// The detector `algolens detect` lists for this run (the same fit, over the frequencies it finds).
var clock = FourierClockDetector.Detect(run, model);
Console.WriteLine($"fourier_clock detector: score {clock.Score:F3} (threshold {clock.Threshold}), detected {clock.Detected}.");
Console.WriteLine("All Fourier findings hold.");
return 0;

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
