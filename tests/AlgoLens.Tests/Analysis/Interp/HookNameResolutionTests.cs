using System.Reflection;
using AlgoLens.Analysis.Circuits.Scrubbing;
using AlgoLens.Analysis.Dictionary;
using AlgoLens.Analysis.Interp;
using AlgoLens.Analysis.Patching;
using AlgoLens.Analysis.Probes;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks.Logic;
using AlgoLens.Tensors;

namespace AlgoLens.Tests.Analysis.Interp;

/// <summary>
/// One resolver for every API that takes a hook name: each accepts the same shorthand, and each
/// refuses an unknown name with the same error listing the nearest names.
/// </summary>
public class HookNameResolutionTests
{
    private const string Full = "blocks.1.attn.hook_z";

    private static readonly HookFunction Identity = (a, _) => null;

    // TinyModels.Clean with a class target at the last position, for causal scrubbing.
    private static readonly ExampleBatch ScrubExamples = new(ModelInput.FromTokens(TinyModels.Clean), Targets.FromClasses([-1, -1, -1, 3, -1, -1, -1, 1, -1, -1, -1, 4], 3, 4));

    // Every public entry that takes a hook name, called with a name; what it returns, to compare.
    private static Dictionary<string, Func<string, object>> Entries(HookedTransformer model, ActivationCache cache) => new()
    {
        ["ActivationCache.get_Item"] = n => cache[n],
        ["ActivationCache.Resolve"] = n => cache.Resolve(n),
        ["ActivationCache.Gradient"] = n => cache.Gradient(n),
        ["ModelBase.ResolveHookName"] = n => model.ResolveHookName(n),
        ["HookNames.ResolveIn"] = n => HookNames.ResolveIn(model.HookPoints.Select(h => h.Name).ToList(), 2, n),
        ["IModel.RunWithHooks"] = n => model.RunWithHooks(TinyModels.Clean, (n, Identity)),
        ["IModel.RunWithHooksAndCache"] = n => model.RunWithHooksAndCache(TinyModels.Clean, [(n, Identity)]).Output,
        ["AblationSpec.Zero"] = n => Ablation.Run(model, TinyModels.Clean, AblationSpec.Zero(n, head: 1)),
        ["AblationSpec.Mean"] = n => Ablation.Run(model, TinyModels.Clean, AblationSpec.Mean(n, head: 1)),
        ["AblationSpec.Resample"] = n => Ablation.Run(model, TinyModels.Clean, AblationSpec.Resample(n, head: 1, seed: 3)),
        ["AblationSpec..ctor"] = n => Ablation.Hook(model, new AblationSpec(n, AblationKind.Zero)).HookName,
        ["Ablation.Hook"] = n => Ablation.Hook(model, AblationSpec.Zero(n)).HookName,
        ["ActivationPatching.Hook"] = n => ActivationPatching.Hook(cache, n, new HookSelection(Head: 0)).HookName,
        ["ActivationPatching.Patch"] = n => ActivationPatching.Patch(model, cache, TinyModels.Corrupted, n, new HookSelection(Head: 0)),
        ["HookEdit.Edit"] = n => model.RunWithHooks(TinyModels.Clean, HookEdit.Edit(n, new HookSelection(Head: 0), a => a * 0f)),
        ["PatchTarget..ctor"] = n => TargetPatching.Activation(model, TinyModels.Clean, TinyModels.Corrupted, PatchingMetric.LogitDifference([1, 1, 1], [2, 2, 2], position: -1), [new PatchTarget("target", n, new HookSelection(Head: 0))]).Effects[0].Value,
        ["ProbeIntervention.Add"] = n => model.RunWithHooks(TinyModels.Clean, ProbeIntervention.Add(n, [1, -1, 2, 0.5], 0.5)),
        ["ProbeIntervention.ProjectOut"] = n => model.RunWithHooks(TinyModels.Clean, ProbeIntervention.ProjectOut(n, [1, -1, 2, 0.5])),
        ["ProbeActivations.FromCache"] = n => ProbeActivations.FromCache(cache, n, [0, -1]),
        ["ProbeRequest..ctor"] = n => RunProbe.Fit(model, AutomatonTask.Create(AutomatonKind.Parity, length: 4), 0, new ProbeRequest(n, "state") { Examples = 20 }).Probes[0].FullName,
        ["DictionaryActivations.Collect"] = n => DictionaryActivations.Collect(model, ModelInput.FromTokens(TinyModels.Clean), n, -1),
        ["DictionarySplice.Hook"] = n => model.RunWithHooks(TinyModels.Clean, DictionarySplice.Hook(n, -1, rows => rows)),
        ["DictionarySplice.Measure"] = n => DictionarySplice.Measure(model, ScrubExamples, n, -1, IdentityDictionary(cache[Full]), new double[Width(cache[Full])]),
        ["ScrubNode..ctor"] = n => CausalScrubbing.Run(model, ScrubExamples, new ScrubHypothesis("h", [new ScrubNode(n, 0, null, ScrubSubspace.All, ScrubFeature.Token)]), new ScrubOptions { Samples = 2 }).LossScrubbed,
    };

