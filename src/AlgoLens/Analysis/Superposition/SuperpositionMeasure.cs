using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Reports.Html;
using AlgoLens.Tasks;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Superposition;

/// <summary>
/// Toy models of superposition (Elhage et al. 2022) per checkpoint: for each instance, how many
/// features it stores (‖W_i‖ &gt; 0.5), their mean dimensionality D_i and its own loss; at the final
/// checkpoint the whole geometry (artefact <c>superposition</c>: norms, D_i, superposition, W, WᵀW
/// per instance), drawn as the paper's figures. Applies to toy-superposition runs on sparse-features.
/// </summary>
public sealed class SuperpositionMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name, also its artefact's.</summary>
    public const string MeasureName = "superposition";

    /// <inheritdoc/>
    public string Name => MeasureName;

    /// <inheritdoc/>
    public string Description => "toy models of superposition: stored features, feature dimensionality D_i and loss per instance";

    private IReadOnlyList<InstanceGeometry>? final;

    /// <summary>The column of instance <paramref name="instance"/>'s <paramref name="quantity"/>.</summary>
    public static string Column(int instance, string quantity) => string.Create(CultureInfo.InvariantCulture, $"instance_{instance}.{quantity}");

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Info.ModelKind != ToySuperpositionModel.KindName)
        {
            return $"the model kind '{run.Info.ModelKind}' is not {ToySuperpositionModel.KindName}";
        }
        return run.Task is SparseFeaturesTask ? null : $"the task '{run.Task.Name}' is not {SparseFeaturesTask.TaskName} (the importances and sparsities come from it)";
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var instances = Read(context.Run, context.Model);
        var values = new Dictionary<string, double>();
        foreach (var g in instances)
        {
            values[Column(g.Instance, "stored_features")] = g.StoredFeatures;
            values[Column(g.Instance, "mean_dimensionality")] = g.Dimensionality.Average();
            values[Column(g.Instance, "loss")] = g.Loss;
        }
        return values;
    }

    /// <inheritdoc/>
    public void Finish(MeasureFinishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        final = Read(context.Run, context.FinalModel);
        context.WriteArtefact(MeasureName, final);
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> Highlights =>
        final is null ? [] :
        [
            new("features stored per instance", string.Join(", ", final.Select(g => g.StoredFeatures.ToString(CultureInfo.InvariantCulture)))),
            new("mean D_i per instance", string.Join(", ", final.Select(g => g.Dimensionality.Average().ToString("0.###", CultureInfo.InvariantCulture)))),
        ];

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var instances = Artefacts.Read<InstanceGeometry[]>(context.RunDirectory, MeasureName);
        var section = context.Page.AddSection("Toy models of superposition")
            .Paragraph("Each instance squeezes n features into m dimensions at its own sparsity S and importance decay r. A feature is stored when ‖W_i‖ > 0.5; its dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² is 1 for a dimension of its own, 1/2 for an antipodal pair, 2/5 for a pentagon.");
        var table = new HtmlTable("instance", "sparsity S", "importance decay r", "stored features", "mean D_i", "loss") { Caption = "Each instance at the last analysed checkpoint." };
        foreach (var g in instances)
        {
            table.AddRow(g.Instance, g.Sparsity, g.ImportanceDecay, g.StoredFeatures, g.Dimensionality.Average(), g.Loss);
        }
        section.Table(table);
        int m = instances.Length == 0 || instances[0].Columns.Length == 0 ? 0 : instances[0].Columns[0].Length;
        if (m == 2)
        {
            section.Figure(SuperpositionFigures.Columns2D(instances), "Each feature's direction W_i in the two hidden dimensions, per instance: dense instances keep the most important features orthogonal, sparse ones fit more as antipodal pairs and polygons.", "superposition-columns");
        }
        section.Figure(SuperpositionFigures.GramHeatmaps(instances), "WᵀW per instance: the diagonal is ‖W_i‖², off-diagonal cells are interference between features.", "superposition-gram");
        section.Figure(SuperpositionFigures.DimensionalityBySparsity(instances), "D_i of every feature of every instance against 1/(1 − S) (log scale), with m/‖W‖²_F per instance and the fractions the paper finds (dashed).", "superposition-dimensionality");
        if (PhaseDiagram.Applies(instances))
        {
            section.Figure(SuperpositionFigures.PhaseDiagramChart(PhaseDiagram.Of(instances)), "Which solution each setting finds (of the instances at one setting, the lowest loss): feature 2 ignored, stored in the one dimension (feature 1 dropped), or antipodal to feature 1.", "superposition-phase-diagram");
        }
        var stored = new Reports.Charts.LineChart { Title = "Features stored per instance during training" };
        stored.XAxis.Title = "step";
        stored.YAxis.Title = "features with ‖W_i‖ > 0.5";
        foreach (var g in instances.Take(SuperpositionFigures.MaxPanels))
        {
            stored.Add(string.Create(CultureInfo.InvariantCulture, $"S = {g.Sparsity:0.###}, r = {g.ImportanceDecay:0.###}"), context.Steps, context.Table.Column(Column(g.Instance, "stored_features")));
        }
        section.Figure(stored, "How many features each instance stores, at every analysed checkpoint.", "superposition-stored");
    }

    private static IReadOnlyList<InstanceGeometry> Read(RunFolder run, Models.IModel model) =>
        ToyModelGeometry.Of(model as ToySuperpositionModel ?? throw new ArgumentException($"The superposition measure reads a {ToySuperpositionModel.KindName} model; this one is {model.Kind}."), (SparseFeaturesTask)run.Task);
}
