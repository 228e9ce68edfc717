namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// The paper's phase diagram for two features in one dimension (n = 2, m = 1): over feature
/// sparsity S and the second feature's relative importance r (importances 1 and r, i.e. the
/// importance decay), which of three solutions the model finds. Feature 2 ignored (feature 1 holds
/// the dimension), feature 2 dedicated (it holds the dimension and feature 1 is dropped: the only
/// orthogonal storage one dimension allows), or antipodal superposition (both stored, W_2 = −W_1).
/// Where several instances share a setting, the one of lowest loss speaks for it, as in the paper.
/// </summary>
public sealed record PhaseDiagram(double[] Sparsities, double[] RelativeImportances, string[,] Phases)
{
    /// <summary>Feature 2 is not represented; feature 1 has the dimension.</summary>
    public const string Ignored = "feature 2 ignored";

    /// <summary>Feature 2 has the dimension; feature 1 is not represented.</summary>
    public const string Dedicated = "feature 2 dedicated";

    /// <summary>Both features stored, in opposite directions.</summary>
    public const string Antipodal = "antipodal superposition";

    /// <summary>Neither feature represented, or both in the same direction (not one of the paper's phases).</summary>
    public const string Other = "neither";

    /// <summary>The phases in the order the figure numbers them (0, 1, 2, 3).</summary>
    public static IReadOnlyList<string> Order { get; } = [Ignored, Antipodal, Dedicated, Other];

    /// <summary>The phase's number in <see cref="Order"/>.</summary>
    public static int IndexOf(string phase) => Order.ToList().IndexOf(phase);

    /// <summary>The phase of an instance with n = 2, m = 1.</summary>
    /// <exception cref="ArgumentException">The instance is not two features in one dimension.</exception>
    public static string Classify(InstanceGeometry instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Columns.Length != 2 || instance.Columns[0].Length != 1)
        {
            throw new ArgumentException($"The phase diagram is the paper's for n = 2 features in m = 1 dimension; this instance has n = {instance.Columns.Length}, m = {(instance.Columns.Length == 0 ? 0 : instance.Columns[0].Length)}.");
        }
        bool first = instance.FeatureNorms[0] > FeatureGeometry.StoredNorm, second = instance.FeatureNorms[1] > FeatureGeometry.StoredNorm;
        return (first, second) switch
        {
            (true, false) => Ignored,
            (false, true) => Dedicated,
            (true, true) when instance.Columns[0][0] * instance.Columns[1][0] < 0 => Antipodal,
            _ => Other,
        };
    }

    /// <summary>True when the instances are n = 2, m = 1 and span at least two sparsities and two importances.</summary>
    public static bool Applies(IReadOnlyList<InstanceGeometry> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return instances.Count > 0 && instances.All(g => g.Columns.Length == 2 && g.Columns[0].Length == 1)
            && instances.Select(g => g.Sparsity).Distinct().Count() > 1
            && instances.Select(g => g.ImportanceDecay).Distinct().Count() > 1;
    }

    /// <summary>The diagram of the instances: rows relative importance (ascending), columns sparsity (ascending); empty cells are null.</summary>
    public static PhaseDiagram Of(IReadOnlyList<InstanceGeometry> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var sparsities = instances.Select(g => g.Sparsity).Distinct().Order().ToArray();
        var importances = instances.Select(g => g.ImportanceDecay).Distinct().Order().ToArray();
        var phases = new string[importances.Length, sparsities.Length];
        foreach (var cell in instances.GroupBy(g => (g.ImportanceDecay, g.Sparsity)))
        {
            // The best of the instances at this setting: NaN losses (not measured) last.
            var best = cell.OrderBy(g => double.IsNaN(g.Loss) ? double.PositiveInfinity : g.Loss).ThenBy(g => g.Instance).First();
            phases[Array.IndexOf(importances, cell.Key.ImportanceDecay), Array.IndexOf(sparsities, cell.Key.Sparsity)] = Classify(best);
        }
        return new PhaseDiagram(sparsities, importances, phases);
    }
}
