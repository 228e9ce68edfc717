using System.Text.Json;
using System.Text.Json.Serialization;
using AlgoLens.Common;

namespace AlgoLens.Models.ToySuperposition;

/// <summary>
/// The shape of a toy model of superposition (Elhage et al. 2022): <c>n_instances</c> independent
/// models, each mapping n_features inputs through d_hidden dimensions and back. JSON field names are
/// snake_case, as the paper's notebook (<c>n_features</c>, <c>n_hidden</c> is called <c>d_hidden</c>
/// here, TransformerLens-style).
/// </summary>
public sealed record ToySuperpositionConfig : IModelConfig
{
    /// <inheritdoc/>
    [JsonIgnore]
    public string Kind => ToySuperpositionModel.KindName;

    /// <summary>Number of features n: the input and output width of each instance.</summary>
    public int NFeatures { get; init; } = 5;

    /// <summary>Hidden dimensions m per instance (superposition needs m &lt; n).</summary>
    public int DHidden { get; init; } = 2;

    /// <summary>Independent instances trained at once (the notebook varies feature sparsity over them).</summary>
    public int NInstances { get; init; } = 10;

    /// <summary>"relu" for x' = ReLU(Wᵀh + b), or "none" for the paper's linear model x' = Wᵀh + b.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Seed of W's initialisation.</summary>
    public int Seed { get; init; }

    /// <summary>True when the output passes through a ReLU.</summary>
    [JsonIgnore]
    public bool UsesRelu => Activation == "relu";

    /// <inheritdoc/>
    public IModelConfig WithTaskShape(TaskShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.InputWidth <= 0)
        {
            throw new ModelConfigException("This task gives token input; the toy model of superposition reads real feature vectors [batch, n_instances, n_features]. Use a task with real-valued input such as sparse-features.");
        }
        if (!shape.RealOutputs || shape.OutputWidth != shape.InputWidth)
        {
            throw new ModelConfigException($"The toy model of superposition reconstructs its input, so the task's targets must be real values of the input's width ({shape.InputWidth}); this task has {(shape.RealOutputs ? $"{shape.OutputWidth} real outputs" : "class targets")}.");
        }
        return this with { NFeatures = shape.InputWidth, NInstances = shape.SequenceLength, Seed = seed };
    }

    /// <summary>Serialises to JSON (snake_case).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);

    /// <inheritdoc/>
    public long ParameterCount() => (long)NInstances * DHidden * NFeatures + (long)NInstances * NFeatures;

    /// <summary>n_instances·(4·n_features + 2·d_hidden): each instance's layer widths, counted as the transformer counts its own.</summary>
    public long ActivationFloatsPerExample() => (long)NInstances * (4L * NFeatures + 2L * DHidden);

    /// <summary>Parses and validates a JSON config; unknown fields are refused.</summary>
    public static ToySuperpositionConfig FromJson(string json, string source = "model config")
    {
        return ModelConfigJson.Read<ToySuperpositionConfig>(json, source, "n_features, d_hidden, n_instances, activation, seed");
    }

    /// <summary>Throws a <see cref="ModelConfigException"/> listing every problem and how to fix it.</summary>
    public void Validate(string source = "model config")
    {
        var problems = new ConfigProblems();
        problems.Positive("n_features", NFeatures);
        problems.Positive("d_hidden", DHidden);
        problems.Positive("n_instances", NInstances);
        if (Activation is not ("relu" or "none"))
        {
            problems.Add($"activation '{Activation}' is not supported; use relu (the ReLU output model) or none (the linear model).");
        }
        if ((long)NInstances * DHidden * NFeatures > 100_000_000L)
        {
            problems.Add("n_instances × d_hidden × n_features is over 100 million; toy models are meant to be tiny.");
        }
        problems.ThrowIfAny(source);
    }
}
