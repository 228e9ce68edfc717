using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Analysis.Circuits.Scrubbing;

/// <summary>The worked examples: the Fourier hypothesis of modular addition and the induction hypothesis of <c>repeat</c>.</summary>
public static class BuiltInHypotheses
{
    /// <summary>The names <c>scrub --hypothesis</c> takes besides a file.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fourier", "induction"];

    /// <summary>
    /// The Fourier hypothesis (Nanda et al. 2023): of the embeddings of a and b in <c>a b =</c>, only
    /// the component in the span of cos/sin(w_k·t), k in <paramref name="frequencies"/> (default the
    /// run's key frequencies), matters; it is computed from the token itself (feature <c>token</c>), and
    /// the rest of the embedding (the constant and every other frequency) is resampled from a random
    /// input. One node: <c>hook_embed</c> at positions 0 and 1.
    /// </summary>
    public static ScrubHypothesis Fourier(ScrubContext context, IReadOnlyList<int>? frequencies = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subspace = context.FourierSubspace(frequencies);
        string list = string.Join(",", subspace.Frequencies);
        string name = frequencies is null ? $"fourier(key frequencies {list})" : $"fourier({list})";
        return new ScrubHypothesis(name, [new ScrubNode(HookNames.Embed, null, [0, 1], subspace, ScrubFeature.Token)]);
    }

    /// <summary>
    /// The induction hypothesis on the heads <paramref name="heads"/> (layer ≥ 1): each head's query at
    /// position i depends only on the token at i (what to look for), its key at position j only on
    /// the token at j − 1 (what came before j: the previous-token head's work), and its value at j only
    /// on the token at j (what to copy). Three nodes per head, on <c>attn.hook_q</c>, <c>hook_k</c> and
    /// <c>hook_v</c>, at every position, each resampled position by position from inputs that agree on
    /// that token; the rest of the model runs on the input itself.
    /// </summary>
    public static ScrubHypothesis Induction(IReadOnlyList<(int Layer, int Head)> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (heads.Count == 0)
        {
            throw new ArgumentException("The induction hypothesis needs at least one induction head.");
        }
        var nodes = new List<ScrubNode>();
        foreach (var (layer, head) in heads)
        {
            nodes.Add(new ScrubNode($"blocks.{layer}.attn.hook_q", head, null, ScrubSubspace.All, ScrubFeature.Token));
            nodes.Add(new ScrubNode($"blocks.{layer}.attn.hook_k", head, null, ScrubSubspace.All, ScrubFeature.PreviousToken));
            nodes.Add(new ScrubNode($"blocks.{layer}.attn.hook_v", head, null, ScrubSubspace.All, ScrubFeature.Token));
        }
        string name = "induction(" + string.Join(",", heads.Select(h => string.Create(CultureInfo.InvariantCulture, $"L{h.Layer}H{h.Head}"))) + ")";
        return new ScrubHypothesis(name, nodes);
    }

    /// <summary>
    /// The heads the induction detector finds (score ≥ its threshold, layer ≥ 1) on the task's
    /// repeated random halves (<see cref="DetectionTokens"/>), for the induction hypothesis.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no attention, one layer, or no induction head.</exception>
    public static IReadOnlyList<(int Layer, int Head)> InductionHeads(IModel model, ITask? task)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (CircuitDetectors.WhyNoAttention(model) is { } why)
        {
            throw new ArgumentException($"The induction hypothesis is about attention heads: {why}.");
        }
        var config = ((HookedTransformer)model).Config;
        if (config.NLayers < 2)
        {
            throw new ArgumentException("The induction hypothesis needs an induction head in layer 1 or later (composed with a previous-token head before it); this model has one layer.");
        }
        var tokens = DetectionTokens.RepeatedHalves(config.NCtx, config.DVocab, task);
        var found = CircuitDetectors.Detect(model, tokens)
            .Where(d => d.Name == CircuitDetectors.Induction && d.Detected && d.Layer >= 1)
            .Select(d => (d.Layer!.Value, d.Head!.Value)).ToList();
        return found.Count > 0
            ? found
            : throw new ArgumentException($"No head scores {CircuitDetectors.AttentionThreshold} or more on the induction detector (see `algolens detect`); the induction hypothesis has no head to test. Write a hypothesis file naming the heads instead.");
    }
}
