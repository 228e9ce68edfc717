using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Training;

namespace AlgoLens.Tests.Training;

public sealed class ParameterMaskTrainingTests
{
    private const string Win = "blocks.0.mlp.W_in";
    private const string We = "embed.W_E";

    // Every other entry of W_in and every third of W_E removed.
    private static ParameterMask Mask(IModel model) => new(
    [
        (Win, model.Parameters[Win].Shape, Enumerable.Range(0, model.Parameters[Win].Size).Select(i => i % 2 == 1).ToArray()),
        (We, model.Parameters[We].Shape, Enumerable.Range(0, model.Parameters[We].Size).Select(i => i % 3 != 0).ToArray()),
    ]);

    private static IModel Fresh() => ModelKinds.Create(new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(1)).ModelConfig);

    [Fact]
    public void Masked_weights_stay_exactly_zero_through_adamw_with_weight_decay_and_the_kept_ones_move()
    {
        var mask = Mask(Fresh());
        var training = TinyRun.Training(30);
        Assert.True(training.WeightDecay > 0); // the small preset's decay of 1: decay alone would move nothing but zeros, the rest must not either
        int observed = 0;
        var watch = new StepCallback(1, (step, model, _) =>
        {
            foreach (string name in mask.Names)
            {
                var data = model.Parameters[name].Data;
                for (int i = 0; i < data.Length; i++)
                {
                    if (!mask.IsKept(name, i))
                    {
                        Assert.True(data[i] == 0f, $"{name}[{i}] = {data[i]} at step {step}");
                    }
                }
            }
            observed++;
        });
        string dir = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, training) { Mask = mask, Observer = watch }.Run(dir);
        Assert.Equal(31, observed); // steps 0..30

        var store = new CheckpointStore(Path.Combine(dir, "checkpoints"));
        var start = store.LoadModel(0);
        var end = store.LoadModel(30);
        int moved = 0, kept = 0;
        foreach (string name in mask.Names)
        {
            for (int i = 0; i < mask.Size(name); i++)
            {
                if (mask.IsKept(name, i))
                {
                    kept++;
                    moved += end.Parameters[name].Data[i] != start.Parameters[name].Data[i] ? 1 : 0;
                }
                else
                {
                    Assert.True(end.Parameters[name].Data[i] == 0f);
                }
            }
        }
        Assert.True(moved > 0.95 * kept, $"{moved} of {kept} kept entries moved");
        // AdamW's moments of the removed entries were never touched: exactly zero in the resume state.
        var resume = SafetensorsFile.Load(Path.Combine(dir, "checkpoints", CheckpointStore.ResumeFile));
        foreach (string name in mask.Names)
        {
            foreach (string slot in new[] { "exp_avg", "exp_avg_sq" })
            {
                float[] moment = resume[$"optimizer.{name}.{slot}"].ToFloat32();
                Assert.All(Enumerable.Range(0, moment.Length).Where(i => !mask.IsKept(name, i)), i => Assert.True(moment[i] == 0f, $"{name}.{slot}[{i}] = {moment[i]}"));
                Assert.Contains(Enumerable.Range(0, moment.Length).Where(i => mask.IsKept(name, i)), i => moment[i] != 0f);
            }
        }
        // The mask is kept beside run.json and named in it.
        Assert.Equal(ParameterMask.FileName, RunInfo.Load(dir).Mask);
        var saved = ParameterMask.Load(Path.Combine(dir, ParameterMask.FileName));
        Assert.Equal(mask.Names, saved.Names);
        Assert.Equal(mask.KeptOf(Win), saved.KeptOf(Win));
    }

    [Fact]
    public void A_run_with_an_all_kept_mask_is_bit_identical_to_a_run_without_one()
    {
        string dense = TinyRun.NewDirectory(), masked = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(dense);
        var all = ParameterMask.AllKept(Fresh(), [Win, We, "unembed.W_U"]);
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { Mask = all }.Run(masked);
        var a = TinyRun.Checkpoints(dense);
        var b = TinyRun.Checkpoints(masked);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
        // A run without a mask or starting weights writes none of their fields: old run.json files stay as they were.
        string json = File.ReadAllText(Path.Combine(dense, RunInfo.FileName));
        Assert.DoesNotContain("\"mask\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("initial_weights", json, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dense, ParameterMask.FileName)));
    }

    [Fact]
    public void Starting_weights_load_from_another_runs_checkpoint_and_are_kept_in_the_folder()
    {
        string source = TinyRun.NewDirectory(), started = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)).Run(source);
        string checkpoint = new CheckpointStore(Path.Combine(source, "checkpoints")).PathFor(50);
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(25)) { InitialWeights = checkpoint }.Run(started);
        var from = ModelFile.LoadModel(checkpoint);
        var at0 = new CheckpointStore(Path.Combine(started, "checkpoints")).LoadModel(0);
        foreach (string name in from.Parameters.Names)
        {
            Assert.Equal(from.Parameters[name].Data, at0.Parameters[name].Data);
        }
        var info = RunInfo.Load(started);
        Assert.Equal(Trainer.InitialWeightsFile, info.InitialWeights);
        Assert.Equal(checkpoint, info.InitialWeightsSource);
        Assert.True(File.Exists(Path.Combine(started, Trainer.InitialWeightsFile)));
        // Not the seed's initialisation: that one is step 0 of the source run.
        var seed = new CheckpointStore(Path.Combine(source, "checkpoints")).LoadModel(0);
        Assert.NotEqual(seed.Parameters[Win].Data, at0.Parameters[Win].Data);
    }

    [Fact]
    public void A_stopped_masked_run_resumes_with_its_mask_and_ends_as_an_unbroken_one()
    {
        var mask = Mask(Fresh());
        string unbroken = TinyRun.NewDirectory(), broken = TinyRun.NewDirectory();
        new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { Mask = mask }.Run(unbroken);
        using (var stop = new CancellationTokenSource())
        {
            var stopAt = new StepCallback(1, (step, _, _) =>
            {
                if (step == 20)
                {
                    stop.Cancel();
                }
            });
            var stopped = new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(50)) { Mask = mask, Observer = stopAt }.Run(broken, cancellation: stop.Token);
            Assert.Equal("stopped", stopped.Status);
        }
        Trainer.Resume(broken, TinyRun.Create);
        Assert.Equal(TinyRun.Checkpoints(unbroken)["step_000050.safetensors"], TinyRun.Checkpoints(broken)["step_000050.safetensors"]);
    }

    [Fact]
    public void A_mask_that_does_not_fit_the_model_is_refused_naming_the_parameter()
    {
        var wrong = new ParameterMask([("blocks.0.mlp.W_nope", [2, 2], [true, false, true, true])]);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(5)) { Mask = wrong }.Run(TinyRun.NewDirectory()));
        Assert.Contains("blocks.0.mlp.W_nope", e.Message, StringComparison.Ordinal);
    }
}
