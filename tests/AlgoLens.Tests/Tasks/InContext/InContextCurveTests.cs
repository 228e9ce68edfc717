using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tasks;
using AlgoLens.Tasks.InContext;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;
using AlgoLens.Training.TaskMeasures;

namespace AlgoLens.Tests.Tasks.InContext;

public class InContextCurveTests
{
    [Fact]
    public void AnEstimatorsCurveIsItsMeanSquaredErrorAfterExactlyNExamples()
    {
        // A fake estimator that reveals how many examples it was given: w = (n, 0, 0), so it predicts
        // n·x_{n+1,1} at the query after n examples.
        var counting = new InContextEstimator("counting", "w = (n, 0, 0)", (x, y, d) =>
        {
            Assert.Equal(y.Length * d, x.Length);
            var w = new double[d];
            w[0] = y.Length;
            return w;
        });
        var task = LinearRegressionTask.Create(d: 3, k: 4);
        var batch = task.Sample(new Rng(41), 30);
        var curve = InContextCurve.Of(counting, batch);
        for (int n = 0; n < 4; n++)
        {
            double sum = 0;
            for (int row = 0; row < 30; row++)
            {
                var values = batch.Input.Values!;
                double x1 = values[(row * 8 + 2 * n) * 4];        // x_{n+1}'s first coordinate
                double y = values[(row * 8 + 2 * n + 1) * 4 + 3]; // y_{n+1}, in the slot after it
                sum += (n * x1 - y) * (n * x1 - y);
            }
            Assert.Equal(sum / 30, curve[n], 10);
        }
    }

    [Fact]
    public void AModelsCurveReadsItsOutputsAtTheQueries()
    {
        // A transformer whose unembedding is zero outputs its bias c everywhere: its curve is the
        // mean of (c − y)² at each query, and with c = 0 the zero estimator's curve.
        var task = LinearRegressionTask.Create(d: 3, k: 5);
        var batch = task.Sample(new Rng(42), 40);
        var model = Model(task);
        Array.Clear(model["unembed.W_U"].Data);
        Assert.Equal(InContextCurve.Of(InContextEstimator.Zero, batch), InContextMeasures.Curve(model, batch), new Tolerance(1e-12));

        const float c = 0.75f;
        model["unembed.b_U"].Data[0] = c;
        var curve = InContextMeasures.Curve(model, batch);
        for (int n = 0; n < 5; n++)
        {
            double expected = Enumerable.Range(0, 40).Average(row =>
            {
                double y = batch.Targets.Values![row * 10 + 2 * n];
                return (c - y) * (c - y);
            });
            Assert.Equal(expected, curve[n], 10);
        }
    }

    [Fact]
    public void AModelsCurveAveragesToTheTrainersMse()
    {
        var task = SparseLinearRegressionTask.Create(d: 4, k: 6, s: 2);
        var batch = task.Sample(new Rng(43), 50);
        var model = Model(task);
        var curve = InContextMeasures.Curve(model, batch);
        double mse = Evaluation.Evaluate(model, batch, [TaskMetric.Mse]).Metrics[TaskMetric.Mse];
        // The trainer rounds each difference to float before squaring; the curve squares in double.
        Assert.Equal(mse, curve.Average(), 1e-6 * mse);
    }

    [Fact]
    public void WithoutNoiseLeastSquaresMissesExactlyTheUnseenDirections()
    {
        // With n < d examples the minimum-norm fit is w's projection on their span, so the error at
        // a fresh x ~ N(0, I) is E|w⊥|² = d − n (n = i − 1 earlier examples: (d − i + 1)/d · E[y²]);
        // from n = d examples on, w is determined and the error is 0 up to rounding.
        const int d = 5, prompts = 4000;
        var task = LinearRegressionTask.Create(d: d, k: 8);
        var batch = task.Sample(new Rng(44), prompts);
        var leastSquares = InContextCurve.Of(InContextEstimator.LeastSquares, batch);
        var zero = InContextCurve.Of(InContextEstimator.Zero, batch);
        for (int n = 0; n < 8; n++)
        {
            if (n < d)
            {
                // Per prompt the error is |w⊥|²·χ²₁ with |w⊥|² ~ χ²_m, m = d − n: variance 2m² + 6m.
                int m = d - n;
                double standardError = Math.Sqrt((2.0 * m * m + 6 * m) / prompts);
                Assert.InRange(leastSquares[n], m - 5 * standardError, m + 5 * standardError);
            }
            else
            {
                Assert.InRange(leastSquares[n], 0, 1e-6);
            }
            // The zero predictor's error is E[y²] = E|w|² = d: variance 2d² + 6d.
            double zeroError = Math.Sqrt((2.0 * d * d + 6 * d) / prompts);
            Assert.InRange(zero[n], d - 5 * zeroError, d + 5 * zeroError);
        }
    }

    [Fact]
    public void WithNoiseLeastSquaresFollowsTheInverseWishartMean()
    {
        // For n ≥ d + 2 examples, ŵ − w = (XᵀX)⁻¹Xᵀε, so the error at a fresh query (with its own
        // noise) is σ²(1 + E tr (XᵀX)⁻¹) = σ²(1 + d/(n − d − 1)). Ridge with λ = σ² is the posterior
        // mean, so on the same prompts it does no worse on average, and much better near n = d.
        const int d = 2;
        const double sigma = 0.5;
        var task = LinearRegressionTask.Create(d: d, k: 12, noise: sigma);
        var batch = task.Sample(new Rng(45), 20_000);
        var leastSquares = InContextCurve.Of(InContextEstimator.LeastSquares, batch);
        var ridge = InContextCurve.Of(task.Estimators.Single(e => e.Name == "ridge"), batch);
        for (int n = d + 4; n < 12; n++)
        {
            double expected = sigma * sigma * (1 + (double)d / (n - d - 1));
            Assert.InRange(leastSquares[n], 0.95 * expected, 1.05 * expected);
        }
        for (int n = 0; n < 12; n++)
        {
            Assert.True(ridge[n] <= leastSquares[n] * 1.001, $"ridge {ridge[n]} above least squares {leastSquares[n]} after {n} examples");
        }
        Assert.True(ridge[d] < 0.5 * leastSquares[d], $"at n = d ridge {ridge[d]} should be far below least squares {leastSquares[d]}");
    }

    [Fact]
    public void OtherLayoutsAreRefused()
    {
        var tokens = TaskRegistry.Create("prev-token") as ISampledTask;
        var batch = tokens!.Sample(new Rng(46), 2);
        Assert.Throws<ArgumentException>(() => InContextCurve.Of(InContextEstimator.Zero, batch));
    }

    private static HookedTransformer Model(ITask task) => new((HookedTransformerConfig)new HookedTransformerConfig
    {
        NLayers = 2, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, ActFn = "gelu", NormalizationType = "LN",
    }.WithTaskShape(Trainer.ShapeOf(task), seed: 5));

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
