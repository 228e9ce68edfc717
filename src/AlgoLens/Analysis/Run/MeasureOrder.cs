using AlgoLens.Analysis.Measures;

namespace AlgoLens.Analysis.Run;

/// <summary>
/// The order measures run in: each after the measures it names in
/// <see cref="ICheckpointMeasure.DependsOn"/>, and otherwise in the order given (so that the
/// registry's order fixes measures.csv's columns and the report's sections).
/// </summary>
public static class MeasureOrder
{
    /// <summary>
    /// <paramref name="measures"/> ordered so that every measure comes after its dependencies, the
    /// given order kept wherever the dependencies allow it.
    /// </summary>
    /// <exception cref="ArgumentException">Two measures share a name, a dependency is not among
    /// <paramref name="measures"/>, or dependencies form a cycle (the message names it).</exception>
    public static IReadOnlyList<ICheckpointMeasure> Sort(IReadOnlyList<ICheckpointMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var byName = new Dictionary<string, ICheckpointMeasure>(StringComparer.Ordinal);
        foreach (var measure in measures)
        {
            if (!byName.TryAdd(measure.Name, measure))
            {
                throw new ArgumentException($"Two measures are named '{measure.Name}': give each measure its own name.", nameof(measures));
            }
        }
        foreach (var measure in measures)
        {
            foreach (string dependency in measure.DependsOn)
            {
                if (!byName.ContainsKey(dependency))
                {
                    throw new ArgumentException($"Measure '{measure.Name}' depends on '{dependency}', which is not among the measures ({string.Join(", ", byName.Keys)}): add that measure (MeasureRegistry) or drop the dependency.", nameof(measures));
                }
            }
        }
        // Kahn's algorithm, taking the first ready measure in the given order each time: stable.
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<ICheckpointMeasure>(measures.Count);
        while (order.Count < measures.Count)
        {
            var next = measures.FirstOrDefault(m => !placed.Contains(m.Name) && m.DependsOn.All(placed.Contains))
                ?? throw new ArgumentException($"Measures depend on each other in a cycle ({Cycle(measures, placed, byName)}): one of them must not depend on the other.", nameof(measures));
            placed.Add(next.Name);
            order.Add(next);
        }
        return order;
    }

    // A cycle among the unplaced measures, as "a → b → a": every unplaced measure waits on an
    // unplaced dependency, so following those from any of them must come back to one already seen.
    private static string Cycle(IReadOnlyList<ICheckpointMeasure> measures, HashSet<string> placed, Dictionary<string, ICheckpointMeasure> byName)
    {
        var path = new List<string>();
        var current = measures.First(m => !placed.Contains(m.Name));
        while (!path.Contains(current.Name))
        {
            path.Add(current.Name);
            current = byName[current.DependsOn.First(d => !placed.Contains(d))];
        }
        var cycle = path.Skip(path.IndexOf(current.Name)).Append(current.Name);
        return string.Join(" → ", cycle);
    }
}
