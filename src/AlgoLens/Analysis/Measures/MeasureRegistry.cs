using AlgoLens.Analysis.Grokking;

namespace AlgoLens.Analysis.Measures;

/// <summary>
/// The built-in measures, in the order <c>analyze</c> runs them (each after the measures it names in
/// <see cref="ICheckpointMeasure.DependsOn"/>), measures.csv lists their columns and the report
/// shows their sections. Add a measure here with one line. Each call makes fresh instances: a
/// measure may keep per-run state between <see cref="ICheckpointMeasure.Prepare"/> and <see cref="ICheckpointMeasure.Finish"/>.
/// </summary>
public static class MeasureRegistry
{
    // Measures registered at run time (a user's own, directly or through a plugin assembly), after
    // the built-in ones. Replaced whole under RegisterLock, read as a snapshot.
    private static readonly Lock RegisterLock = new();
    private static volatile RegisteredMeasure[] registered = [];

    /// <summary>Fresh instances of every built-in measure, then of every registered one.</summary>
    public static IReadOnlyList<ICheckpointMeasure> Create() =>
    [
        new LossesMeasure(),
        new WeightNormsMeasure(),
        new AttentionEntropyMeasure(),
        new Circuits.CircuitDetectorsMeasure(),
        new GrokkingMeasure(),
        new Groups.GroupIrrepsMeasure(),
        new Superposition.SuperpositionMeasure(),
        .. registered.Select(r => r.Create()),
    ];

    /// <summary>
    /// Adds a measure of the user's own: <paramref name="create"/> makes a fresh instance for each
    /// analysis. One instance is made here, to read its name.
    /// </summary>
    /// <exception cref="ArgumentException">The measure has no name, or a measure of that name exists (built in or registered).</exception>
    public static void Register(Func<ICheckpointMeasure> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        string name = create().Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("Cannot register a measure without a name; give its Name a short snake_case word (e.g. my_measure).");
        }
        lock (RegisterLock)
        {
            if (Create().Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"A measure named '{name}' is already registered (built in, or registered earlier); give the measure another name.");
            }
            registered = [.. registered, new RegisteredMeasure(name, create)];
        }
    }

    /// <summary>Whether a measure named <paramref name="name"/> is built in or registered (case-insensitive).</summary>
    public static bool Contains(string name) => Create().Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    private sealed record RegisteredMeasure(string Name, Func<ICheckpointMeasure> Create);
}
