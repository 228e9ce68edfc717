namespace AlgoLens.Analysis.Dictionary;

/// <summary>What <see cref="DictionaryStudy.Run"/> fits and where.</summary>
public sealed record DictionaryStudyOptions
{
    /// <summary>The fewest examples a study takes: enough for a held-out fifth of at least a few rows.</summary>
    public const int MinimumExamples = 20;

    /// <summary>Examples drawn from a sampled task when <see cref="Examples"/> is not given.</summary>
    public const int DefaultSampledExamples = 4096;

    /// <summary>The hook, full name or shorthand (e.g. blocks.0.mlp.hook_post, post0, hook_hidden).</summary>
    public string Hook { get; init; } = "";

    /// <summary>The method's name (<see cref="DictionaryMethods.Names"/>).</summary>
    public string Method { get; init; } = "pca";

    /// <summary>Number of atoms k.</summary>
    public int Components { get; init; } = 8;

    /// <summary>The checkpoint (null: the newest).</summary>
    public int? Step { get; init; }

    /// <summary>The position whose activations are the rows (negative from the end; null: the task's last loss position).</summary>
    public int? Position { get; init; }

    /// <summary>
    /// How many examples: for an enumerated task a seeded subset of that size (null: all of them,
    /// e.g. all p² pairs of a modular task); for a sampled task that many fresh samples (null: 4096).
    /// </summary>
    public int? Examples { get; init; }

    /// <summary>Seed of the sampling, the held-out split and the method.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The method's iteration cap (null: its default).</summary>
    public int? MaxIterations { get; init; }

    /// <summary>The share of the rows held out for the reconstruction error and the spliced loss.</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>The methods' own settings.</summary>
    public DictionaryMethodSettings Settings { get; init; } = new();
}
