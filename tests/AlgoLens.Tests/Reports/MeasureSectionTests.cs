using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Reports.Charts;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Reports;

/// <summary>A measure brings its own report section: the report code knows no measure.</summary>
public class MeasureSectionTests
{
    private static string AnalysedRun(params ICheckpointMeasure[] extra)
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TaskRegistry.Create("min", new TaskOptions { P = 11 }), TinyRun.Model, TinyRun.Training(100)).Run(dir);
        RunAnalyzer.Analyze(dir, measures: [.. MeasureRegistry.Create(), .. extra]);
        return dir;
    }

    // A measure from outside the library, with a figure drawn from its own column, and (optionally)
    // a span on the step axis for everyone's training curves.
    private sealed class StepSquaredMeasure(StepSpan? mark = null) : ICheckpointMeasure
    {
        public string Name => "step_squared";

        public string Description => "the step, squared";

        public string? WhyNotApplicable(RunFolder run) => null;

        public IReadOnlyDictionary<string, double> Measure(CheckpointContext context) =>
            new Dictionary<string, double> { ["step_squared"] = (double)context.Step * context.Step };

        public StepAnnotations Annotate(MeasureReportContext context) =>
            mark is null ? StepAnnotations.None : new StepAnnotations([mark], [new StepMarker(75, "a marked step")], "Shaded: the test measure's span.");

        public void Report(MeasureReportContext context)
        {
            var chart = new LineChart { Title = "The step, squared" };
            chart.Add("step²", context.Steps, context.Table.Column("step_squared"));
            context.Page.AddSection("Step squared").Paragraph("A test measure's own section.").Figure(chart, "The step, squared, at each checkpoint.", "step-squared");
        }
    }

    [Fact]
    public void ANewMeasuresFigureAppearsInTheReportAfterTheMeasuresBeforeIt()
    {
        var measure = new StepSquaredMeasure();
        string dir = AnalysedRun(measure);
        var report = RunReport.Build(dir, [.. MeasureRegistry.Create(), measure]);
        Assert.Equal(["losses", "accuracy", "weight-norms", "attention-entropy", "step-squared"], report.FigureIds);
        string html = report.ToHtml();
        Assert.Contains("<h2>Step squared</h2>", html);
        Assert.Contains("The step, squared, at each checkpoint.", html);
        Assert.Contains("<title>The step, squared</title>", html);
    }

    [Fact]
    public void AMeasureThatRanButIsNotAvailableToTheReportIsListedWithoutASection()
    {
        string dir = AnalysedRun(new StepSquaredMeasure());
        var report = RunReport.Build(dir); // the built-in measures only
        Assert.DoesNotContain("step-squared", report.FigureIds);
        Assert.Contains("step_squared", report.ToHtml()); // in the list of measures
    }

    [Fact]
    public void AMeasuresStepMarksAreDrawnOnTheTrainingCurves()
    {
        var measure = new StepSquaredMeasure(new StepSpan(25, null, "a test span"));
        string dir = AnalysedRun(measure);
        var report = RunReport.Build(dir, [.. MeasureRegistry.Create(), measure]);
        string html = report.ToHtml();
        string losses = Figure(html, "losses");
        Assert.Contains("a test span", losses);
        Assert.Contains("a marked step", losses);
        Assert.Contains("Shaded: the test measure's span.", losses.Replace("&#39;", "'", StringComparison.Ordinal));
        Assert.DoesNotContain("a test span", Figure(html, "weight-norms")); // a section chooses to draw them
        Assert.DoesNotContain("a test span", Figure(RunReport.Build(dir).ToHtml(), "losses"));
    }

    private static string Figure(string html, string id)
    {
        int start = html.IndexOf($"<figure id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no figure {id}");
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }
}
