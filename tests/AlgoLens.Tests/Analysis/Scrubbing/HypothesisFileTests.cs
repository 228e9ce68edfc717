using AlgoLens.Analysis.Circuits.Scrubbing;

namespace AlgoLens.Tests.Analysis.Scrubbing;

public sealed class HypothesisFileTests
{
    private static readonly ScrubContext Context = new(FourierCopyModel.Model(), FourierCopyModel.P, () => [FourierCopyModel.Key]);

    private static ArgumentException Fails(string json) =>
        Assert.ThrowsAny<ArgumentException>(() => CausalScrubbing.Run(Context.Model, FourierCopyModel.Examples(), HypothesisFile.Parse(json, Context)));

    [Fact]
    public void Shorthand_hooks_resolve_as_every_API_resolves_them()
    {
        // TransformerLens's shorthand "embed" for hook_embed: the same hypothesis as the full name.
        var full = CausalScrubbing.Run(Context.Model, FourierCopyModel.Examples(), HypothesisFile.Parse("""{"nodes": [{"hook": "hook_embed", "feature": "token"}]}""", Context));
        var shorthand = CausalScrubbing.Run(Context.Model, FourierCopyModel.Examples(), HypothesisFile.Parse("""{"nodes": [{"hook": "embed", "feature": "token"}]}""", Context));
        Assert.Equal(full.LossScrubbed, shorthand.LossScrubbed);
    }

    [Fact]
    public void A_hook_the_model_lacks_is_named_with_similar_hooks()
    {
        var e = Fails("""{"nodes": [{"hook": "blocks.0.attn.hook_kk", "feature": "token"}]}""");
        Assert.Contains("Node 0: No hook point 'blocks.0.attn.hook_kk'", e.Message, StringComparison.Ordinal);
        Assert.Contains("blocks.0.attn.hook_k", e.Message.Split("Similar names:")[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "tokne"}]}""", "Unknown feature 'tokne'; did you mean 'token'?")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": {"directions": [[1, 0, 0]]}}]}""", "The directions have 3 entries but 'hook_embed' has 9")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": {"directions": [[1, 0, 0], [2, 0, 0]]}}]}""", "Direction 1 is zero or lies in the span")]
    [InlineData("""{"nodes": [{"hook": "blocks.0.hook_resid_pre", "feature": "token", "subspace": {"fourier": "key"}}]}""", "applies to 'hook_embed' only")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": {"fourier": [9]}}]}""", "Frequency 9 is outside 1 .. 3")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": {"slice": [1]}}]}""", "unknown subspace kind \"slice\"")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": "most"}]}""", "unknown subspace \"most\"")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "head": 0, "feature": "token"}]}""", "has no head axis")]
    [InlineData("""{"nodes": [{"hook": "blocks.0.attn.hook_q", "head": 3, "feature": "token"}]}""", "head 3 is outside 0..0")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "positions": [3], "feature": "token"}]}""", "position 3 is outside the inputs' 3 positions")]
    [InlineData("""{"nodes": [{"hook": "blocks.0.attn.hook_pattern", "feature": "token"}]}""", "resamples activations per position")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token"}, {"hook": "hook_embed", "feature": "none"}]}""", "another node already claims the same hook")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token", "heads": 1}]}""", "unknown key \"heads\"; did you mean \"head\"?")]
    [InlineData("""{"nodes": [{"hook": "hook_embed"}]}""", "has no \"feature\"")]
    [InlineData("""{"nodes": []}""", "\"nodes\" must be a non-empty array")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": "token"}""", "is not valid JSON")]
    [InlineData("""{"nodes": [{"hook": "hook_embed", "feature": 3}]}""", "\"feature\" must be a string")]
    public void A_bad_hypothesis_gets_a_clear_error(string json, string message)
    {
        Assert.Contains(message, Fails(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_file_reads_every_field()
    {
        var hypothesis = HypothesisFile.Parse("""
            // comments are allowed
            {"name": "mine", "nodes": [
              {"hook": "blocks.0.attn.hook_k", "head": 0, "positions": [0, -1], "feature": "previous_token"},
              {"hook": "hook_embed", "positions": [0, 1], "subspace": {"fourier": "key"}, "feature": "token"}]}
            """, Context);
        Assert.Equal("mine", hypothesis.Name);
        var k = hypothesis.Nodes[0];
        Assert.Equal(("blocks.0.attn.hook_k", 0, ScrubFeature.PreviousToken), (k.Hook, k.Head, k.Feature));
        Assert.Equal([0, -1], k.Positions!);
        Assert.Equal([FourierCopyModel.Key], ((FourierEmbeddingSubspace)hypothesis.Nodes[1].Subspace).Frequencies);
        hypothesis.Validate(Context.Model, FourierCopyModel.Examples());
    }

    [Fact]
    public void Fourier_needs_a_modular_run()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => HypothesisFile.Parse("""{"nodes": [{"hook": "hook_embed", "feature": "token", "subspace": {"fourier": [1]}}]}""", new ScrubContext(Context.Model)));
        Assert.Contains("needs a modular-arithmetic run", e.Message, StringComparison.Ordinal);
    }
}
