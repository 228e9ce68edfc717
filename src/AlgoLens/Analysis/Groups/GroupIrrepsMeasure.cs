using System.Globalization;
using AlgoLens.Analysis.Measures;
using AlgoLens.Models;
using AlgoLens.Reports.Charts;
using AlgoLens.Reports.Html;
using AlgoLens.Training;

namespace AlgoLens.Analysis.Groups;

/// <summary>
/// Chughtai, Chan and Nanda's (2023) universality analysis at every checkpoint of a
/// group-composition run (<see cref="Universality"/>): per non-trivial irrep ρ, the columns
/// <c>group_irreps.embed.ρ</c>, <c>.neurons_a.ρ</c>, <c>.neurons_b.ρ</c>, <c>.logits.ρ</c> (shares of
/// the variance in the span of ρ's matrix elements) and <c>.logit_fit.ρ</c> (the share χ_ρ(a·b·c⁻¹)
/// explains); <c>group_irreps.key_irreps</c> (how many irreps explain ≥ 5% each) and
/// <c>group_irreps.key_logit_fit</c> (what they explain together). The artefact
/// <c>group_irreps.json</c> holds the irreps, the character table and the final key irreps.
/// </summary>
public sealed class GroupIrrepsMeasure : ICheckpointMeasure
{
    /// <summary>The measure's name and column prefix.</summary>
    public const string MeasureName = "group_irreps";

    private static readonly string[] Parts = ["embed", "neurons_a", "neurons_b", "logits", "logit_fit"];

    private IrrepSpans? spans;

    /// <inheritdoc/>
    public string Name => MeasureName;

    /// <inheritdoc/>
    public string Description => "per irrep of the group: shares of the embedding, neurons and logits in its matrix elements' span, and the logit fit by its character";

