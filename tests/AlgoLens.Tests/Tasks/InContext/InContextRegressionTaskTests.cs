using AlgoLens.Data;
using AlgoLens.Tasks;
using AlgoLens.Tasks.InContext;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Tasks.InContext;

public class InContextRegressionTaskTests
{
    [Fact]
    public void APromptIsLaidOutAsXThenYWithASeparateYSlot()
    {
        // x_1 = (1, 2), y_1 = 5, x_2 = (3, 4), y_2 = 6.
        var prompt = new RegressionPrompt([1, 2, 3, 4], [5, 6], dimension: 2);
        var values = new float[2 * 2 * 3];
        prompt.WriteTo(values);
        Assert.Equal([1f, 2f, 0f, 0f, 0f, 5f, 3f, 4f, 0f, 0f, 0f, 6f], values);
        var read = RegressionPrompt.Read(values, 2);
        Assert.Equal(prompt.X, read.X);
        Assert.Equal(prompt.Y, read.Y);
        Assert.Equal([0, 2, 4], new[] { 0, 1, 2 }.Select(RegressionPrompt.QueryPosition));
    }

    [Fact]
    public void ReadingRefusesValuesOutOfTheLayout()
    {
        float[] yInTheXSlot = [1, 2, 7, 0, 0, 5];
        Assert.Contains("not an x", Assert.Throws<ArgumentException>(() => RegressionPrompt.Read(yInTheXSlot, 2)).Message);
        float[] xInTheYSlot = [1, 2, 0, 3, 0, 5];
        Assert.Throws<ArgumentException>(() => RegressionPrompt.Read(xInTheYSlot, 2));
        Assert.Throws<ArgumentException>(() => RegressionPrompt.Read(new float[5], 2));
    }

    [Fact]
    public void TheLinearTaskDescribesRealInputOfTwoPositionsPerExample()
    {
        var task = (LinearRegressionTask)TaskRegistry.Create("icl-linear");
        Assert.Equal((5, 11, 0.0), (task.Dimension, task.Examples, task.Noise));
        Assert.Equal((22, 6, 1, TargetKind.Real), (task.SequenceLength, task.InputWidth, task.OutputWidth, task.TargetKind));
        Assert.Equal([TaskMetric.Mse], task.Metrics);
        Assert.Equal(new Dictionary<string, string> { ["d"] = "5", ["k"] = "11", ["noise"] = "0" }, task.Settings);
        Assert.Equal("3.13", TaskRegistry.All.Single(t => t.Name == "icl-linear").Problems);
        Assert.Equal("3.14", TaskRegistry.All.Single(t => t.Name == "icl-sparse-linear").Problems);
    }

    public static TheoryData<InContextRegressionTask> Tasks() => new(
        LinearRegressionTask.Create(d: 3, k: 4),
        LinearRegressionTask.Create(d: 4, k: 6, noise: 0.5),
        SparseLinearRegressionTask.Create(d: 6, k: 5, s: 2),
        SparseLinearRegressionTask.Create(d: 5, k: 3, s: 5, noise: 0.1));

    [Theory]
    [MemberData(nameof(Tasks))]
    public void TargetsSitAtTheXPositionsAndAreTheYAfterThem(InContextRegressionTask task)
    {
        int positions = task.SequenceLength, width = task.InputWidth;
        for (int seed = 0; seed < 5; seed++)
        {
            var batch = task.Sample(new Rng((ulong)seed, 5), 20);
            for (int row = 0; row < batch.Count; row++)
            {
                var answer = task.Answer(batch.Input.Values.AsSpan(row * positions * width, positions * width));
                for (int p = 0; p < positions; p++)
                {
                    int slot = row * positions + p;
                    Assert.Equal(p % 2 == 0, batch.Targets.LossMask[slot]);
                    Assert.Equal(p % 2 == 0 ? answer[p / 2] : 0f, batch.Targets.Values![slot]);
                }
            }
        }
    }

    [Fact]
    public void WithoutNoiseYIsTheDotProductOfTheDrawnWeightsAndX()
    {
        var task = LinearRegressionTask.Create(d: 4, k: 7);
        var rng = new Rng(11);
        for (int draw = 0; draw < 50; draw++)
        {
            var (w, prompt) = task.Draw(rng);
            for (int i = 0; i < prompt.Count; i++)
            {
                double y = 0;
                for (int j = 0; j < 4; j++)
                {
                    y += w[j] * prompt.Input(i)[j];
                }
                Assert.Equal((float)y, (float)prompt.Y[i]);
            }
        }
    }

