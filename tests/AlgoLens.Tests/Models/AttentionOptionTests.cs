using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>attention_dir, the padding mask and attention_rate against explicit computations.</summary>
public class AttentionOptionTests
{
    private static readonly ForwardOptions General = new() { AllowSpecialisations = false };

    [Fact]
    public void BidirectionalEqualsCausalWithTheRawScoresHookedIn()
    {
        var causal = TransformerGradCheck.Model(TransformerGradCheck.Tiny);
        var bidirectional = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionDir = "bidirectional" });
        var tokens = TransformerGradCheck.Tokens();
        // Replace each layer's masked scores by q·k/sqrt(d_head) from its own hook_q and hook_k: no -inf left.
        var hooks = new List<(string, HookFunction)>();
        for (int layer = 0; layer < 2; layer++)
        {
            Tensor? q = null, k = null;
            hooks.Add(($"blocks.{layer}.attn.hook_q", (act, _) => { q = act; return null; }));
            hooks.Add(($"blocks.{layer}.attn.hook_k", (act, _) => { k = act; return null; }));
            hooks.Add(($"blocks.{layer}.attn.hook_attn_scores", (act, _) =>
            {
                Assert.Contains(float.NegativeInfinity, act.Data);
                var raw = Ops.MatMul(Ops.Permute(q!, 0, 2, 1, 3), Ops.Permute(k!, 0, 2, 1, 3), transposeB: true); // [batch, head, q, k]
                return Ops.Scale(raw, 1f / MathF.Sqrt(3));
            }));
        }
        var expected = causal.RunWithHooks(tokens, [.. hooks]);
        var (actual, cache) = bidirectional.RunWithCache(tokens);
        Assert.DoesNotContain(float.NegativeInfinity, cache["blocks.0.attn.hook_attn_scores"].Data);
        Assert.InRange(Fixtures.ScaledError(actual.Data, expected.Data), 0, 1e-6);
        Assert.NotEqual(causal.Forward(tokens).Data, actual.Data);
    }

    [Theory]
    [InlineData("causal")]
    [InlineData("bidirectional")]
    public void PaddedBatchMatchesEachSequenceUnpadded(string direction)
    {
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionDir = direction });
        int[][] rows = [[1, 2, 3, 0], [4, 1], [2, 2, 3]];
        const int Pad = 4;
        var padded = TokenBatch.FromPaddedRows(rows, Pad);
        Assert.NotNull(padded.AttentionMask);
        var logits = model.Forward(padded); // [3, 4, 4]
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
        for (int r = 0; r < rows.Length; r++)
        {
            var alone = model.Forward(new TokenBatch(rows[r], 1, rows[r].Length)); // [1, len, 4]
            var atRealPositions = logits.Data.AsSpan(r * 16, rows[r].Length * 4);
            Assert.InRange(Fixtures.ScaledError(atRealPositions, alone.Data), 0, 1e-6);
        }
    }

    [Fact]
    public void WithoutTheMaskABidirectionalModelsRealPositionsReadThePadding()
    {
        // The check that the mask is what keeps padding out: unmasked, the same ids give other logits.
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionDir = "bidirectional" });
        var padded = TokenBatch.FromPaddedRows([[1, 2, 3, 0], [4, 1], [2, 2, 3]], 4);
        var masked = model.Forward(padded);
        var unmasked = model.Forward(new TokenBatch(padded.Ids, 3, 4));
        Assert.NotEqual(masked.Data.AsSpan(16, 8).ToArray(), unmasked.Data.AsSpan(16, 8).ToArray());
    }

    [Fact]
    public void APaddingQueryWithNoRealKeySeesItselfAndNoRealQuerySeesPadding()
    {
        var model = TransformerGradCheck.Model(TransformerGradCheck.Tiny);
        var tokens = TransformerGradCheck.Tokens([false, true, true, true, true, true, true, true, true, true, true, true]);
        var (logits, cache) = model.RunWithCache(tokens);
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
        var pattern = cache["pattern", 0]; // [batch, head, q, k]
        for (int h = 0; h < 2; h++)
        {
            int row = h * 16; // sequence 0, head h
            Assert.Equal(1f, pattern.Data[row]);                  // query 0 (padding) attends to itself only
            for (int q = 1; q < 4; q++)
            {
                Assert.Equal(0f, pattern.Data[row + q * 4]);      // real queries give key 0 nothing
            }
        }
    }

    [Fact]
    public void AttentionRateInterpolatesWithUniformAttentionOverTheVisibleKeys()
    {
        var tokens = TransformerGradCheck.Tokens([true, true, true, true, true, true, false, false, true, true, true, true]);
        var plain = TransformerGradCheck.Model(TransformerGradCheck.Tiny);
        var (_, plainCache) = plain.RunWithCache(tokens, n => n == "blocks.0.attn.hook_pattern");
        var softmax = plainCache["pattern", 0].Data;
        var (_, halfCache) = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionRate = 0.5f }).RunWithCache(tokens);
        var (_, zeroCache) = TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionRate = 0f }).RunWithCache(tokens);
        var half = halfCache["pattern", 0].Data;
        var zero = zeroCache["pattern", 0].Data;
        for (int i = 0; i < softmax.Length; i++)
        {
            int key = i % 4, query = i / 4 % 4, sequence = i / 32;
            bool visible = key <= query && (sequence != 1 || key < 2 || key == query);
            int count = Enumerable.Range(0, query + 1).Count(k => sequence != 1 || k < 2 || k == query);
            float uniform = visible ? 1f / count : 0f;
            Assert.Equal(uniform, zero[i], 6);
            Assert.Equal(0.5f * softmax[i] + 0.5f * uniform, half[i], 6);
        }
        // Rate 1 is the default: the same computation, bitwise.
        Assert.Equal(plain.Forward(tokens, General).Data, TransformerGradCheck.Model(TransformerGradCheck.Tiny with { AttentionRate = 1f }).Forward(tokens, General).Data);
    }
}
