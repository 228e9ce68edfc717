using AlgoLens.Analysis.Fourier;

namespace AlgoLens.Tests.Analysis.Fourier;

public class LogitCosineFitTests
{
    private const int P = KeyFrequencyLogitsTests.P;

    [Fact]
    public void TheFourierAlgorithmIsFullyExplainedWithItsAmplitudes()
    {
        var fit = LogitCosineFit.Fit(new FourierBasis(P), KeyFrequencyLogitsTests.FourierLogits(), [23, 7, 17]);
        Assert.Equal(1, fit.VarianceExplained, 1e-6);
        Assert.Equal([7, 17, 23], fit.Frequencies);
        Assert.Equal(3, fit.Alphas[0], 1e-5);
        Assert.Equal(2, fit.Alphas[1], 1e-5);
        Assert.Equal(1.5, fit.Alphas[2], 1e-5);
    }

    [Fact]
    public void PerInputOffsetsAreIgnoredAndMissingFrequenciesCostTheirShare()
    {
        // Adding 7·(a − b) to every logit of input (a, b) changes no prediction, and the row
        // centring removes it. With 23 left out, its share α² / Σα² = 2.25/15.25 is unexplained.
        var logits = Waves.Logits(P, (a, b, c) =>
            3 * Waves.Cos(7, a + b - c, P) + 2 * Waves.Cos(17, a + b - c, P) + 1.5 * Waves.Cos(23, a + b - c, P) + 7.0 * (a - b));
        var fit = LogitCosineFit.Fit(new FourierBasis(P), logits, [7, 17]);
        Assert.Equal(13 / 15.25, fit.VarianceExplained, 1e-5);
        Assert.Equal(3, fit.Alphas[0], 1e-4);
    }

    [Fact]
    public void LogitsOrthogonalToTheCosinesExplainNothing()
    {
        // cos(w(a − c)) does not depend on a + b: none of its variance is in cos(w(a+b−c)).
        var logits = Waves.Logits(P, (a, b, c) => Waves.Cos(14, a - c, P));
        Assert.Equal(0, LogitCosineFit.Fit(new FourierBasis(P), logits, [14]).VarianceExplained, 1e-6);
        Assert.Equal(0, LogitCosineFit.Fit(new FourierBasis(P), Waves.Logits(P, (a, b, c) => a), [14]).VarianceExplained);
    }
}
