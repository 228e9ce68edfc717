namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// Every method's own settings, in one record so that the registry and the command line pass them
/// through by name: each method reads its own and ignores the rest.
/// </summary>
public sealed record DictionaryMethodSettings
{
    /// <summary>NMF's update rule: "cd" (coordinate descent, the default) or "mu" (multiplicative updates).</summary>
    public string NmfSolver { get; init; } = "cd";

    /// <summary>Stopping tolerance of NMF and FastICA.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The sparse autoencoder's L1 coefficient on the codes (ignored with <see cref="TopK"/>); null: its default.</summary>
    public double? L1Coefficient { get; init; }

    /// <summary>The sparse autoencoder's k of a top-k activation (null: ReLU with the L1 penalty).</summary>
    public int? TopK { get; init; }

    /// <summary>The sparse autoencoder's training epochs over the rows; null: its default.</summary>
    public int? Epochs { get; init; }

    /// <summary>The sparse autoencoder's learning rate; null: its default.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The sparse autoencoder's minibatch size; null: its default.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The autoencoder's options: its defaults (<see cref="SparseAutoencoderOptions"/>) where a setting is null.</summary>
    public SparseAutoencoderOptions ReadSparseAutoencoderOptions()
    {
        var defaults = new SparseAutoencoderOptions();
        return defaults with
        {
            L1Coefficient = L1Coefficient ?? defaults.L1Coefficient,
            TopK = TopK,
            Epochs = Epochs ?? defaults.Epochs,
            LearningRate = LearningRate ?? defaults.LearningRate,
            BatchSize = BatchSize ?? defaults.BatchSize,
        };
    }

    /// <summary>The NMF solver named by <see cref="NmfSolver"/>, or an error naming the choices.</summary>
    public NmfSolver ReadNmfSolver() => NmfSolver switch
    {
        "cd" => global::AlgoLens.Analysis.Dictionary.NmfSolver.CoordinateDescent,
        "mu" => global::AlgoLens.Analysis.Dictionary.NmfSolver.Multiplicative,
        _ => throw new ArgumentException($"Unknown NMF solver '{NmfSolver}'; use cd (coordinate descent) or mu (multiplicative updates)."),
    };
}
