using AlgoLens.Analysis.Circuits;

namespace AlgoLens.Tests.Analysis.CircuitDetection;

public sealed class DetectionPatternsTests
{
    private static readonly int[] Tokens = [5, 1, 2, 1, 2];

    [Fact]
    public void Previous_token_pattern_is_the_subdiagonal()
    {
        var p = DetectionPatterns.PreviousToken(Tokens);
        Assert.Equal(Ones((1, 0), (2, 1), (3, 2), (4, 3)), OnesOf(p));
    }

    [Fact]
    public void Duplicate_token_pattern_marks_earlier_equal_tokens_only()
    {
        Assert.Equal(Ones((3, 1), (4, 2)), OnesOf(DetectionPatterns.DuplicateToken(Tokens)));
    }

    [Fact]
    public void Induction_pattern_is_the_duplicate_pattern_shifted_one_key_right()
    {
        // Query 3 (token 1) saw 1 at position 1, so it should attend to position 2; query 4 likewise to 3.
        Assert.Equal(Ones((3, 2), (4, 3)), OnesOf(DetectionPatterns.Induction(Tokens)));
    }

    [Fact]
    public void Induction_pattern_keeps_the_diagonal_when_a_token_repeats_its_predecessor_as_TL_does()
    {
        // tril(roll(dup)) keeps [q, q] when tokens q − 1 and q are equal.
        Assert.Equal(Ones((2, 2)), OnesOf(DetectionPatterns.Induction([4, 6, 6])));
    }

    private static HashSet<(int, int)> Ones(params (int, int)[] cells) => [.. cells];

    private static HashSet<(int, int)> OnesOf(double[,] pattern)
    {
        var ones = new HashSet<(int, int)>();
        for (int q = 0; q < pattern.GetLength(0); q++)
        {
            for (int k = 0; k < pattern.GetLength(1); k++)
            {
                Assert.True(pattern[q, k] is 0 or 1);
                if (pattern[q, k] == 1)
                {
                    ones.Add((q, k));
                }
            }
        }
        return ones;
    }
}
