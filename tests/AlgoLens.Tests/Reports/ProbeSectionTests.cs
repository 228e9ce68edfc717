using System.Text.RegularExpressions;
using AlgoLens.Reports;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

public sealed class ProbeSectionTests
{
    // What `algolens probe --all-layers` writes into analysis/ (docs/features.md), for 3 layers.
    private const string ThreeLayers = """
        {"feature": "state", "kind": "class", "score": "accuracy", "step": 1500, "examples": 100, "rows": 1600, "positions": [0, 1],
         "probes": [
          {"train_accuracy": 0.9, "test_accuracy": 0.8, "control_test_accuracy": 0.5, "selectivity": 0.3, "layer": 0, "hook": "blocks.0.hook_resid_post"},
          {"train_accuracy": 1, "test_accuracy": 0.95, "control_test_accuracy": 0.52, "selectivity": 0.43, "layer": 1, "hook": "blocks.1.hook_resid_post"},
          {"train_accuracy": 1, "test_accuracy": 1, "control_test_accuracy": null, "selectivity": null, "layer": 2, "hook": "blocks.2.hook_resid_post"}]}
        """;

    private static string NewRunDirectory(string name, string json)
    {
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "analysis"));
        File.WriteAllText(Path.Combine(dir, "analysis", name), json);
        return dir;
    }

    [Fact]
    public void A_per_layer_probe_is_drawn_as_test_control_and_train_lines_with_a_table()
    {
        var report = new HtmlReport("test");
        Assert.Equal(1, ProbeSection.Add(report, NewRunDirectory("probe-state-blocks.L.hook_resid_post.json", ThreeLayers)));
        Assert.Equal(["probe-state-blocks-L-hook_resid_post"], report.FigureIds);
        string html = report.ToHtml();
        Assert.Contains("<h2>Probe: state-blocks.L.hook_resid_post</h2>", html, StringComparison.Ordinal);
        var figure = Regex.Match(html, "<figure id=\"probe-state-blocks-L-hook_resid_post\".*?</figure>", RegexOptions.Singleline);
        Assert.True(figure.Success);
        var series = Regex.Matches(figure.Value, "class=\"series\" data-series=\"([^\"]+)\" d=\"([^\"]+)\"");
        Assert.Equal(["test accuracy", "control test accuracy", "train accuracy"], series.Select(m => m.Groups[1].Value));
        // The test line has one point per layer.
        Assert.Equal(3, SvgTest.Subpaths(series[0].Groups[2].Value).Sum(p => p.Count));
        Assert.Contains("blocks.1.hook_resid_post", html, StringComparison.Ordinal);
        Assert.Contains("Hewitt", html, StringComparison.Ordinal);
    }

    [Fact]
    public void One_probe_gets_its_table_and_no_chart()
    {
        string one = """
            {"feature": "cos_a:14", "kind": "real", "score": "r2", "step": 10, "examples": 50, "rows": 50, "positions": [2],
             "probes": [{"train_r2": 0.9, "test_r2": 0.8, "control_test_r2": -0.01, "selectivity": 0.81, "layer": 0, "hook": "blocks.0.hook_resid_post"}]}
            """;
        var report = new HtmlReport("test");
        Assert.Equal(1, ProbeSection.Add(report, NewRunDirectory("probe-cos_a_14-blocks.0.hook_resid_post.json", one)));
        Assert.Empty(report.FigureIds);
        Assert.Contains("test R²", report.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_file_gets_its_section_with_the_reason()
    {
        var report = new HtmlReport("test");
        Assert.Equal(1, ProbeSection.Add(report, NewRunDirectory("probe-x-y.json", ThreeLayers.Replace("\"score\": \"accuracy\"", "\"score\": \"auc\"", StringComparison.Ordinal))));
        string html = report.ToHtml();
        Assert.Contains("Not drawn", html, StringComparison.Ordinal);
        Assert.Contains("not accuracy or r2", html, StringComparison.Ordinal);
    }
}
