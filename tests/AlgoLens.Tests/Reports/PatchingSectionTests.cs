using System.Text.RegularExpressions;
using System.Xml.Linq;
using AlgoLens.Analysis.Measures;
using AlgoLens.Analysis.Run;
using AlgoLens.Reports;
using AlgoLens.Reports.Html;
using AlgoLens.Tasks;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Reports;

public sealed class PatchingSectionTests
{
    // What `algolens patch --json` writes (docs/circuits.md), for 2 layers of 2 heads and an MLP,
    // over 3 positions. Normalised effects: L0H0 1, L0H1 −1, L1H0 0, L1H1 0.5, L0 mlp null (clean
    // and corrupt agree there), L1 mlp 0.25; the residual grid position p of layer l: (p − 1)·(l + 1)/2.
    private const string Activation = """
        {"method": "activation", "metric": "logit-diff", "step": 50, "position": 2,
         "answer": [8, 6], "wrong": [9, 9], "receivers": null, "metric_clean": 3.5, "metric_corrupt": -1.5,
         "effects": [
          {"component": "L0H0", "layer": 0, "head": 0, "position": null, "value": 3.5, "normalized": 1},
          {"component": "L0H1", "layer": 0, "head": 1, "position": null, "value": -6.5, "normalized": -1},
          {"component": "L0 mlp", "layer": 0, "head": null, "position": null, "value": -1.5, "normalized": null},
          {"component": "L1H0", "layer": 1, "head": 0, "position": null, "value": -1.5, "normalized": 0},
          {"component": "L1H1", "layer": 1, "head": 1, "position": null, "value": 1, "normalized": 0.5},
          {"component": "L1 mlp", "layer": 1, "head": null, "position": null, "value": -0.25, "normalized": 0.25},
          {"component": "resid_pre L0 pos 0", "layer": 0, "head": null, "position": 0, "value": -4, "normalized": -0.5},
          {"component": "resid_pre L0 pos 1", "layer": 0, "head": null, "position": 1, "value": -1.5, "normalized": 0},
          {"component": "resid_pre L0 pos 2", "layer": 0, "head": null, "position": 2, "value": 1, "normalized": 0.5},
          {"component": "resid_pre L1 pos 0", "layer": 1, "head": null, "position": 0, "value": -6.5, "normalized": -1},
          {"component": "resid_pre L1 pos 1", "layer": 1, "head": null, "position": 1, "value": -1.5, "normalized": 0},
          {"component": "resid_pre L1 pos 2", "layer": 1, "head": null, "position": 2, "value": 3.5, "normalized": 1}]}
        """;

