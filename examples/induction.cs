#:project ../src/AlgoLens/AlgoLens.csproj
#:property PublishAot=false
// Induction heads on `repeat`, ARENA style (Olsson et al. 2022, "In-context learning and induction
// heads"; ARENA 1.2). Run it from the repository root with the .NET 10 SDK:
//
//     dotnet run -c Release examples/induction.cs [RUN_DIR]
//
// RUN_DIR (default: a new temporary folder) is where the model is trained; if it already holds a
// completed run, that run is reopened and only the analysis runs. The program exits non-zero when a
// finding below does not hold, so the test suite runs it as a check of the library.
//
// The task: BOS x1..xL x1..xL, L random tokens of 64 repeated once (L = 2..10, so that position
// alone cannot say where the copy starts). The first half is unpredictable (ln 64 = 4.16 nats a
// token); the second half is predictable by an induction circuit: a previous-token head in layer 0
// writes "the token before me was A" into each position, and a head in layer 1 attends from the
// current A to the token after the earlier A (K-composition) and copies it (its OV circuit).
//
// The model and task are the `repeat` preset's (2 layers, 2 heads each, attention only); training is
// shortened from 1,000 steps to 600. Measured on this training (`algolens detect RUN_DIR --step N`),
// the best layer-1 head's induction score is 0.30 at step 300, 0.40 at 400, 0.69 at 500 and 0.79 at
// 600: the heads form between 400 and 500, and 600 leaves a margin.
using AlgoLens.Analysis.Circuits;
using AlgoLens.Analysis.Interp;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Training;

const int Steps = 600;

var preset = Presets.Get("repeat");
var training = preset.Training with { Steps = Steps, LogEvery = 100, CheckpointEvery = 100 };
string runDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"algolens-induction-{DateTime.Now:yyyyMMdd-HHmmss}");
var run = TrainOrOpen(runDirectory, preset, training);
var model = (HookedTransformer)run.LoadModel();
var config = model.Config;
Console.WriteLine($"Model: {config.NLayers} layers x {config.NHeads} heads, d_model {config.DModel}, attention only; step {run.Steps()[^1]}.");

// ── 1. Look inside: run with a cache ─────────────────────────────────────────────────────────
// The detectors' default tokens are what we want here too: 32 sequences BOS x1..x10 x1..x10 drawn
// from the task's tokens (DetectionTokens.RepeatedHalves, seeded, so every run sees the same).
var tokens = DetectionTokens.RepeatedHalves(config.NCtx, config.DVocab, run.Task);
int half = (tokens.Positions - 1) / 2;
var (logits, cache) = model.RunWithCache(tokens);
Console.WriteLine($"Tokens [{tokens.Batch}, {tokens.Positions}] (half L = {half}); logits [{string.Join(", ", logits.Shape)}]; {cache.Names.Count} cached hooks, e.g. {cache["pattern", 0].ShapeString} for blocks.0.attn.hook_pattern.");

// Per-token loss on each half. The task reads the loss only where induction can know the answer, so
// the model is never trained on the first half: its guesses there are confident and wrong, far
// above a uniform guess's ln 64. The second half is copied.
var (firstHalfLoss, secondHalfLoss) = HalfLosses(logits, tokens, half);
Console.WriteLine($"Loss: first half {firstHalfLoss:F3} (ln {config.DVocabOut} = {Math.Log(config.DVocabOut):F3}), second half {secondHalfLoss:F3}.");
Check(secondHalfLoss < 0.5 * firstHalfLoss, "the repeated half is predicted far better than the random half");

// ── 2. Attention patterns and the detectors ─────────────────────────────────────────────────
// The induction score of a head is its mean attention on the diagonal at offset 1 − L (from each
// second-half token to the token after its first occurrence); previous-token is offset −1.
double[,] induction = AttentionPatterns.InductionScores(model, tokens, half);
double[,] previous = AttentionPatterns.PreviousTokenScores(model, tokens);
for (int l = 0; l < config.NLayers; l++)
{
    for (int h = 0; h < config.NHeads; h++)
    {
        Console.WriteLine($"  L{l}H{h}: previous-token {previous[l, h]:F2}, induction (offset {1 - half}) {induction[l, h]:F2}");
    }
}

