using AlgoLens.Tensors;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Models;

/// <summary>
/// A model's parameters in state-dict order, each with the <see cref="ParameterSpec"/> its component
/// declared. Components add their parameters while the model is built; the order of adding is the
/// state-dict order and the order of initialisation draws.
/// </summary>
public sealed class ParameterStore
{
    private readonly Dictionary<string, (ParameterSpec Spec, Tensor Value)> byName = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Declares a parameter and returns its (zero-filled) tensor.</summary>
    public Tensor Add(ParameterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tensor = Tensor.Parameter(new float[Shape.Size(spec.Shape)], spec.Shape, spec.Name);
        tensor.RequiresGrad = spec.Trainable;
        if (!byName.TryAdd(spec.Name, (spec, tensor)))
        {
            throw new InvalidOperationException($"Parameter '{spec.Name}' is declared twice.");
        }
        order.Add(spec.Name);
        return tensor;
    }

    /// <summary>Names in state-dict order.</summary>
    public IReadOnlyList<string> Names => order;

    /// <summary>Every spec in state-dict order.</summary>
    public IEnumerable<ParameterSpec> Specs => order.Select(n => byName[n].Spec);

    /// <summary>The tensors in state-dict order.</summary>
    public IReadOnlyList<Tensor> Tensors => order.Select(n => byName[n].Value).ToList();

    /// <summary>A parameter by name, or an error listing the parameters.</summary>
    public Tensor this[string name] =>
        byName.TryGetValue(name, out var entry)
            ? entry.Value
            : throw new KeyNotFoundException($"The model has no parameter '{name}'. Parameters: {string.Join(", ", order)}.");

    /// <summary>The declared spec of a parameter.</summary>
    public ParameterSpec Spec(string name) =>
        byName.TryGetValue(name, out var entry)
            ? entry.Spec
            : throw new KeyNotFoundException($"The model has no parameter '{name}'. Parameters: {string.Join(", ", order)}.");

    /// <summary>True when a parameter of that name exists.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>Fills every parameter as its spec says, drawing normals from <paramref name="rng"/> in state-dict order.</summary>
    public void Initialise(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        foreach (string name in order)
        {
            var (spec, tensor) = byName[name];
            switch (spec.Init)
            {
                case ParameterInit.Constant c:
                    Array.Fill(tensor.Data, c.Value);
                    break;
                case ParameterInit.NormalInit n:
                    rng.FillNormal(tensor.Data, 0f, n.Std);
                    break;
                case ParameterInit.UniformInit u:
                    rng.FillUniform(tensor.Data, -u.Bound, u.Bound);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown initialisation {spec.Init} for '{name}'.");
            }
        }
    }
}
