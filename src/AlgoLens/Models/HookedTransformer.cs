using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Models;

/// <summary>
/// A decoder-only transformer with TransformerLens's parameter names, shapes and hook points
/// (see <see cref="HookNames"/>). Parameters are held in TransformerLens's state-dict order.
/// </summary>
public sealed partial class HookedTransformer
{
    private readonly Dictionary<string, Tensor> parameters = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Creates a model with freshly initialised parameters (see <see cref="HookedTransformerConfig.InitScheme"/>).</summary>
    public HookedTransformer(HookedTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        foreach (var (name, shape) in ParameterShapes(config))
        {
            var tensor = Tensor.Parameter(new float[Shape.Size(shape)], shape, name);
            tensor.RequiresGrad = IsTrainable(config, name);
            parameters[name] = tensor;
            order.Add(name);
        }
        ParameterInit.Initialise(this, new Rng((ulong)config.Seed));
    }

    /// <summary>The model's configuration.</summary>
    public HookedTransformerConfig Config { get; }

    /// <summary>Parameter names in TransformerLens's state-dict order.</summary>
    public IReadOnlyList<string> ParameterNames => order;

    /// <summary>All parameters in state-dict order (frozen ones included).</summary>
    public IReadOnlyList<Tensor> Parameters => order.Select(n => parameters[n]).ToList();

    /// <summary>The parameters that train (RequiresGrad).</summary>
    public IReadOnlyList<Tensor> TrainableParameters => Parameters.Where(p => p.RequiresGrad).ToList();

    /// <summary>A parameter by its TransformerLens name, e.g. <c>blocks.0.attn.W_Q</c>.</summary>
    public Tensor this[string name] =>
        parameters.TryGetValue(name, out var p)
            ? p
            : throw new KeyNotFoundException($"The model has no parameter '{name}'. Parameters: {string.Join(", ", order)}.");

    /// <summary>True when the model has a parameter of that name.</summary>
    public bool HasParameter(string name) => parameters.ContainsKey(name);

    /// <summary>Copies values into a parameter, checking the shape.</summary>
    public void SetParameter(string name, float[] values, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        var p = this[name];
        if (!p.Shape.SequenceEqual(shape))
        {
            throw new ArgumentException($"Parameter '{name}' has shape {p.ShapeString} but the given values have shape {Shape.Format(shape)}.");
        }
        values.AsSpan().CopyTo(p.Data);
    }

    /// <summary>Sum over all parameters of the sum of squared entries (a progress measure of grokking).</summary>
    public double SumOfSquaredWeights()
    {
        double total = 0;
        foreach (var p in Parameters)
        {
            foreach (float v in p.Data)
            {
                total += (double)v * v;
            }
        }
        return total;
    }

    /// <summary>Parameter names and shapes for a config, in TransformerLens's state-dict order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> ParameterShapes(HookedTransformerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int d = config.DModel, h = config.NHeads, dh = config.DHead;
        yield return ("embed.W_E", [config.DVocab, d]);
        yield return ("pos_embed.W_pos", [config.NCtx, d]);
        for (int l = 0; l < config.NLayers; l++)
        {
            string b = $"blocks.{l}.";
            if (config.UsesLayerNorm)
            {
                yield return (b + "ln1.w", [d]);
                yield return (b + "ln1.b", [d]);
            }
            yield return (b + "attn.W_Q", [h, d, dh]);
            yield return (b + "attn.W_K", [h, d, dh]);
            yield return (b + "attn.W_V", [h, d, dh]);
            yield return (b + "attn.W_O", [h, dh, d]);
            yield return (b + "attn.b_Q", [h, dh]);
            yield return (b + "attn.b_K", [h, dh]);
            yield return (b + "attn.b_V", [h, dh]);
            yield return (b + "attn.b_O", [d]);
            if (!config.AttnOnly)
            {
                if (config.UsesLayerNorm)
                {
                    yield return (b + "ln2.w", [d]);
                    yield return (b + "ln2.b", [d]);
                }
                yield return (b + "mlp.W_in", [d, config.DMlp]);
                yield return (b + "mlp.b_in", [config.DMlp]);
                yield return (b + "mlp.W_out", [config.DMlp, d]);
                yield return (b + "mlp.b_out", [d]);
            }
        }
        if (config.UsesLayerNorm)
        {
            yield return ("ln_final.w", [d]);
            yield return ("ln_final.b", [d]);
        }
        yield return ("unembed.W_U", [d, config.OutputVocab]);
        yield return ("unembed.b_U", [config.OutputVocab]);
    }

    private static bool IsTrainable(HookedTransformerConfig config, string name)
    {
        string leaf = name[(name.LastIndexOf('.') + 1)..];
        bool isBias = leaf.StartsWith("b_", StringComparison.Ordinal) && !name.Contains(".ln", StringComparison.Ordinal);
        if (!isBias)
        {
            return true;
        }
        return config.TrainableBiases switch
        {
            "all" => true,
            "mlp" => name.Contains(".mlp.", StringComparison.Ordinal),
            _ => false,
        };
    }
}
