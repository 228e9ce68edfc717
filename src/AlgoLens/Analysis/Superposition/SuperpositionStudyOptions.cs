namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// A toy-models-of-superposition study: n features in m dimensions, one instance per (importance
/// decay, sparsity, copy), all trained together as the paper's batched instances. Training follows
/// the paper's notebook: Adam (β = 0.9, 0.999) at 1e-3, no weight decay or warm-up, 1024 fresh
/// examples a step.
/// </summary>
public sealed record SuperpositionStudyOptions
{
    /// <summary>Features n per instance.</summary>
    public int Features { get; init; } = 5;

    /// <summary>Hidden dimensions m (m ≥ n is allowed: every feature can then have its own dimension).</summary>
    public int Dims { get; init; } = 2;

    /// <summary>The sparsities S, each in [0, 1).</summary>
    public IReadOnlyList<double> Sparsities { get; init; } = [0, 0.7, 0.9, 0.97, 0.99];

    /// <summary>Importance decays r (feature i weighs r^i); null for the task's 0.9. Several give the grid sparsity × importance.</summary>
    public IReadOnlyList<double>? ImportanceDecays { get; init; }

    /// <summary>Instances per (importance, sparsity) setting, each from its own initialisation (the lowest loss speaks for the setting in the phase diagram).</summary>
    public int Copies { get; init; } = 1;

    /// <summary>Training steps.</summary>
    public int Steps { get; init; } = 5000;

    /// <summary>Examples per step.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of initialisation and data.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every setting; the messages name the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Features < 1)
        {
            problems.Add($"features is {Features}; give at least 1 feature (--features 5).");
        }
        if (Dims < 1)
        {
            problems.Add($"dims is {Dims}; give at least 1 hidden dimension (--dims 2).");
        }
        if (Sparsities is null || Sparsities.Count == 0)
        {
            problems.Add("no sparsity given; list one or more in [0, 1), e.g. --sparsity 0,0.9,0.99.");
        }
        else
        {
            problems.AddRange(Sparsities.Where(s => !(s >= 0 && s < 1)).Take(1).Select(bad =>$"sparsity {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside [0, 1); S is the probability that a feature is zero (e.g. 0, 0.9, 0.99)."));
        }
        if (ImportanceDecays is { } decays && (decays.Count == 0 || decays.Any(r => !(r > 0 && double.IsFinite(r)))))
        {
            problems.Add("an importance decay is not a positive number; feature i weighs r^i, so give r > 0 (1 for equal importance).");
        }
        if (Copies < 1)
        {
            problems.Add($"instances is {Copies}; give at least 1 instance per setting.");
        }
        if (Steps < 1)
        {
            problems.Add($"steps is {Steps}; train for at least 1 step.");
        }
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
        {
            problems.Add($"learning rate is {LearningRate}; use a positive number such as 1e-3.");
        }
        if (BatchSize < 1)
        {
            problems.Add($"batch size is {BatchSize}; give at least 1 example a step (1024 as the paper).");
        }
        if (problems.Count == 0 && InstanceCount > 10_000)
        {
            problems.Add($"{InstanceCount} instances is over 10000; give fewer sparsities, importances or instances per setting.");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("The superposition study cannot run: " + string.Join(" ", problems));
        }
    }

    /// <summary>Instances in all: importances × sparsities × copies.</summary>
    public int InstanceCount => (ImportanceDecays?.Count ?? 1) * (Sparsities?.Count ?? 0) * Copies;
}