    [Fact]
    public void NoiseHasTheRequestedStandardDeviation()
    {
        var task = LinearRegressionTask.Create(d: 3, k: 10, noise: 0.5);
        var rng = new Rng(12);
        double sum = 0, sumSquares = 0;
        int count = 0;
        for (int draw = 0; draw < 1000; draw++)
        {
            var (w, prompt) = task.Draw(rng);
            for (int i = 0; i < prompt.Count; i++)
            {
                double residual = prompt.Y[i] - (w[0] * prompt.Input(i)[0] + w[1] * prompt.Input(i)[1] + w[2] * prompt.Input(i)[2]);
                sum += residual;
                sumSquares += residual * residual;
                count++;
            }
        }
        // 10,000 draws: the variance 0.25 has a standard error of about 0.25·sqrt(2/10000) = 0.0035.
        Assert.InRange(sum / count, -0.02, 0.02);
        Assert.InRange(sumSquares / count, 0.25 - 0.02, 0.25 + 0.02);
    }

    [Fact]
    public void SparseWeightsHaveSNonZerosOnAUniformSupport()
    {
        var task = SparseLinearRegressionTask.Create(d: 8, k: 2, s: 3);
        var rng = new Rng(13);
        var hits = new int[8];
        const int draws = 4000;
        for (int draw = 0; draw < draws; draw++)
        {
            var (w, _) = task.Draw(rng);
            Assert.Equal(3, w.Count(v => v != 0f));
            for (int j = 0; j < 8; j++)
            {
                hits[j] += w[j] != 0f ? 1 : 0;
            }
        }
        // Each coordinate is in the support with probability 3/8: within 5 binomial standard deviations.
        double p = 3.0 / 8, sd = Math.Sqrt(draws * p * (1 - p));
        Assert.All(hits, h => Assert.InRange(h, draws * p - 5 * sd, draws * p + 5 * sd));
    }

    [Theory]
    [InlineData("icl-linear", "d", "0", "from 1 to 64")]
    [InlineData("icl-linear", "d", "65", "from 1 to 64")]
    [InlineData("icl-linear", "k", "0", "from 1 to 256")]
    [InlineData("icl-linear", "k", "two", "a whole number")]
    [InlineData("icl-linear", "noise", "-0.1", "from 0 to 100")]
    [InlineData("icl-linear", "noise", "NaN", "a number")]
    [InlineData("icl-sparse-linear", "s", "0", "from 1 to 64")]
    [InlineData("icl-sparse-linear", "s", "11", "s ≤ d")]
    [InlineData("icl-linear", "s", "2", "did you mean")]
    public void BadOptionsAreRefusedNamingTheOption(string name, string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(name, new TaskOptions
        {
            Extra = new Dictionary<string, string> { [key] = value },
        }));
        Assert.Contains(key, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AnswerRefusesAPromptOfAnotherSize()
    {
        var task = LinearRegressionTask.Create(d: 2, k: 3);
        Assert.Throws<ArgumentException>(() => task.Answer(new float[2 * 2 * 3]));
    }

    [Fact]
    public void BaselinesAreEachEstimatorsMeanAndCurve()
    {
        var noisy = SparseLinearRegressionTask.Create(d: 4, k: 3, s: 2, noise: 0.3);
        var batch = noisy.Sample(new Rng(14), 64);
        var baselines = noisy.Baselines(batch);
        string[] estimators = ["zero", "least_squares", "ridge", "lasso"];
        Assert.Equal(estimators.SelectMany(e => new[] { $"{e}_mse", $"{e}_mse_at_0", $"{e}_mse_at_1", $"{e}_mse_at_2" }), baselines.Select(b => b.Name));
        var lasso = InContextCurve.Of(InContextEstimator.Lasso(SparseLinearRegressionTask.LassoAlpha), batch);
        Assert.Equal(lasso.Average(), baselines.Single(b => b.Name == "lasso_mse").Value);
        Assert.Equal(lasso[2], baselines.Single(b => b.Name == "lasso_mse_at_2").Value);

        // Without noise ridge (λ = σ² = 0) is least squares and is not listed twice.
        var clean = LinearRegressionTask.Create(d: 2, k: 2);
        Assert.Equal(["zero_mse", "zero_mse_at_0", "zero_mse_at_1", "least_squares_mse", "least_squares_mse_at_0", "least_squares_mse_at_1"],
            clean.Baselines(clean.Sample(new Rng(15), 8)).Select(b => b.Name));
    }
}
