using AlgoLens.Data;
using AlgoLens.Analysis.Interp;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Interp;

public class AblationTests
{
    private static readonly TokenBatch Tokens = TinyModels.Clean;

    [Fact]
    public void ZeroAblatingASilentHeadChangesNothingAndAnActiveHeadDoes()
    {
        var model = TinyModels.Model();
        TinyModels.SilenceHead(model, 0, 1);
        var clean = model.Forward(Tokens);
        TinyModels.AssertClose(clean, Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.attn.hook_z", head: 1)), 1e-6);
        Assert.NotEqual(clean.Data, Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.attn.hook_z", head: 0)).Data);
    }

    [Fact]
    public void ZeroAblatingTheOnlyNeuronThatWritesLeavesJustTheMlpBias()
    {
        // Only neuron 3 has a non-zero row of W_out, so the MLP's output is post[3]·W_out[3] + b_out.
        var model = TinyModels.Model();
        var wOut = model["blocks.0.mlp.W_out"].Data; // [d_mlp, d_model]
        int d = model.Config.DModel;
        for (int n = 0; n < model.Config.DMlp; n++)
        {
            if (n != 3)
            {
                Array.Clear(wOut, n * d, d);
            }
        }
        var (clean, cache) = model.RunWithCache(Tokens);
        TinyModels.AssertClose(clean, Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.mlp.hook_post", neuron: 5)), 1e-6);
        var expected = Ops.MatMul(cache["resid_mid", 0] + model["blocks.0.mlp.b_out"], model["unembed.W_U"]) + model["unembed.b_U"];
        TinyModels.AssertClose(expected, Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.mlp.hook_post", neuron: 3)));
    }

    [Fact]
    public void MeanAblationOverIdenticalInputsIsTheIdentity()
    {
        var model = TinyModels.Model(layers: 2);
        var same = TinyModels.Batch([3, 1, 4, 1], [3, 1, 4, 1], [3, 1, 4, 1]);
        var clean = model.Forward(same);
        foreach (var spec in new[]
        {
            AblationSpec.Mean("blocks.0.hook_resid_pre"),
            AblationSpec.Mean("blocks.1.attn.hook_z", head: 0),
            AblationSpec.Mean("blocks.0.attn.hook_pattern", head: 1, position: 2),
            AblationSpec.Mean("blocks.1.mlp.hook_post", neuron: 7),
        })
        {
            TinyModels.AssertClose(clean, Ablation.Run(model, same, spec));
        }
    }

    [Fact]
    public void MeanOverAReferenceOfOneRepeatedInputGivesThatInputsRun()
    {
        // Replacing the whole input residual by the reference's (all rows equal) makes every example
        // compute exactly what the reference sequence computes.
        var model = TinyModels.Model(layers: 2);
        var reference = TinyModels.Batch([6, 5, 4, 3], [6, 5, 4, 3]);
        var ablated = Ablation.Run(model, Tokens, AblationSpec.Mean("blocks.0.hook_resid_pre", reference: reference));
        var target = model.Forward(TinyModels.Batch([6, 5, 4, 3], [6, 5, 4, 3], [6, 5, 4, 3]));
        TinyModels.AssertClose(target, ablated);
    }

    [Fact]
    public void ResamplingEverythingFromASeededPermutationPermutesTheExamples()
    {
        var model = TinyModels.Model(layers: 2);
        var clean = model.Forward(Tokens);
        var resampled = Ablation.Run(model, Tokens, AblationSpec.Resample("blocks.0.hook_resid_pre", seed: 5));
        int[] permutation = new Rng(5).Permutation(Tokens.Batch);
        int rowSize = clean.Size / Tokens.Batch;
        for (int b = 0; b < Tokens.Batch; b++)
        {
            TinyModels.AssertClose(clean.Data.AsSpan(permutation[b] * rowSize, rowSize).ToArray(), resampled.Data.AsSpan(b * rowSize, rowSize).ToArray());
        }
        Assert.Equal(resampled.Data, Ablation.Run(model, Tokens, AblationSpec.Resample("blocks.0.hook_resid_pre", seed: 5)).Data);
    }

    [Fact]
    public void ResamplingOneTokensEmbeddingFromASourceIsRunningTheSwappedTokens()
    {
        var model = TinyModels.Model(layers: 2);
        var source = TinyModels.Corrupted;
        var ablated = Ablation.Run(model, Tokens, AblationSpec.Resample(HookNames.Embed, position: 1, source: source));
        var swapped = (int[])Tokens.Ids.Clone();
        for (int b = 0; b < Tokens.Batch; b++)
        {
            swapped[b * 4 + 1] = source.Ids[b * 4 + 1];
        }
        TinyModels.AssertClose(model.Forward(new TokenBatch(swapped, Tokens.Batch, 4)), ablated);
        Assert.Equal(source.Ids, TinyModels.Corrupted.Ids);
    }

    [Fact]
    public void AHeadOfThePatternIsTheSecondAxisAndTheHookComposes()
    {
        // Zeroing head 1's pattern zeroes exactly head 1's z (z = pattern · v).
        var model = TinyModels.Model();
        Tensor? z = null;
        model.RunWithHooks(Tokens,
            Ablation.Hook(model, AblationSpec.Zero("blocks.0.attn.hook_pattern", head: 1)),
            ("blocks.0.attn.hook_z", (act, _) => { z = act.Clone(); return null; }));
        Assert.NotNull(z);
        var (_, cache) = model.RunWithCache(Tokens);
        var cleanZ = cache["z", 0]; // [batch, pos, head, d_head]
        for (int i = 0; i < z!.Size; i++)
        {
            bool head1 = (i / model.Config.DHead) % model.Config.NHeads == 1;
            Assert.Equal(head1 ? 0f : cleanZ.Data[i], z.Data[i], 6);
        }
    }

    [Fact]
    public void AblatedRunsKeepGradientsOnTheUntouchedEntries()
    {
        var model = TinyModels.Model();
        var logits = model.RunWithHooks(Tokens, Ablation.Hook(model, AblationSpec.Mean("blocks.0.hook_resid_mid", position: 0)));
        Ops.SumAll(logits).Backward();
        Assert.NotNull(model["embed.W_E"].Grad);
        Assert.Contains(model["embed.W_E"].Grad!, g => g != 0);
    }

    [Fact]
    public void BadSelectionsAreExplained()
    {
        var model = TinyModels.Model();
        Assert.Contains("no head axis", Assert.Throws<ArgumentException>(() => Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.hook_resid_pre", head: 0))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.0.attn.hook_z", head: 2)));
        Assert.Contains("No hook point", Assert.ThrowsAny<ArgumentException>(() => Ablation.Run(model, Tokens, AblationSpec.Zero("blocks.3.hook_resid_pre"))).Message);
        Assert.Contains("[batch, pos]", Assert.Throws<ArgumentException>(() => Ablation.Run(model, Tokens, AblationSpec.Resample("hook_embed", source: TinyModels.Batch([1, 2, 3, 4])))).Message);
    }
}
