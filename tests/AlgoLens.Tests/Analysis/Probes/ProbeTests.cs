using AlgoLens.Analysis.Probes;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>The probe end to end on planted features: it reads them, its control task does not.</summary>
public class ProbeTests
{
    [Fact]
    public void ALogisticProbeRecoversAPlantedLinearFeatureAndFailsOnItsControl()
    {
        var x = PlantedData.Gaussian(400, 10, seed: 1);
        var labels = PlantedData.ArgmaxLabels(x, classes: 3, seed: 2);
        var result = Probe.Classify(x, labels, new ProbeOptions { Seed = 5 });

        Assert.Equal("classification", result.Kind);
        Assert.Equal((320, 80), (result.TrainCount, result.TestCount));
        Assert.True(result.TestScore >= 0.95, $"test accuracy {result.TestScore}");
        Assert.True(result.TrainScore >= 0.95, $"train accuracy {result.TrainScore}");
        Assert.True(result.ControlTestScore <= 0.5, $"control accuracy {result.ControlTestScore} (chance 1/3)");
        Assert.True(result.Selectivity >= 0.45, $"selectivity {result.Selectivity}");
        Assert.Equal((10, 3), (result.Directions.GetLength(0), result.Directions.GetLength(1)));
        Assert.Contains(result.WeightDecay, new ProbeOptions().Decays);
    }

    [Fact]
    public void ALinearProbeRecoversAPlantedLinearTargetAndFailsOnItsControl()
    {
        var x = PlantedData.Gaussian(300, 8, seed: 3);
        var w = new[] { 1.0, -2, 0.5, 0, 3, -1, 0.25, 2 };
        var rng = new Rng(4);
        var y = Enumerable.Range(0, 300).Select(r => Enumerable.Range(0, 8).Sum(i => w[i] * x[r, i]) + 7 + 0.01 * rng.Normal()).ToArray();
        var result = Probe.Regress(x, y, new ProbeOptions { Seed = 6 });

        Assert.Equal("regression", result.Kind);
        Assert.Equal("r2", result.ScoreName);
        Assert.True(result.TestScore >= 0.99, $"test R² {result.TestScore}");
        Assert.True(result.ControlTestScore <= 0.05, $"control R² {result.ControlTestScore}");
        Assert.True(result.Selectivity >= 0.94);
        var direction = result.Direction();
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(w[i], direction[i], 0.02);
        }
        Assert.Equal(7, result.Biases[0], 0.02);
    }

    [Fact]
    public void OnPureNoiseValidationChoosesALargeDecay()
    {
        var x = PlantedData.Gaussian(60, 20, seed: 7);
        var rng = new Rng(8);
        var y = Enumerable.Range(0, 60).Select(_ => rng.Normal()).ToArray();
        var labels = Enumerable.Range(0, 60).Select(_ => rng.NextInt(2)).ToArray();

        Assert.True(Probe.Regress(x, y).WeightDecay >= 10, "ridge on noise");
        Assert.True(Probe.Classify(x, labels).WeightDecay >= 10, "logistic on noise");
        // And on the planted feature a small one: the choice follows the data, not the grid's end.
        var planted = PlantedData.Gaussian(200, 5, seed: 9);
        var yPlanted = Enumerable.Range(0, 200).Select(r => planted[r, 0] - planted[r, 3]).ToArray();
        Assert.True(Probe.Regress(planted, yPlanted).WeightDecay <= 1e-2);
    }

    [Fact]
    public void ChooseDecayTakesTheLowestLossAndTheLargerDecayOnATie()
    {
        Assert.Equal(0.1, Probe.ChooseDecay([0.01, 0.1, 1], d => Math.Abs(Math.Log10(d) + 1)));
        Assert.Equal(1, Probe.ChooseDecay([0.01, 0.1, 1], _ => 3.0));
    }

    [Fact]
    public void TheSameSeedGivesTheSameResult()
    {
        var x = PlantedData.Gaussian(100, 4, seed: 10);
        var labels = PlantedData.ArgmaxLabels(x, 2, seed: 11);
        var a = Probe.Classify(x, labels, new ProbeOptions { Seed = 3 });
        var b = Probe.Classify(x, labels, new ProbeOptions { Seed = 3 });
        Assert.Equal(a.Directions, b.Directions);
        Assert.Equal(a.ControlTestScore, b.ControlTestScore);
    }

    [Fact]
    public void BadInputIsRefusedNamingTheProblemAndTheFix()
    {
        var x = PlantedData.Gaussian(40, 3, seed: 12);
        var labels = PlantedData.ArgmaxLabels(x, 2, seed: 13);

        Assert.Contains("at least 10", Assert.Throws<ArgumentException>(() => Probe.Classify(PlantedData.Gaussian(5, 3, 1), labels[..5])).Message);
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>(() => Probe.Classify(x, new int[40])).Message);
        Assert.Contains("varies", Assert.Throws<ArgumentException>(() => Probe.Regress(x, new double[40])).Message);
        Assert.Contains("one target per row", Assert.Throws<ArgumentException>(() => Probe.Classify(x, labels[..30])).Message);
        Assert.Contains("one target per row", Assert.Throws<ArgumentException>(() => Probe.Regress(x, new double[39])).Message);
        var nan = (double[,])x.Clone();
        nan[7, 2] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => Probe.Classify(nan, labels));
        Assert.Contains("[7, 2]", error.Message);
        Assert.Contains("finite", error.Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Probe.Regress(x, Enumerable.Repeat(double.PositiveInfinity, 40).ToArray())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbeSplit.Make(40, 1.0, 0));
    }
}