    // A dictionary that reconstructs every row exactly, of the width of one position's activation.
    private static DictionaryResult IdentityDictionary(Tensor activation)
    {
        int width = Width(activation);
        var atoms = new double[width, width];
        for (int i = 0; i < width; i++)
        {
            atoms[i, i] = 1;
        }
        return new DictionaryResult("identity", atoms, new double[width], rows => rows);
    }

    private static int Width(Tensor activation) => activation.Size / (activation.Shape[0] * activation.Shape[1]);

    private static (HookedTransformer Model, ActivationCache Cache) Setup()
    {
        var model = TinyModels.Model(layers: 2);
        var (logits, cache) = model.RunWithCache(TinyModels.Clean, retainGrads: true);
        Ops.SumAll(logits).Backward();
        return (model, cache);
    }

    private static object Value(object result) => result is Tensor t ? t.ToArray() : result;

    [Fact]
    public void EveryEntryAcceptsTheSameShorthandAndGivesWhatTheFullNameGives()
    {
        var (model, cache) = Setup();
        foreach (var (api, call) in Entries(model, cache))
        {
            var expected = Value(call(Full));
            Assert.True(expected is not string s || s == Full, api);
            Assert.Equal(expected, Value(call("z1")));
        }
        // The layer given apart, and counted from the end, where an API takes it apart.
        Assert.Same(cache[Full], cache["z", 1]);
        Assert.Same(cache[Full], cache["z", -1]);
        var (_, lnCache) = TinyModels.Model(layers: 2, norm: "LN").RunWithCache(TinyModels.Clean);
        Assert.Same(lnCache["blocks.1.ln1.hook_scale"], lnCache["scale1ln1"]);
        Assert.Same(lnCache["blocks.0.ln2.hook_normalized"], lnCache["normalized", -2, "ln2"]);
        Assert.Equal(Full, model.ResolveHookName("z", -1));
    }

    [Fact]
    public void EveryEntryRefusesAnUnknownNameWithTheNearestNames()
    {
        var (model, cache) = Setup();
        foreach (var (api, call) in Entries(model, cache))
        {
            foreach (string wrong in new[] { "blocks.1.attn.hook_zz", "zz1", "z7" })
            {
                var error = Assert.Throws<UnknownHookException>(() => call(wrong));
                Assert.True(error.Similar.Count > 0, api);
                Assert.Contains("Similar names:", error.Message);
            }
            var misspelt = Assert.Throws<UnknownHookException>(() => call("blocks.1.attn.hook_zz"));
            Assert.Equal(Full, misspelt.Similar[0]);
            Assert.Equal("blocks.0.attn.hook_pattern", Assert.Throws<UnknownHookException>(() => call("patern0")).Similar[0]);
        }
    }

