using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Tests.Tasks.Sequences;

public sealed class PositionLossesTests
{
    /// <summary>
    /// A transformer shaped for <paramref name="task"/> whose logits depend on the position only:
    /// token and attention contributions are zero, the positional embedding is one-hot and the
    /// unembedding reads logit(position, class) off it.
    /// </summary>
    internal static HookedTransformer PositionReadout(ITask task, Func<int, int, float> logit)
    {
        int positions = task.SequenceLength, classes = task.OutputWidth;
        var model = new HookedTransformer(new HookedTransformerConfig
        {
            NLayers = 1, DModel = positions, NHeads = 1, DHead = 4, AttnOnly = true, ActFn = null, NormalizationType = "none",
            DVocab = task.Vocabulary.Count, DVocabOut = classes, NCtx = positions,
        });
        Array.Clear(model["embed.W_E"].Data);
        Array.Clear(model["blocks.0.attn.W_O"].Data);
        var position = model["pos_embed.W_pos"].Data;
        Array.Clear(position);
        var unembed = model["unembed.W_U"].Data;
        for (int p = 0; p < positions; p++)
        {
            position[p * positions + p] = 1;
            for (int c = 0; c < classes; c++)
            {
                unembed[p * classes + c] = logit(p, c);
            }
        }
        return model;
    }

    [Fact]
    public void Each_position_sums_the_loss_of_the_examples_read_there()
    {
        var task = SortTask.Create(n: 2, values: 3);
        // Position p gives class c the logit p·c: a different distribution at every position.
        var model = PositionReadout(task, (p, c) => p * c);
        static double Loss(int p, int label) => Math.Log(1 + Math.Exp(p) + Math.Exp(2 * p)) - p * label;
        var examples = TokenExamples.ToBatch(
        [
            new TokenExample(task.Vocabulary.ToTokens("START 2 0 MID 0 2"), [-1, -1, -1, 0, 2, -1]),
            new TokenExample(task.Vocabulary.ToTokens("START 1 1 MID 1 1"), [-1, -1, -1, 1, -1, 2]),
        ]);
        var losses = PositionLosses.Measure(model, examples);
        Assert.Equal([0, 0, 0, 2, 1, 1], losses.Count);
        Assert.Equal(Loss(3, 0) + Loss(3, 1), losses.Total[3], 5);
        Assert.Equal(Loss(4, 2), losses.Total[4], 5);
        Assert.Equal(Loss(5, 2), losses.Total[5], 5);
        Assert.Equal((Loss(3, 0) + Loss(3, 1)) / 2, losses.Mean(3), 5);
        Assert.True(double.IsNaN(losses.Mean(0)));
        Assert.Equal((Loss(3, 0) + Loss(3, 1) + Loss(4, 2) + Loss(5, 2)) / 4, losses.Overall, 5);
    }

    [Fact]
    public void The_overall_mean_is_the_trainers_loss_padding_included()
    {
        var task = SortTask.Create(n: 5, values: 10, minLength: 2);
        var config = (HookedTransformerConfig)new HookedTransformerConfig
        {
            NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, NormalizationType = "LN",
        }.WithTaskShape(Trainer.ShapeOf(task), seed: 4);
        var model = new HookedTransformer(config);
        var examples = task.Sample(new Rng(9, 4), 64);
        Assert.NotNull(examples.Input.RequireTokens("sort").AttentionMask);
        Assert.Equal(Evaluation.Evaluate(model, examples).Loss, PositionLosses.Measure(model, examples).Overall, 5);
    }

    [Fact]
    public void Real_valued_targets_are_refused()
    {
        var task = SortTask.Create(n: 2, values: 3);
        var model = PositionReadout(task, (_, _) => 0f);
        var tokens = task.Vocabulary.ToTokens("START 2 0 MID 0 2");
        var examples = new ExampleBatch(TokenBatch.FromRows([tokens]), Targets.FromValues(new float[6], 1, 6, 1, Enumerable.Repeat(true, 6).ToArray()));
        Assert.Contains("class targets", Assert.Throws<ArgumentException>(() => PositionLosses.Measure(model, examples)).Message);
    }
}
