using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tensors;
using AlgoLens.Training;
using AlgoLens.Tests.Training;

namespace AlgoLens.Tests.Models;

/// <summary>Per-token loss: TransformerLens's loss_per_token, and a task's loss at its loss positions.</summary>
public class TokenLossTests
{
    private static readonly HookedTransformerConfig Config = new()
    {
        NLayers = 1, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 7, NCtx = 5, NormalizationType = "LN", Seed = 4,
    };

    [Fact]
    public void NextTokenLossIsTheCrossEntropyAgainstTheFollowingToken()
    {
        var model = new HookedTransformer(Config);
        var tokens = new TokenBatch([1, 2, 3, 4, 5, 6, 0, 6, 5, 4], 2, 5);
        var loss = TokenLoss.NextToken(model, tokens);
        Assert.Equal([2, 4], loss.Shape);
        var logits = model.Forward(tokens);
        // Entry [1, 2]: logits of sequence 1 at position 2 against token at position 3 (5), by hand.
        double max = Enumerable.Range(0, 7).Max(v => (double)logits[1, 2, v]);
        double logSumExp = max + Math.Log(Enumerable.Range(0, 7).Sum(v => Math.Exp(logits[1, 2, v] - max)));
        Assert.Equal(logSumExp - logits[1, 2, 5], loss[1, 2], 5);
        // The mean over every entry is the usual mean next-token loss.
        var flat = Ops.Reshape(Ops.Slice(logits, 1, 0, 4), 8, -1);
        Ops.CrossEntropy(flat, [2, 3, 4, 5, 0, 6, 5, 4], out double mean);
        Assert.Equal(mean, loss.Data.Average(v => (double)v), 5);
    }

    [Fact]
    public void LossAtLossPositionsAveragesToTheEvaluationLoss()
    {
        var examples = ((IEnumeratedTask)TinyRun.Task).Generate();
        var model = new HookedTransformer(TinyRun.Model);
        var perPosition = TokenLoss.AtLossPositions(model, examples);
        Assert.Equal(examples.Targets.LossPositions(), perPosition.Positions);
        Assert.Equal([examples.Count, perPosition.Positions.Length], perPosition.Loss.Shape);
        Assert.Equal(Evaluation.Evaluate(model, examples, []).Loss, perPosition.Mean(), 5);
        Assert.Contains(perPosition.Loss.Data, v => Math.Abs(v - perPosition.Mean()) > 1e-3); // per example, not one number repeated
    }
}
