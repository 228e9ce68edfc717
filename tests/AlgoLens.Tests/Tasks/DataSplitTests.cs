using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class DataSplitTests
{
    [Fact]
    public void SameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        DataSplit first = DataSplit.Create(12769, 0.3, seed: 0);
        DataSplit again = DataSplit.Create(12769, 0.3, seed: 0);
        DataSplit other = DataSplit.Create(12769, 0.3, seed: 1);
        Assert.Equal(first.Train, again.Train);
        Assert.Equal(first.Test, again.Test);
        Assert.NotEqual(first.Train, other.Train);
    }

    [Fact]
    public void SplitOfAGivenSeedNeverChanges()
    {
        // A regression pin: these indices change only if the stream, the shuffle or the prefix
        // convention does, and that would silently change every run's split.
        DataSplit split = DataSplit.Create(12769, 0.3, seed: 0);
        Assert.Equal([9778, 5628, 10371, 6648, 8921, 3582], split.Train[..6]);
        Assert.Equal([7933, 9135, 1110, 8186, 7074, 4326], split.Test[..6]);
    }

    [Theory]
    [InlineData(12769, 0.3, 3830)]   // the reference run: 3830 train, 8939 test
    [InlineData(100, 0.29, 28)]      // 0.29 · 100 = 28.999… in double; Python's int() gives 28 too
    [InlineData(10, 0.5, 5)]
    [InlineData(2, 0.5, 1)]
    [InlineData(113 * 112, 0.3, 3796)]
    public void TrainSizeIsTheFloorOfFractionTimesCount(int count, double fraction, int expectedTrain)
    {
        DataSplit split = DataSplit.Create(count, fraction, seed: 42);
        Assert.Equal(expectedTrain, split.Train.Length);
        Assert.Equal(count - expectedTrain, split.Test.Length);
    }

    [Theory]
    [InlineData(12769, 0.3, 7UL)]
    [InlineData(50, 0.9, ulong.MaxValue)]
    public void TrainAndTestAreDisjointAndCoverEveryIndex(int count, double fraction, ulong seed)
    {
        DataSplit split = DataSplit.Create(count, fraction, seed);
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Equal(Enumerable.Range(0, count), split.Train.Concat(split.Test).Order());
    }

    [Fact]
    public void SplitIsShuffledNotAPrefix()
    {
        DataSplit split = DataSplit.Create(1000, 0.3, seed: 0);
        Assert.NotEqual(Enumerable.Range(0, 300), split.Train.Order());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void FractionOutsideZeroOneIsRefused(double fraction)
    {
        var error = Assert.Throws<ArgumentException>(() => DataSplit.Create(100, fraction, seed: 0));
        Assert.Contains("strictly between 0 and 1", error.Message);
        Assert.Contains("0.3", error.Message);
    }

    [Fact]
    public void FractionThatLeavesNoTrainingExampleIsRefusedWithAWorkingRange()
    {
        // (The other side cannot happen: for a fraction below 1, fraction · count rounds below count.)
        var error = Assert.Throws<ArgumentException>(() => DataSplit.Create(100, 0.001, seed: 0));
        Assert.Contains("no training example", error.Message);
        Assert.Contains("0.015 to 0.99", error.Message);
    }

    [Fact]
    public void SuggestedRangeReallyWorksWhenNaiveBoundsWouldNot()
    {
        // 1/3 prints as 0.333333, which floors to 0 of 3; the advice must name fractions that work.
        var error = Assert.Throws<ArgumentException>(() => DataSplit.Create(3, 0.1, seed: 0));
        Assert.Contains("0.5 to 0.83", error.Message);
        Assert.Single(DataSplit.Create(3, 0.5, seed: 0).Train);
        Assert.Equal(2, DataSplit.Create(3, 0.83, seed: 0).Train.Length);
    }

    [Fact]
    public void TooFewExamplesAreRefused()
    {
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => DataSplit.Create(1, 0.5, seed: 0)).Message);
    }
}