    private static string NewRunDirectory(string method, string json)
    {
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "analysis"));
        File.WriteAllText(Path.Combine(dir, "analysis", $"patching-{method}.json"), json);
        return dir;
    }

    // The cells of a heatmap figure: (column, row) → (fill, title). Cells with no value draw no rect.
    private static Dictionary<(int X, int Y), (string Fill, string Title)> Cells(string html, string figureId)
    {
        var figure = Regex.Match(html, $"<figure id=\"{figureId}\"[^>]*>\\s*(<svg.*?</svg>)", RegexOptions.Singleline);
        Assert.True(figure.Success, $"no figure {figureId}");
        var svg = SvgTest.Parse(figure.Groups[1].Value); // well-formed XML, as a browser needs
        return SvgTest.WithClass(svg, "cells").Single().Elements(SvgTest.Ns + "rect").ToDictionary(
            r => ((int)SvgTest.Num(r, "x"), (int)SvgTest.Num(r, "y")),
            r =>
            {
                Assert.Equal(1, SvgTest.Num(r, "width")); // one rect per cell, none merged
                return ((string)r.Attribute("fill")!, r.Element(SvgTest.Ns + "title")!.Value);
            });
    }

    [Fact]
    public void A_patching_file_is_drawn_as_layer_by_head_and_layer_by_position_heatmaps_on_a_diverging_scale()
    {
        var report = new HtmlReport("test");
        Assert.Equal(1, PatchingSection.Add(report, NewRunDirectory("activation", Activation)));
        Assert.Equal(["patching-activation-heads", "patching-activation-resid"], report.FigureIds);
        string html = report.ToHtml();
        Assert.Contains("<h2>Activation patching</h2>", html, StringComparison.Ordinal);

        // The colour range is symmetric about 0 (±1 here), so a value v sits at t = (v + 1) / 2 of
        // RdBu's 11 stops (0.1 apart): 1 is the darkest red #67001f, −1 the darkest blue #053061, 0
        // white; 0.5 (t = 0.75) halfway from #f4a582 to #d6604d, 0.25 (t = 0.625) a quarter of the
        // way from #fddbc7 to #f4a582, worked by hand (halves round to even). The MLPs are the last column.
        var heads = Cells(html, "patching-activation-heads");
        Assert.Equal(("#67001f", "L0H0: normalised effect 1, patched metric 3.5"), heads[(0, 0)]);
        Assert.Equal(("#053061", "L0H1: normalised effect -1, patched metric -6.5"), heads[(1, 0)]);
        Assert.Equal("#ffffff", heads[(0, 1)].Fill);
        Assert.Equal("#e58268", heads[(1, 1)].Fill);
        Assert.Equal(("#fbceb6", "L1 mlp: normalised effect 0.25, patched metric -0.25"), heads[(2, 1)]);
        Assert.False(heads.ContainsKey((2, 0))); // L0 mlp: undefined, left grey
        Assert.Equal(5, heads.Count);

        var resid = Cells(html, "patching-activation-resid");
        Assert.Equal(6, resid.Count);
        Assert.Equal("#053061", resid[(0, 1)].Fill);
        Assert.Equal("#67001f", resid[(2, 1)].Fill);
        Assert.Equal("#ffffff", resid[(1, 0)].Fill);
        Assert.Equal("resid_pre L0 pos 0: normalised effect -0.5, patched metric -4", resid[(0, 0)].Title);

        // The caption: method, metric and where it is read, the clean and corrupt values, the inputs.
        Assert.Contains("Activation patching, metric logit-diff read at position 2; step 50; clean 3.5, corrupt -1.5; inputs: 2 clean/corrupt pairs, answer tokens 8, 6 against wrong 9, 9.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_patching_has_a_head_map_only_and_names_its_receivers()
    {
        string json = """
            {"method": "path", "metric": "loss", "step": 7, "position": 4, "answer": [3], "wrong": null, "receivers": ["L1H0:k", "logits"],
             "metric_clean": 0.5, "metric_corrupt": 2.5,
             "effects": [{"component": "L0H0", "layer": 0, "head": 0, "position": null, "value": 1.5, "normalized": 0.5},
                         {"component": "L1H0", "layer": 1, "head": 0, "position": null, "value": 2.5, "normalized": 0}]}
            """;
        var report = new HtmlReport("test");
        Assert.Equal(1, PatchingSection.Add(report, NewRunDirectory("path", json)));
        Assert.Equal(["patching-path-heads"], report.FigureIds);
        string html = report.ToHtml();
        Assert.Contains("receivers L1H0:k, logits.", html, StringComparison.Ordinal);
        Assert.Contains("answer token 3;", html, StringComparison.Ordinal);
        var cells = Cells(html, "patching-path-heads");
        Assert.Equal(["#67001f", "#ffffff"], new[] { cells[(0, 0)].Fill, cells[(0, 1)].Fill });
    }

    [Fact]
    public void A_run_without_a_patching_file_gets_no_section()
    {
        var report = new HtmlReport("test");
        Assert.Equal(0, PatchingSection.Add(report, Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"))));
        Assert.Empty(report.Sections);
    }

    [Theory]
    [InlineData("{\"method\": \"activation\", ", "not valid JSON")]
    [InlineData("[1, 2]", "its top level is not a JSON object")]
    [InlineData("{\"method\": \"activation\", \"metric\": \"loss\", \"metric_clean\": 1, \"metric_corrupt\": 2}", "no \"effects\" array")]
    [InlineData("{\"method\": \"activation\", \"metric\": \"loss\", \"metric_clean\": 1, \"metric_corrupt\": 2, \"effects\": [{\"component\": \"L0H0\", \"layer\": \"zero\", \"head\": 0, \"position\": null, \"value\": 1, \"normalized\": 1}]}", "effects[0] has \"layer\": \"zero\"")]
    [InlineData("{\"method\": \"activation\", \"metric\": \"loss\", \"metric_clean\": 1, \"metric_corrupt\": 2, \"effects\": [{\"component\": \"L0H0\", \"layer\": 2000000000, \"head\": 0, \"position\": null, \"value\": 1, \"normalized\": 1}]}", "not null or a whole number from 0 to 4096")]
    [InlineData("{\"method\": \"activation\", \"metric\": \"loss\", \"metric_clean\": 1, \"effects\": []}", "the file has no \"metric_corrupt\"")]
    public void A_malformed_patching_file_gets_a_section_that_says_what_is_wrong_instead_of_figures(string json, string reason)
    {
        var report = new HtmlReport("test");
        Assert.Equal(1, PatchingSection.Add(report, NewRunDirectory("attribution", json)));
        Assert.Empty(report.FigureIds);
        string html = System.Net.WebUtility.HtmlDecode(report.ToHtml());
        Assert.Contains("Not drawn: " + Path.Combine("analysis", "patching-attribution.json") + " could not be read: ", html, StringComparison.Ordinal);
        Assert.Contains(reason, html, StringComparison.Ordinal);
        Assert.Contains("--method attribution", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_report_draws_the_patching_files_and_survives_a_damaged_one()
    {
        string dir = TinyRun.NewDirectory();
        new Trainer(TaskRegistry.Create("min", new TaskOptions { P = 11 }), TinyRun.Model, TinyRun.Training(20)).Run(dir);
        RunAnalyzer.Analyze(dir, measures: MeasureRegistry.Create());
        File.WriteAllText(PatchingFile.PathOf(dir, "activation"), Activation);
        File.WriteAllText(PatchingFile.PathOf(dir, "path"), "{\"effects\": 3");

        var report = RunReport.Build(dir);
        Assert.Contains("patching-activation-heads", report.FigureIds);
        Assert.Contains("patching-activation-resid", report.FigureIds);
        string html = report.ToHtml();
        Assert.Contains("<h2>Path patching</h2>", html, StringComparison.Ordinal);
        Assert.Contains("could not be read", html, StringComparison.Ordinal);
        XDocument.Parse(Regex.Match(html, "<figure id=\"patching-activation-heads\"[^>]*>\\s*(<svg.*?</svg>)", RegexOptions.Singleline).Groups[1].Value);
    }
}
