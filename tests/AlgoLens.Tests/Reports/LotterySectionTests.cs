using System.Text.Json;
using AlgoLens.Analysis.Lottery;
using AlgoLens.Common;
using AlgoLens.Reports;
using AlgoLens.Reports.Html;

namespace AlgoLens.Tests.Reports;

public sealed class LotterySectionTests
{
    private static LotteryRun Run(string dir, double sparsity, double accuracy, int? grok, params int[] keys) => new()
    {
        Run = dir, Sparsity = sparsity, TestAccuracy = accuracy, TestLoss = 0.1, GrokkingStep = grok, KeyFrequencies = keys,
        Survivors = sparsity == 0 ? null : new Dictionary<string, double> { ["embed.W_E"] = 1 - sparsity, ["unembed.W_U"] = 1 - sparsity },
    };

    private static readonly LotteryResult Result = new()
    {
        RewindStep = 100, Rounds = 2, Scope = "per-layer", Prunable = ["embed.W_E", "unembed.W_U"], GrokkingApplies = true,
        Dense = Run(".", 0, 1, 3250, 4, 17),
        Tickets =
        [
            new LotteryTicket { Sparsity = 0.5, Ticket = Run("t/0.5", 0.5, 1, 2000, 4, 17), Random = Run("r/0.5", 0.5, 0.9, null) },
            new LotteryTicket { Sparsity = 0.9, Ticket = Run("t/0.9", 0.9, 0.99, 4000, 4), Random = Run("r/0.9", 0.9, 0.1, null) },
        ],
    };

    private static string RunWith(string text)
    {
        string dir = Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "analysis"));
        File.WriteAllText(Path.Combine(dir, "analysis", LotteryResult.FileName), text);
        return dir;
    }

    [Fact]
    public void The_section_draws_accuracy_and_grokking_step_against_sparsity_and_tabulates_every_run()
    {
        var report = new HtmlReport("r");
        Assert.True(LotterySection.Add(report, RunWith(JsonSerializer.Serialize(Result, JsonFiles.Options))));
        Assert.Equal(["lottery-accuracy", "lottery-grokking"], report.FigureIds);
        var section = Assert.Single(report.Sections);
        Assert.Equal("Lottery tickets", section.Heading);
        string html = report.ToHtml();
        Assert.Contains("4, 17", html, StringComparison.Ordinal); // the dense run's key frequencies in the table
        Assert.Contains("never", html, StringComparison.Ordinal);  // a control that never reached 99%
    }

    [Fact]
    public void A_damaged_file_gets_its_section_with_the_reason_and_no_file_no_section()
    {
        var report = new HtmlReport("r");
        Assert.True(LotterySection.Add(report, RunWith("{\"tickets\": [")));
        Assert.Empty(report.FigureIds);
        Assert.Contains("could not be read", report.ToHtml(), StringComparison.Ordinal);
        var none = new HtmlReport("r");
        Assert.False(LotterySection.Add(none, Path.Combine(Path.GetTempPath(), "algolens-tests", Guid.NewGuid().ToString("N"))));
        Assert.Empty(none.Sections);
    }
}
