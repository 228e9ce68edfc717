using AlgoLens.Analysis.Circuits;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class CircuitDetectorsTests
{
    private static readonly TokenBatch Repeated = TokenBatch.FromRows([HandBuiltHeads.Repeated]);

    [Fact]
    public void An_exact_induction_head_scores_1_and_TLs_score_counts_every_query()
    {
        var results = CircuitDetectors.Detect(HandBuiltHeads.Model(), Repeated);
        var induction = One(results, CircuitDetectors.Induction, 1, 0);
        Assert.Equal(1, induction.Score!.Value, 6);
        // 4 of the 9 queries (the second half's) have a target and put all their attention on it: 4/9.
        Assert.Equal(4.0 / 9, induction.TlScore!.Value, 6);
        Assert.True(induction.Detected);
        // The previous-token head is not an induction head, nor is the zero (uniform) head.
        Assert.False(One(results, CircuitDetectors.Induction, 0, 0).Detected);
        Assert.True(One(results, CircuitDetectors.Induction, 1, 1).Score < 0.5);
    }

    [Fact]
    public void An_exact_previous_token_head_scores_1_and_TLs_score_is_8_of_9()
    {
        var results = CircuitDetectors.Detect(HandBuiltHeads.Model(), Repeated);
        var previous = One(results, CircuitDetectors.PreviousToken, 0, 0);
        Assert.Equal(1, previous.Score!.Value, 6);
        Assert.Equal(8.0 / 9, previous.TlScore!.Value, 6);
        Assert.False(One(results, CircuitDetectors.PreviousToken, 1, 0).Detected);
        Assert.Equal(0, One(results, CircuitDetectors.DuplicateToken, 0, 0).Score!.Value, 6);
        Assert.Equal([(0, 0)], results.Where(r => r.Name == CircuitDetectors.PreviousToken && r.Detected).Select(r => (r.Layer!.Value, r.Head!.Value)));
    }

    [Fact]
    public void A_uniform_head_scores_by_hand_on_first_token_and_self()
    {
        var results = CircuitDetectors.Detect(HandBuiltHeads.Model(), Repeated);
        // Uniform causal attention: query q puts 1/(q + 1) on key 0 and on itself; mean over q = 1..8.
        double expected = Enumerable.Range(1, 8).Average(q => 1.0 / (q + 1));
        Assert.Equal(expected, One(results, CircuitDetectors.FirstToken, 0, 1).Score!.Value, 6);
        Assert.Equal(expected, One(results, CircuitDetectors.Self, 0, 1).Score!.Value, 6);
        Assert.Equal(0, One(results, CircuitDetectors.Self, 0, 0).Score!.Value, 6);
    }

    [Fact]
    public void Tl_score_is_averaged_per_sequence()
    {
        // A second sequence without repeats adds a TL score of 0 for the induction head (halving it)
        // and no query to the normalised score.
        var batch = TokenBatch.FromRows([HandBuiltHeads.Repeated, [HandBuiltHeads.Bos, 0, 1, 2, 3, 4, 5, 6, 7]]);
        var induction = One(CircuitDetectors.Detect(HandBuiltHeads.Model(), batch), CircuitDetectors.Induction, 1, 0);
        Assert.Equal(2.0 / 9, induction.TlScore!.Value, 6);
        Assert.Equal(1, induction.Score!.Value, 6);
    }

    [Fact]
    public void Induction_does_not_apply_to_one_layer()
    {
        var results = CircuitDetectors.Detect(HandBuiltHeads.Model(layers: 1), Repeated);
        var induction = Assert.Single(results, r => r.Name == CircuitDetectors.Induction);
        Assert.False(induction.Applicable);
        Assert.Null(induction.Score);
        Assert.Contains("one layer", induction.Reason, StringComparison.Ordinal);
        Assert.True(One(results, CircuitDetectors.PreviousToken, 0, 0).Detected);
    }

    [Fact]
    public void Tokens_without_repeats_leave_the_repeat_detectors_not_applicable()
    {
        var results = CircuitDetectors.Detect(HandBuiltHeads.Model(), TokenBatch.FromRows([[0, 1, 2, 3]]));
        Assert.False(Assert.Single(results, r => r.Name == CircuitDetectors.DuplicateToken).Applicable);
        Assert.False(Assert.Single(results, r => r.Name == CircuitDetectors.Induction).Applicable);
        Assert.True(One(results, CircuitDetectors.PreviousToken, 0, 0).Detected);
    }

    [Fact]
    public void A_model_without_attention_gets_every_detector_not_applicable()
    {
        var mlp = new HookedMlp(new MlpConfig { NCtx = 2, DVocab = 5, DEmbed = 3, NLayers = 1, DHidden = [4] });
        var results = CircuitDetectors.Detect(mlp, TokenBatch.FromRows([[0, 1]]));
        Assert.Equal(CircuitDetectors.HeadDetectorNames, results.Select(r => r.Name));
        Assert.All(results, r => Assert.Contains("no attention", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_tokens_are_refused_with_the_fix()
    {
        var model = HandBuiltHeads.Model();
        var outside = Assert.Throws<ArgumentException>(() => CircuitDetectors.Detect(model, TokenBatch.FromRows([[0, 99]])));
        Assert.Contains("d_vocab", outside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CircuitDetectors.Detect(model, TokenBatch.FromRows([[0]])));
        Assert.Throws<ArgumentException>(() => CircuitDetectors.Detect(model, TokenBatch.FromRows([Enumerable.Range(0, 10).ToArray()])));
    }

    [Fact]
    public void Default_tokens_are_repeated_halves_after_the_tasks_BOS()
    {
        var task = AlgoLens.Tasks.Sequences.RepeatTask.Create(length: 4, values: 6);
        var tokens = DetectionTokens.RepeatedHalves(9, 7, task, sequences: 3);
        Assert.Equal(3, tokens.Batch);
        for (int b = 0; b < 3; b++)
        {
            var row = tokens.Ids.AsSpan(b * 9, 9);
            Assert.Equal(task.BosToken, row[0]);
            Assert.True(row[1..5].SequenceEqual(row[5..9]));
            Assert.All(row[1..].ToArray(), t => Assert.InRange(t, 0, 5));
        }
        Assert.Equal(tokens.Ids, DetectionTokens.RepeatedHalves(9, 7, task, sequences: 3).Ids);
    }

    [Fact]
    public void Default_tokens_keep_long_contexts_to_halves_of_64()
    {
        var tokens = DetectionTokens.RepeatedHalves(1025, 10, sequences: 2);
        Assert.Equal(2 * DetectionTokens.MaxHalf, tokens.Positions);
        Assert.Equal(6, DetectionTokens.RepeatedHalves(7, 10, sequences: 1).Positions);
    }

    private static DetectorResult One(IReadOnlyList<DetectorResult> results, string name, int layer, int head) =>
        Assert.Single(results, r => r.Name == name && r.Layer == layer && r.Head == head);
}