// The detectors (what `algolens detect RUN_DIR` prints) score each head in [0, 1], 1 for a perfect
// head, with TransformerLens's detect_head "mul" score beside it.
var report = DetectionReport.Of(run);
DetectorResult Best(string name, int layer) => report.Detectors
    .Where(d => d.Name == name && d.Layer == layer && d.Score is not null).MaxBy(d => d.Score!.Value)!;
var inductionHead = Best(CircuitDetectors.Induction, 1);
var previousHead = Best(CircuitDetectors.PreviousToken, 0);
Console.WriteLine($"Detector: induction head L{inductionHead.Layer}H{inductionHead.Head} score {inductionHead.Score:F2} (TL {inductionHead.TlScore:F2}); previous-token head L{previousHead.Layer}H{previousHead.Head} score {previousHead.Score:F2} (TL {previousHead.TlScore:F2}).");
Check(inductionHead.Detected, $"an induction head in layer 1 (score ≥ {inductionHead.Threshold})");
Check(!report.Detectors.Any(d => d.Name == CircuitDetectors.Induction && d.Layer == 0 && d.Detected),
    "no induction head in layer 0 (one layer cannot compose with a previous-token head)");
// Layer 0's previous-token attention is shared between its two heads in this preset (docs: 0.47
// and 0.28 after 1,000 steps), so the check is that the best one clearly leans on the previous token.
Check(previousHead.Score > 0.25, "a layer-0 head attends to the previous token well above chance");
int head = inductionHead.Head!.Value;

// One example, the induction head's pattern: for each second-half query, where is its attention's maximum?
double[,] pattern = AttentionPatterns.Head(cache["pattern", 1], head);
int onTarget = 0;
for (int q = half + 1; q <= 2 * half; q++)
{
    int argmax = Enumerable.Range(0, q + 1).MaxBy(k => pattern[q, k]);
    onTarget += argmax == q - half + 1 ? 1 : 0;
}
Console.WriteLine($"Example 0, L1H{head}: the maximum attention of {onTarget} of {half} second-half queries is on the token after the query's first occurrence.");

// ── 3. Intervene: ablate the induction heads ─────────────────────────────────────────────────
// Zero a head's output (its slice of blocks.1.attn.hook_z). In this model both layer-1 heads do
// induction (see their scores above), so each can partly stand in for the other: ablating one raises
// the second half's loss a little, ablating both sends it far up. Mean-ablating the previous-token
// head of layer 0 (a softer intervention) takes away the key the induction heads look for.
string z1 = HookNames.Resolve("z", 1); // "blocks.1.attn.hook_z", [batch, pos, head, d_head]
var lossOneAblated = new double[config.NHeads];
for (int h = 0; h < config.NHeads; h++)
{
    (_, lossOneAblated[h]) = HalfLosses(Ablation.Run(model, tokens, AblationSpec.Zero(z1, head: h)), tokens, half);
}
var bothSpecs = Enumerable.Range(0, config.NHeads).Select(h => AblationSpec.Zero(z1, head: h)).ToArray();
var (_, bothLoss) = HalfLosses(Ablation.Run(model, tokens, bothSpecs), tokens, half);
var previousAblated = Ablation.Run(model, tokens, AblationSpec.Mean(HookNames.Resolve("z", 0), head: previousHead.Head));
var (_, previousLoss) = HalfLosses(previousAblated, tokens, half);
Console.WriteLine($"Second-half loss: clean {secondHalfLoss:F3}; " + string.Join("; ", lossOneAblated.Select((v, h) => $"L1H{h} zero-ablated {v:F3}"))
    + $"; both {bothLoss:F3}; L0H{previousHead.Head} mean-ablated {previousLoss:F3}.");
Check(lossOneAblated[head] > secondHalfLoss, "ablating the best induction head alone raises the second half's loss");
Check(bothLoss > secondHalfLoss + 1.0, "ablating layer 1's heads together raises it by more than a nat");
Check(previousLoss > secondHalfLoss + 0.5, "ablating the previous-token head hurts induction too");