    /// <summary>The analysis of the last checkpoint measured, with the final model's key irreps (set by <see cref="Finish"/>).</summary>
    public UniversalityResult? Final { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, string>> Highlights => Final is { } f
        ?
        [
            new("key irreps", f.KeyIrreps.Count == 0 ? "none" : string.Join(", ", f.KeyIrreps)),
            new("logit variance they explain", f.KeyLogitFit.ToString("P1", CultureInfo.InvariantCulture)),
        ]
        : [];

    /// <inheritdoc/>
    public string? WhyNotApplicable(RunFolder run) => GroupModelReadout.WhyNot(run);

    /// <inheritdoc/>
    public void Prepare(RunFolder run, IModel finalModel, int finalStep)
    {
        ArgumentNullException.ThrowIfNull(run);
        spans = new IrrepSpans(GroupIrreps.Of(GroupModelReadout.GroupOf(run.Task)!));
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> Measure(CheckpointContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = Analyse(context.Model);
        var values = new Dictionary<string, double>
        {
            [MeasureName + ".key_irreps"] = result.KeyIrreps.Count,
            [MeasureName + ".key_logit_fit"] = result.KeyLogitFit,
        };
        IReadOnlyList<double>[] columns = [result.Embedding, result.NeuronsA, result.NeuronsB, result.Logits, result.LogitFit];
        for (int part = 0; part < Parts.Length; part++)
        {
            for (int r = 1; r < result.Names.Count; r++)
            {
                values[$"{MeasureName}.{Parts[part]}.{result.Names[r]}"] = columns[part][r];
            }
        }
        return values;
    }

    /// <inheritdoc/>
    public void Finish(MeasureFinishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Final = Analyse(context.FinalModel);
        var irreps = spans!.Irreps;
        var table = irreps.Characters;
        context.WriteArtefact(MeasureName, new GroupIrrepsArtefact
        {
            Group = irreps.Group.Name,
            Order = irreps.Group.Order,
            Irreps = irreps.Irreps.Select(r => new IrrepInfo(r.Name, r.Dimension, r.Type.ToString().ToLowerInvariant())).ToArray(),
            ClassRepresentatives = table.Classes.Select(c => irreps.Group.ElementNames[c[0]]).ToArray(),
            ClassSizes = table.Classes.Select(c => c.Length).ToArray(),
            CharacterNames = table.Names,
            CharactersReal = table.Values.Select(row => row.Select(v => Math.Round(v.Real, 9)).ToArray()).ToArray(),
            CharactersImaginary = table.Values.Select(row => row.Select(v => Math.Round(v.Imaginary, 9)).ToArray()).ToArray(),
            FinalStep = context.FinalStep,
            KeyIrreps = Final.KeyIrreps,
            KeyLogitFit = Final.KeyLogitFit,
        });
    }

    /// <inheritdoc/>
    public void Report(MeasureReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.Table;
        string fitPrefix = MeasureName + ".logit_fit.";
        string[] names = context.Measure.Columns.Where(c => c.StartsWith(fitPrefix, StringComparison.Ordinal)).Select(c => c[fitPrefix.Length..]).ToArray();
        double[] steps = context.Steps;
        var finalFit = names.ToDictionary(n => n, n => data.Column(fitPrefix + n)[^1]);
        var shown = names.OrderByDescending(n => finalFit[n]).Take(6).ToArray();
        var chart = new LineChart { Title = "Logit variance explained by χ_ρ(a·b·c⁻¹), per irrep" };
        chart.XAxis.Title = "step";
        chart.YAxis.Title = "share of logit variance";
        foreach (string n in shown)
        {
            chart.Add(n, steps, data.Column(fitPrefix + n));
        }
        chart.Add("key irreps together", steps, data.Column(MeasureName + ".key_logit_fit"), dashed: true);

        var table = new HtmlTable("irrep", "embedding", "neurons (a)", "neurons (b)", "logits (c)", "logit fit χ(a·b·c⁻¹)")
        {
            Caption = $"Shares of variance per irrep at step {data.Steps[^1]}; key irreps (fit ≥ {Universality.KeyThreshold:P0}) highlighted",
        };
        int row = 0;
        foreach (string n in names)
        {
            table.AddRow(n, At(data, "embed", n), At(data, "neurons_a", n), At(data, "neurons_b", n), At(data, "logits", n), At(data, "logit_fit", n));
            if (finalFit[n] >= Universality.KeyThreshold)
            {
                table.Highlight(row, 0).Highlight(row, 5);
            }
            row++;
        }
        var keys = names.Where(n => finalFit[n] >= Universality.KeyThreshold).OrderByDescending(n => finalFit[n]).ToArray();
        context.Page.AddSection("Group representations (universality)")
            .Paragraph($"Chughtai, Chan and Nanda (2023): a model of group composition learns a few irreducible representations ρ and reads the answer c off χ_ρ(a·b·c⁻¹). " +
                $"Key irreps at the last step: {(keys.Length == 0 ? "none" : string.Join(", ", keys))}, explaining {data.Column(MeasureName + ".key_logit_fit")[^1].ToString("P1", CultureInfo.InvariantCulture)} of the logit variance.")
            .Figure(chart, "Share of the centred logits' variance that each irrep's character χ_ρ(a·b·c⁻¹) explains (the six largest at the last step), and the key irreps' total (dashed).", "group-irreps-logit-fit")
            .Table(table);
    }

    private static TableCell At(MeasureTable data, string part, string irrep) =>
        new(data.Column($"{MeasureName}.{part}.{irrep}")[^1], "0.000");

    private UniversalityResult Analyse(IModel model)
    {
        var s = spans ?? throw new InvalidOperationException("Prepare was not called.");
        var (embedding, neurons, logits) = GroupModelReadout.Read(model, s.Irreps.Group.Order);
        return Universality.Analyse(s, embedding, neurons, logits);
    }
}

/// <summary>analysis/artefacts/group_irreps.json: the group's irreps, its character table (real and imaginary parts, [character][class]) and the final key irreps.</summary>
public sealed record GroupIrrepsArtefact
{
    /// <summary>The group's name.</summary>
    public string Group { get; init; } = "";

    /// <summary>|G|.</summary>
    public int Order { get; init; }

    /// <summary>The real irreps.</summary>
    public IReadOnlyList<IrrepInfo> Irreps { get; init; } = [];

    /// <summary>Each conjugacy class's first element, by name.</summary>
    public IReadOnlyList<string> ClassRepresentatives { get; init; } = [];

    /// <summary>Each class's size.</summary>
    public IReadOnlyList<int> ClassSizes { get; init; } = [];

    /// <summary>The complex characters' names (rows of the table).</summary>
    public IReadOnlyList<string> CharacterNames { get; init; } = [];

    /// <summary>[character][class]: real parts.</summary>
    public IReadOnlyList<double[]> CharactersReal { get; init; } = [];

    /// <summary>[character][class]: imaginary parts.</summary>
    public IReadOnlyList<double[]> CharactersImaginary { get; init; } = [];

    /// <summary>The step of the final model.</summary>
    public int FinalStep { get; init; }

    /// <summary>The final model's key irreps, by logit fit, descending.</summary>
    public IReadOnlyList<string> KeyIrreps { get; init; } = [];

    /// <summary>The logit variance they explain together.</summary>
    public double KeyLogitFit { get; init; }
}

/// <summary>One real irrep in the artefact.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Dimension">Its real dimension.</param>
/// <param name="Type">"real" or "complex".</param>
public sealed record IrrepInfo(string Name, int Dimension, string Type);
