using AlgoLens.Analysis.Circuits;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class PatternMatchTests
{
    private static readonly double[,] Attention = { { 1, 0, 0 }, { 0.5, 0.5, 0 }, { 0.2, 0.3, 0.5 } };

    private static readonly double[,] Previous = DetectionPatterns.PreviousToken([0, 1, 2]);

    [Fact]
    public void Tl_mul_is_attention_on_the_pattern_over_all_attention()
    {
        // (0.5 + 0.3) / 3 rows of attention.
        Assert.Equal(0.8 / 3, PatternMatch.TlMul(Attention, Previous), 12);
    }

    [Fact]
    public void Tl_mul_exclusions_zero_the_first_key_and_the_diagonal_before_dividing()
    {
        // Key 0 zeroed: (0 + 0.3) / (0 + 0.5 + 0.3 + 0.5).
        Assert.Equal(0.3 / 1.3, PatternMatch.TlMul(Attention, Previous, excludeBos: true), 12);
        // Diagonal zeroed: (0.5 + 0.3) / (0.5 + 0.2 + 0.3).
        Assert.Equal(0.8 / 1.0, PatternMatch.TlMul(Attention, Previous, excludeCurrentToken: true), 12);
    }

    [Fact]
    public void Shares_cover_only_the_queries_with_a_target()
    {
        Assert.Equal([(1, 0.5), (2, 0.3)], PatternMatch.SharesOnTargets(Attention, Previous).ToArray());
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PatternMatch.TlMul(Attention, new double[2, 2]));
    }
}
