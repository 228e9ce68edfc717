using AlgoLens.Analysis.Grokking;
using AlgoLens.Reports.Charts;

namespace AlgoLens.Tests.Analysis.Grokking;

public class PhasesTests
{
    // A synthetic run whose phases are known by construction: test loss peaks at step 3, excluded
    // loss peaks at step 6, test accuracy reaches 99% at step 7, and the Gini of W_E rises from
    // 0.2 (step 6) to 0.8 (step 10), passing 95% of that rise (0.77) at step 9.
    private static ProgressRow Row(int step, double testLoss, double testAcc, double excluded, double gini, double weights) =>
        new(step, 0.01, 1, testLoss, testAcc, 0.5, excluded, gini, 0.5, weights, 3, 0.9, 0.8, 0.9);

    private static readonly ProgressRow[] Rows =
    [
        Row(0, 4.7, 0.01, 4.7, 0.05, 100),
        Row(1, 10, 0.01, 0.1, 0.05, 120),
        Row(2, 20, 0.01, 0.2, 0.1, 115),
        Row(3, 25, 0.02, 1, 0.1, 110),
        Row(4, 20, 0.05, 3, 0.15, 105),
        Row(5, 10, 0.3, 8, 0.18, 100),
        Row(6, 2, 0.9, 12, 0.2, 80),
        Row(7, 0.01, 0.995, 11, 0.5, 50),
        Row(8, 0.001, 1, 9, 0.7, 45),
        Row(9, 0.0001, 1, 8, 0.78, 44),
        Row(10, 0.0001, 1, 8, 0.8, 44),
    ];

    [Fact]
    public void PhasesFollowTheirDefinitions()
    {
        var phases = Phases.Detect(Rows);
        Assert.Equal(new Phases(3, 6, 9, 7), phases);
    }

    [Fact]
    public void ARunThatNeverGeneralisesHasNoCleanup()
    {
        var memorising = Rows.Select(r => r with { TestAccuracy = 0.02, TestLoss = r.Step * 2.0 }).ToArray();
        var phases = Phases.Detect(memorising);
        Assert.Equal(10, phases.MemorisationEnd);
        Assert.Null(phases.CleanupStart);
        Assert.Null(phases.CleanupEnd);
        Assert.Null(phases.GrokStep);
        Assert.Equal(new Phases(null, null, null, null), Phases.Detect([]));
    }

    [Fact]
    public void RowsRoundTripThroughCsv()
    {
        foreach (var row in Rows)
        {
            Assert.Equal(row, ProgressRow.Parse(row.ToCsv()));
        }
        Assert.Throws<FormatException>(() => ProgressRow.Parse("1,2,3"));
    }

    [Fact]
    public void ThePhasesMarkTheStepAxisAsTheirBoundariesSay()
    {
        var marks = new Phases(MemorisationEnd: 100, CleanupStart: 300, CleanupEnd: null, GrokStep: 350).ToStepAnnotations();
        var chart = marks.ApplyTo(new LineChart(), lastStep: 500);
        Assert.Equal([new ChartBand(0, 100, "memorisation"), new ChartBand(100, 300, "circuit formation"), new ChartBand(300, 500, "cleanup")], chart.Bands);
        Assert.Equal([new ChartMarker(350, "test acc ≥ 99%")], chart.Markers);
        Assert.Contains("phases of grokking", marks.Caption);

        // A phase that takes no steps has no band; a run that never grokked has no marker.
        var early = new Phases(MemorisationEnd: 0, CleanupStart: null, CleanupEnd: null, GrokStep: null).ToStepAnnotations();
        Assert.Empty(early.ApplyTo(new LineChart(), lastStep: 0).Bands);
        Assert.Empty(early.Markers);
        Assert.True(new Phases(null, null, null, null).ToStepAnnotations().IsEmpty);
    }
}