// ── 4. Attribute: direct logit attribution ───────────────────────────────────────────────────
// At the last query that has a target (the second copy of x(L-1), predicting xL), split the final
// residual stream into embed, pos_embed, each head's output (z_h · W_O[h]) and the biases, and
// project each on W_U's column of the correct token. The induction heads should carry the logit.
int position = 2 * half - 1;
int[] correct = Enumerable.Range(0, tokens.Batch).Select(b => tokens.Ids[b * tokens.Positions + position + 1]).ToArray();
var attribution = DirectLogitAttribution.Decompose(model, tokens, position).Attribute(correct);
double[] mean = attribution.MeanOverBatch();
var ranked = attribution.Labels.Select((label, i) => (label, value: mean[i])).OrderByDescending(t => t.value).ToList();
Console.WriteLine($"Direct logit attribution to the correct token at position {position}: {string.Join(", ", ranked.Take(4).Select(t => $"{t.label} {t.value:F2}"))}.");
Check(ranked[0].label.StartsWith("L1H", StringComparison.Ordinal)
    && report.Detectors.Any(d => d.Name == CircuitDetectors.Induction && $"L{d.Layer}H{d.Head}" == ranked[0].label && d.Detected),
    "the largest direct contributor to the correct logit is a detected induction head");

// The same through TransformerLens's cache conveniences: stack_head_results, then logit_attrs.
var heads = cache.StackHeadResults(model, posSlice: position);
Tensor attrs = cache.LogitAttrs(model, heads.Stack, correct, posSlice: position); // [components, batch]
int index = heads.Labels.ToList().IndexOf($"L1H{head}");
double viaCache = Enumerable.Range(0, tokens.Batch).Average(b => (double)attrs[index, b]);
Console.WriteLine($"logit_attrs of L1H{head} (stack_head_results): {viaCache:F2}.");
Check(Math.Abs(viaCache - attribution.MeanOverBatch()[attribution.Labels.ToList().IndexOf($"L1H{head}")]) < 1e-3 * Math.Max(1, Math.Abs(viaCache)),
    "logit_attrs of the head equals its direct logit attribution");

// ── 5. Weights: the OV circuit copies ────────────────────────────────────────────────────────
// W_E · W_V · W_O · W_U of the induction head, on the tokens that are both inputs and outputs (BOS
// and PAD are inputs only): a copying head raises the logit of the token it
// attends to, so most eigenvalues have a positive real part (the `copying` detector).
double copying = CopyingScore.Of(model, 1, head, DetectionReport.TokenBasis(run.Task)); // token basis: the task's tokens that are also output classes
var spectrum = Circuits.Spectrum(Circuits.OV(model, 1, head));
Console.WriteLine($"L1H{head}: copying score {copying:F2}; OV rank {spectrum.Rank}, effective rank {spectrum.EffectiveRank:F1} of d_head {config.DHead}.");
Check(copying >= CircuitDetectors.CopyingThreshold, $"the induction head's OV circuit copies (at least {CircuitDetectors.CopyingThreshold:P0} of its eigenvalues positive)");
Console.WriteLine("All induction findings hold.");
return 0;

// Mean cross-entropy over [batch] of the next-token predictions in the first half (positions 1..L-1)
// and in the second (L+1..2L-1), where each is the token L positions earlier plus one.
static (double First, double Second) HalfLosses(Tensor logits, TokenBatch tokens, int half)
{
    int vocab = logits.Shape[2];
    double first = 0, second = 0;
    for (int b = 0; b < tokens.Batch; b++)
    {
        for (int pos = 1; pos < 2 * half; pos++)
        {
            if (pos == half)
            {
                continue; // the first token of the copy is not predictable
            }
            int target = tokens.Ids[b * tokens.Positions + pos + 1];
            int offset = (b * tokens.Positions + pos) * vocab;
            var row = logits.Data.AsSpan(offset, vocab);
            double max = double.NegativeInfinity;
            foreach (float v in row)
            {
                max = Math.Max(max, v);
            }
            double sum = 0;
            foreach (float v in row)
            {
                sum += Math.Exp(v - max);
            }
            double loss = max + Math.Log(sum) - row[target];
            if (pos < half)
            {
                first += loss;
            }
            else
            {
                second += loss;
            }
        }
    }
    int perHalf = tokens.Batch * (half - 1);
    return (first / perHalf, second / perHalf);
}

static RunFolder TrainOrOpen(string directory, Preset preset, TrainingConfig training)
{
    if (File.Exists(Path.Combine(directory, RunInfo.FileName)) && RunInfo.Load(directory).Status == "completed")
    {
        Console.WriteLine($"Reopening the run in {directory}.");
        return RunFolder.Open(directory);
    }
    var task = AlgoLens.Tasks.TaskRegistry.Create(preset.Task, preset.TaskOptions);
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