    [Fact]
    public void NoPublicEntryTakesAHookNameUntested()
    {
        // A public member with a string parameter named for a hook (hookName, HookName) is an entry
        // that must resolve as the others do: it has to be in Entries, which the two tests above walk.
        var (model, cache) = Setup();
        var covered = Entries(model, cache).Keys.ToHashSet();
        var found = typeof(HookedTransformer).Assembly.GetExportedTypes()
            .Where(t => !typeof(Delegate).IsAssignableFrom(t) && !typeof(Exception).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Cast<MethodBase>()
                .Concat(t.GetConstructors()))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(string) && p.Name!.Contains("hook", StringComparison.OrdinalIgnoreCase)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Distinct()
            .ToList();
        Assert.NotEmpty(found);
        Assert.All(found, entry => Assert.Contains(entry, covered));
    }

    [Fact]
    public void CompactShorthandResolvesAsTransformerLensDoes()
    {
        Assert.Equal("blocks.0.attn.hook_pattern", HookNames.Resolve("pattern0"));
        Assert.Equal("blocks.6.attn.hook_k", HookNames.Resolve("k6"));
        Assert.Equal("blocks.4.ln2.hook_scale", HookNames.Resolve("scale4ln2"));
        Assert.Equal("blocks.2.mlp.hook_post", HookNames.Resolve("post2"));
        Assert.Equal("hook_embed", HookNames.Resolve("embed"));
        Assert.Equal("blocks.1.hook_resid_pre", HookNames.Resolve("resid_pre", 1));
    }

    [Fact]
    public void NameFilterHooksRunAtEveryMatchingPointInOrder()
    {
        var model = TinyModels.Model(layers: 2);
        var seen = new List<string>();
        var logits = model.RunWithHooks(TinyModels.Clean, [(name => name.EndsWith("pattern", StringComparison.Ordinal), (a, name) => { seen.Add(name); return null; })]);
        Assert.Equal(["blocks.0.attn.hook_pattern", "blocks.1.attn.hook_pattern"], seen);
        Assert.Equal(model.RunWithHooks(TinyModels.Clean).Data, logits.Data);

        // A filter hook that zeroes every head's z equals the hooks named one by one.
        HookFunction zero = (a, _) => Tensor.Zeros(a.Shape);
        var byFilter = model.RunWithHooks(TinyModels.Clean, [(name => name.EndsWith("hook_z", StringComparison.Ordinal), zero)]);
        var byName = model.RunWithHooks(TinyModels.Clean, ("z0", zero), ("z1", zero));
        Assert.Equal(byName.Data, byFilter.Data);
        Assert.NotEqual(logits.Data, byFilter.Data);
        Assert.Contains("matches none", Assert.Throws<ArgumentException>(() => model.RunWithHooks(TinyModels.Clean, [(name => name == "nothing", zero)])).Message);
    }

    [Fact]
    public void HooksAndCacheInOneCallCacheTheHookedActivations()
    {
        var model = TinyModels.Model(layers: 2);
        var edit = HookEdit.Head("z", layer: 0, head: 1, a => a * 0f);
        var (logits, cache) = model.RunWithHooksAndCache(TinyModels.Clean, [edit]);
        Assert.Equal(model.RunWithHooks(TinyModels.Clean, edit).Data, logits.Data);
        var z = cache["z", 0]; // [batch, pos, head, d_head]: head 1 zero, head 0 as in a clean run
        var clean = model.RunWithCache(TinyModels.Clean).Cache["z", 0];
        for (int b = 0; b < 3; b++)
        {
            for (int p = 0; p < 4; p++)
            {
                for (int d = 0; d < 4; d++)
                {
                    Assert.Equal(0f, z[b, p, 1, d]);
                    Assert.Equal(clean[b, p, 0, d], z[b, p, 0, d]);
                }
            }
        }
        // Downstream activations in the cache are those of the hooked run.
        Assert.NotEqual(clean.Data, z.Data);
        Assert.NotEqual(model.RunWithCache(TinyModels.Clean).Cache["resid_post", 1].Data, cache["resid_post", 1].Data);
    }
}
