using AlgoLens.Analysis.Interp;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Models;

/// <summary>
/// TransformerLens's flag-only hooks (use_attn_result, use_split_qkv_input, use_attn_in,
/// use_hook_mlp_in, use_hook_tokens): names, shapes, values against independent computations, and
/// nothing changed while they are off.
/// </summary>
public class TransformerLensFlagHookTests
{
    private static readonly TokenBatch Tokens = new([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 4], 3, 4);

    private static HookedTransformerConfig Config(string norm = "LN", bool attnOnly = false) => new()
    {
        NLayers = 2, DModel = 16, NHeads = 3, DHead = 5, DMlp = 24, DVocab = 10, NCtx = 4, NormalizationType = norm, AttnOnly = attnOnly, Seed = 3,
    };

    // Non-zero biases everywhere, so that b_O and the q/k/v biases take part in what is checked.
    private static HookedTransformer Model(string norm = "LN", bool attnOnly = false)
    {
        var model = new HookedTransformer(Config(norm, attnOnly));
        var rng = new Random(7);
        foreach (string name in model.ParameterNames.Where(n => n.Contains(".b_", StringComparison.Ordinal)))
        {
            var p = model[name];
            model.SetParameter(name, Enumerable.Range(0, p.Size).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), p.Shape);
        }
        return model;
    }

    private static void SetAll(HookedTransformer model, bool on)
    {
        model.SetUseAttnResult(on);
        model.SetUseSplitQkvInput(on);
        model.SetUseAttnIn(on);
        model.SetUseHookMlpIn(on);
        model.SetUseHookTokens(on);
    }

    [Fact]
    public void FlagsOffByDefaultAreNotWrittenAndFlagsOnRoundTrip()
    {
        var config = Config();
        Assert.DoesNotContain("use_", config.ToJson(), StringComparison.Ordinal);
        var on = config with { UseAttnResult = true, UseSplitQkvInput = true, UseAttnIn = true, UseHookMlpIn = true, UseHookTokens = true };
        string json = on.ToJson();
        foreach (string field in new[] { "use_attn_result", "use_split_qkv_input", "use_attn_in", "use_hook_mlp_in", "use_hook_tokens" })
        {
            Assert.Contains($"\"{field}\": true", json, StringComparison.Ordinal);
        }
        Assert.Equal(on, HookedTransformerConfig.FromJson(json));
    }

    [Fact]
    public void SettingAFlagAtRunTimeUpdatesTheConfigAndTheHookListAndOffRestoresBoth()
    {
        var model = Model();
        var before = model.HookPoints.ToList();
        string jsonBefore = model.Config.ToJson();
        model.SetUseAttnResult(true);
        Assert.True(model.Config.UseAttnResult);
        Assert.Contains(model.HookPoints, h => h.Name == "blocks.1.attn.hook_result");
        model.SetUseAttnResult(false);
        Assert.Equal(before, model.HookPoints);
        Assert.Equal(jsonBefore, model.Config.ToJson());
        var offError = Assert.ThrowsAny<ArgumentException>(() => model.RunWithHooks(Tokens, ("blocks.0.attn.hook_result", (_, _) => null)));
        Assert.Contains("use_attn_result", offError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LN", false)]
    [InlineData("RMS", false)]
    [InlineData("none", true)]
    public void WithEveryFlagOnTheCacheHoldsTransformerLensHooksWithTheirShapesAndTheLogitsAgree(string norm, bool attnOnly)
    {
        var model = Model(norm, attnOnly);
        var plainOff = model.Forward(Tokens).ToArray();
        var (cachedOff, _) = model.RunWithCache(Tokens);
        SetAll(model, on: true);
        var (cachedOn, cache) = model.RunWithCache(Tokens);

        int[] perHead = [3, 4, 3, 16];
        Assert.Equal([3, 4], cache["hook_tokens"].Shape);
        Assert.Equal(Tokens.Ids.Select(i => (float)i), cache["tokens"].Data);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(perHead, cache["result", l].Shape);
            foreach (string name in new[] { "q_input", "k_input", "v_input", "attn_in" })
            {
                Assert.Equal(perHead, cache[name, l].Shape);
                Assert.Equal(RepeatPerHead(cache["resid_pre", l], 3).Data, cache[name, l].Data);
            }
            if (norm != "none")
            {
                Assert.Equal(perHead, cache[$"blocks.{l}.ln1.hook_normalized"].Shape);
                Assert.Equal([3, 4, 3, 1], cache[$"blocks.{l}.ln1.hook_scale"].Shape);
            }
            if (!attnOnly)
            {
                Assert.Equal([3, 4, 16], cache["mlp_in", l].Shape);
                Assert.Equal(cache["resid_mid", l].Data, cache["mlp_in", l].Data);
            }
        }
        Assert.Equal(attnOnly, !model.HookPoints.Any(h => h.Name.EndsWith("hook_mlp_in", StringComparison.Ordinal)));
        Assert.All(cachedOn.Data.Zip(cachedOff.Data), p => Assert.Equal(p.Second, p.First, 1e-5));
        // A plain call observes nothing: the flags leave its bits (and its fused ops) alone.
        Assert.Equal(plainOff, model.Forward(Tokens).Data);
        SetAll(model, on: false);
        Assert.Equal(cachedOff.Data, model.RunWithCache(Tokens).Output.Data);
    }

    [Fact]
    public void HeadResultsSumWithTheOutputBiasToTheAttentionOutput()
    {
        var model = Model();
        model.SetUseAttnResult(true);
        var (_, cache) = model.RunWithCache(Tokens);
        for (int l = 0; l < 2; l++)
        {
            var result = cache["result", l];
            var z = cache["z", l];
            var wO = model[$"blocks.{l}.attn.W_O"];
            var sum = Ops.Add(Ops.Sum(result, 2), model[$"blocks.{l}.attn.b_O"]).Data;
            var attnOut = cache["attn_out", l].Data;
            Assert.All(sum.Zip(attnOut), p => Assert.Equal(p.Second, p.First, 1e-5));
            // Each head's slice is z_h · W_O[h], computed here by hand in double.
            for (int b = 0; b < 3; b++)
            {
                for (int h = 0; h < 3; h++)
                {
                    for (int d = 0; d < 16; d++)
                    {
                        double expected = 0;
                        for (int e = 0; e < 5; e++)
                        {
                            expected += (double)z.Data[((b * 4 + 2) * 3 + h) * 5 + e] * wO.Data[(h * 5 + e) * 16 + d];
                        }
                        Assert.Equal(expected, result.Data[((b * 4 + 2) * 3 + h) * 16 + d], 1e-5);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("q_input", "q", true)]
    [InlineData("k_input", "k", true)]
    [InlineData("v_input", "v", true)]
    [InlineData("attn_in", "q", false)]
    public void PatchingOneHeadsInputChangesOnlyThatHead(string input, string output, bool split)
    {
        var model = Model();
        if (split)
        {
            model.SetUseSplitQkvInput(true);
        }
        else
        {
            model.SetUseAttnIn(true);
        }
        const int head = 1;
        var (_, before) = model.RunWithCache(Tokens);
        string inputName = HookNames.Resolve(input, 1);
        var hook = (inputName, (HookFunction)((act, name) => ActivationEdit(act, name, head)));
        var patched = RunCaching(model, hook, HookNames.Resolve(output, 1));
        var reference = before[output, 1];
        for (int i = 0; i < reference.Size; i++)
        {
            int h = i / 5 % 3;
            if (h == head)
            {
                continue;
            }
            Assert.Equal(reference.Data[i], patched.Data[i]);
        }
        Assert.Contains(Enumerable.Range(0, reference.Size).Where(i => i / 5 % 3 == head), i => Math.Abs(reference.Data[i] - patched.Data[i]) > 1e-3);
    }

    [Fact]
    public void AHookOnTheTokensFeedsTheReplacedIdsToTheEmbeddingAndRefusesNonIds()
    {
        var model = Model();
        model.SetUseHookTokens(true);
        var other = new TokenBatch(Tokens.Ids.Select(i => (i + 3) % 10).ToArray(), 3, 4);
        var hooked = model.RunWithHooks(Tokens, ("hook_tokens", (act, _) => new Tensor(other.Ids.Select(i => (float)i).ToArray(), act.Shape)));
        Assert.Equal(model.RunWithHooks(other).Data, hooked.Data);
        Assert.NotEqual(model.RunWithHooks(Tokens).Data, hooked.Data);
        var error = Assert.Throws<ArgumentException>(() => model.RunWithHooks(Tokens, ("hook_tokens", (act, _) => Ops.AddScalar(act, 0.5f))));
        Assert.Contains("whole numbers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HookSelectionFindsTheHeadAxisOfTheNewHooks()
    {
        var model = Model();
        model.SetUseAttnResult(true);
        model.SetUseSplitQkvInput(true);
        var (_, cache) = model.RunWithCache(Tokens);
        // Zero-ablating head 2 of layer 1's result takes exactly that head's output out of attn_out.
        var hook = Ablation.Hook(model, AblationSpec.Zero("blocks.1.attn.hook_result", head: 2));
        Tensor? attnOut = null;
        model.RunWithHooks(Tokens, hook, ("blocks.1.hook_attn_out", (act, _) => { attnOut = act; return null; }));
        var result = cache["result", 1];
        var full = cache["attn_out", 1];
        for (int i = 0; i < full.Size; i++)
        {
            int row = i / 16, d = i % 16;
            Assert.Equal(full.Data[i] - result.Data[(row * 3 + 2) * 16 + d], attnOut!.Data[i], 1e-5);
        }
        var mask = new HookSelection(Head: 1, Position: 2).Mask("blocks.0.hook_q_input", [3, 4, 3, 16]);
        Assert.Equal(3 * 16, mask.Count(m => m));
        Assert.True(mask[((0 * 4 + 2) * 3 + 1) * 16 + 5]);
        Assert.False(mask[((0 * 4 + 2) * 3 + 0) * 16 + 5]);
    }

    [Fact]
    public void ShorthandNamesResolveAsTransformerLensGetActName()
    {
        Assert.Equal("hook_tokens", HookNames.Resolve("tokens"));
        Assert.Equal("blocks.1.attn.hook_result", HookNames.Resolve("result", 1));
        Assert.Equal("blocks.0.hook_q_input", HookNames.Resolve("q_input", 0));
        Assert.Equal("blocks.0.hook_k_input", HookNames.Resolve("k_input", 0));
        Assert.Equal("blocks.0.hook_v_input", HookNames.Resolve("v_input", 0));
        Assert.Equal("blocks.2.hook_attn_in", HookNames.Resolve("attn_in", 2));
        Assert.Equal("blocks.1.hook_mlp_in", HookNames.Resolve("mlp_in", 1));
    }

    [Fact]
    public void ATransformerLensConfigWithFlagsOnSwitchesThem()
    {
        var config = HookedTransformerConfig.FromJson("""{"n_layers": 1, "d_model": 8, "n_heads": 2, "d_head": 4, "d_vocab": 5, "n_ctx": 3, "act_fn": "relu", "use_attn_result": true, "use_split_qkv_input": false, "use_hook_mlp_in": true}""");
        var model = new HookedTransformer(config);
        Assert.True(model.Flags.UseAttnResult);
        Assert.True(model.Flags.UseHookMlpIn);
        Assert.False(model.Flags.UseSplitQkvInput);
        Assert.Contains(model.HookPoints, h => h.Name == "blocks.0.attn.hook_result");
    }

    private static Tensor ActivationEdit(Tensor act, string name, int head)
    {
        Assert.Equal(4, act.Rank);
        var data = act.ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            if (i / act.Shape[3] % act.Shape[2] == head)
            {
                data[i] = data[i] * -2f + 0.3f;
            }
        }
        return new Tensor(data, act.Shape);
    }

    private static Tensor RunCaching(HookedTransformer model, (string, HookFunction) edit, string read)
    {
        Tensor? seen = null;
        model.RunWithHooks(Tokens, edit, (read, (act, _) => { seen = act; return null; }));
        return seen!;
    }

    private static Tensor RepeatPerHead(Tensor resid, int heads)
    {
        int rows = resid.Shape[0] * resid.Shape[1], d = resid.Shape[2];
        var data = new float[rows * heads * d];
        for (int r = 0; r < rows; r++)
        {
            for (int h = 0; h < heads; h++)
            {
                Array.Copy(resid.Data, r * d, data, (r * heads + h) * d, d);
            }
        }
        return new Tensor(data, [resid.Shape[0], resid.Shape[1], heads, d]);
    }
}
