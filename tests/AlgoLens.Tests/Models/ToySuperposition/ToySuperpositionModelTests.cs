using AlgoLens.Data;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Optim;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Models.ToySuperposition;

public class ToySuperpositionModelTests
{
    private static readonly ToySuperpositionConfig Small = new() { NFeatures = 4, DHidden = 2, NInstances = 3, Seed = 1 };

    private static ModelInput RandomInput(int batch, ToySuperpositionConfig config, ulong seed = 7)
    {
        var values = new float[batch * config.NInstances * config.NFeatures];
        new Rng(seed).FillUniform(values, 0f, 1f);
        return ModelInput.FromValues(values, batch, config.NInstances, config.NFeatures);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("none")]
    public void GradientsOfWAndBMatchFiniteDifferences(string activation)
    {
        var model = new ToySuperpositionModel(Small with { Activation = activation });
        // A positive bias keeps the ReLU's inputs away from its kink.
        Array.Fill(model.b_final.Data, 0.5f);
        ModelGradCheck.Check(model, RandomInput(3, Small), eps: 1e-3f);
    }

    [Fact]
    public void IdentityWeightsReproduceReluOfXPlusB()
    {
        var config = new ToySuperpositionConfig { NFeatures = 3, DHidden = 3, NInstances = 2 };
        var model = new ToySuperpositionModel(config);
        var w = new float[2 * 3 * 3];
        for (int i = 0; i < 2; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                w[i * 9 + k * 3 + k] = 1f;
            }
        }
        float[] b = [0.1f, -0.5f, 0f, -0.2f, 0.3f, -1f];
        model.SetParameter("W", w, [2, 3, 3]);
        model.SetParameter("b_final", b, [2, 3]);
        var input = RandomInput(4, config);
        var output = model.Forward(input);
        Assert.Equal([4, 2, 3], output.Shape);
        for (int e = 0; e < output.Size; e++)
        {
            Assert.Equal(Math.Max(input.Values![e] + b[e % 6], 0f), output.Data[e]);
        }
    }

    [Fact]
    public void HooksHoldTheHiddenVectorAndThePreActivations()
    {
        var model = new ToySuperpositionModel(Small);
        var input = RandomInput(2, Small);
        Assert.Equal(["hook_hidden", "hook_out_pre", "hook_out"], model.HookPoints.Select(h => h.Name));
        var (output, cache) = model.RunWithCache(input);
        Assert.Equal(["hook_hidden", "hook_out_pre", "hook_out"], cache.Names);
        Assert.Equal([2, 3, 2], cache["hook_hidden"].Shape);
        Assert.Equal([2, 3, 4], cache["hook_out_pre"].Shape);
        Assert.Same(output, cache["hook_out"]);
        var x = new Tensor(input.Values!, 2, 3, 4);
        for (int bt = 0; bt < 2; bt++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int k = 0; k < 2; k++)
                {
                    double h = 0;
                    for (int j = 0; j < 4; j++)
                    {
                        h += model.W[i, k, j] * x[bt, i, j];
                    }
                    Assert.Equal(h, cache["hook_hidden"][bt, i, k], 5);
                }
                for (int j = 0; j < 4; j++)
                {
                    double pre = model.b_final[i, j];
                    for (int k = 0; k < 2; k++)
                    {
                        pre += model.W[i, k, j] * cache["hook_hidden"][bt, i, k];
                    }
                    Assert.Equal(pre, cache["hook_out_pre"][bt, i, j], 5);
                    Assert.Equal(Math.Max(cache["hook_out_pre"][bt, i, j], 0f), output[bt, i, j]);
                }
            }
        }
    }

    [Fact]
    public void ZeroingTheHiddenVectorLeavesReluOfTheBias()
    {
        var model = new ToySuperpositionModel(Small);
        model.SetParameter("b_final", [0.1f, -0.2f, 0.3f, 0f, 1f, 2f, -3f, 4f, 0.5f, 0.5f, -0.5f, 0f], [3, 4]);
        var input = RandomInput(2, Small);
        var hooked = model.RunWithHooks(input, ("hook_hidden", (act, _) => Tensor.Zeros(act.Shape)));
        for (int e = 0; e < hooked.Size; e++)
        {
            Assert.Equal(Math.Max(model.b_final.Data[e % 12], 0f), hooked.Data[e]);
        }
        Assert.NotEqual(hooked.Data, model.Forward(input).Data);
    }

    [Fact]
    public void OutputPositionsSelectInstances()
    {
        var model = new ToySuperpositionModel(Small);
        var input = RandomInput(2, Small);
        var all = model.Forward(input);
        var one = model.Forward(input, ForwardOptions.AtPositions([2]));
        Assert.Equal([2, 1, 4], one.Shape);
        Assert.Equal(all[1, 2, 3], one[1, 0, 3]);
    }

    [Fact]
    public void InputsThatDoNotFitAreRefused()
    {
        var model = new ToySuperpositionModel(Small);
        Assert.Contains("FromValues", Assert.Throws<ArgumentException>(() => model.Forward(new TokenBatch([1, 2, 3], 1, 3))).Message);
        Assert.Contains("n_instances = 3", Assert.Throws<ArgumentException>(() => model.Forward(ModelInput.FromValues(new float[8], 1, 2, 4))).Message);
    }

    [Fact]
    public void WStartsAsXavierNormalForItsShape()
    {
        var config = new ToySuperpositionConfig { NFeatures = 20, DHidden = 5, NInstances = 10, Seed = 3 };
        var model = new ToySuperpositionModel(config);
        double std = Math.Sqrt(model.W.Data.Average(v => (double)v * v));
        Assert.Equal(Math.Sqrt(2.0 / (20 * (5 + 10))), std, 2);
        Assert.All(model.b_final.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SavedModelLoadsBitwiseWithItsKind()
    {
        var model = new ToySuperpositionModel(Small with { Activation = "none" });
        string path = Path.Combine(Path.GetTempPath(), $"algolens-toy-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(model, path);
            Assert.Equal("toy-superposition", SafetensorsFile.Load(path).Metadata[ModelFile.KindKey]);
            var loaded = Assert.IsType<ToySuperpositionModel>(ModelFile.LoadModel(path));
            Assert.Equal(model.Config, loaded.Config);
            Assert.Equal(model.W.Data, loaded.W.Data);
            Assert.Equal(model.b_final.Data, loaded.b_final.Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConfigJsonRoundTripsAndReportsEveryProblem()
    {
        var config = Small with { Activation = "none", Seed = 8 };
        Assert.Contains("\"n_instances\": 3", config.ToJson());
        Assert.Equal(config, ToySuperpositionConfig.FromJson(config.ToJson()));
        Assert.Equal(config, ModelKinds.ReadConfig("toy-superposition", config.ToJson()));
        Assert.Contains("n_hidden", Assert.Throws<ModelConfigException>(() => ToySuperpositionConfig.FromJson("{\"n_hidden\": 2}")).Message);
        var e = Assert.Throws<ModelConfigException>(() => new ToySuperpositionConfig { NFeatures = 0, DHidden = -1, Activation = "gelu" }.Validate());
        Assert.Contains("n_features is 0", e.Message);
        Assert.Contains("d_hidden is -1", e.Message);
        Assert.Contains("activation 'gelu'", e.Message);
    }

    [Fact]
    public void TaskShapeComesFromSparseFeatures()
    {
        var task = new SparseFeaturesTask(nFeatures: 6, nInstances: 4);
        var shape = new TaskShape(task.Vocabulary.Count, task.InputWidth, task.SequenceLength, task.OutputWidth, task.TargetKind == TargetKind.Real);
        var shaped = (ToySuperpositionConfig)new ToySuperpositionConfig().WithTaskShape(shape, seed: 5);
        Assert.Equal((6, 4, 2, 5), (shaped.NFeatures, shaped.NInstances, shaped.DHidden, shaped.Seed));
        Assert.Contains("token input", Assert.Throws<ModelConfigException>(() => new ToySuperpositionConfig().WithTaskShape(new TaskShape(10, 0, 3, 10, false), 0)).Message);
    }

    [Fact]
    public void AdamWLearnsTheIdentityWithTwoFeaturesInTwoDimensions()
    {
        var task = new SparseFeaturesTask(nFeatures: 2, nInstances: 1);
        var model = new ToySuperpositionModel(new ToySuperpositionConfig { NFeatures = 2, DHidden = 2, NInstances = 1, Seed = 0 });
        var optimizer = new AdamW(model.TrainableParameters, learningRate: 0.03, weightDecay: 0);
        var rng = new Rng(1);
        var test = task.Sample(new Rng(99), 256);
        double Loss()
        {
            using var _ = Tensor.NoGrad();
            return model.NotebookLoss(model.Forward(test.Input), test.Targets).Item();
        }
        double before = Loss();
        for (int step = 0; step < 200; step++)
        {
            var batch = task.Sample(rng, 64);
            optimizer.ZeroGrad();
            model.NotebookLoss(model.Forward(batch.Input), batch.Targets).Backward();
            optimizer.Step();
        }
        Assert.True(Loss() < before / 10, $"loss {before} -> {Loss()}");
    }
}
