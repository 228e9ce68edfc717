using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class MinMaxTaskTests
{
    [Theory]
    [InlineData(MinMaxKind.Min, 113)]
    [InlineData(MinMaxKind.Max, 113)]
    [InlineData(MinMaxKind.Min, 2)]
    [InlineData(MinMaxKind.Max, 10)]
    public void EveryLabelIsTheSmallerOrLargerOperand(MinMaxKind kind, int p)
    {
        var task = new MinMaxTask(kind, p);
        var data = new BinaryData(task.Generate());
        Assert.Equal(p * p, data.Count);
        Assert.Equal(p + 1, task.Vocabulary.Count);
        Assert.Equal(p, task.OutputVocabulary.Count);
        for (int i = 0; i < data.Count; i++)
        {
            int[] input = data.Input(i).ToArray();
            Assert.Equal([i / p, i % p, p], input);
            int expected = kind == MinMaxKind.Min ? input[..2].Min() : input[..2].Max();
            Assert.Equal(expected, data.Labels[i]);
            Assert.Equal([-1, -1, expected], task.Answer(input));
        }
    }

    [Fact]
    public void NamesAndSettings()
    {
        Assert.Equal("min", new MinMaxTask(MinMaxKind.Min).Name);
        Assert.Equal("max", new MinMaxTask(MinMaxKind.Max, 50).Name);
        Assert.Equal("50", new MinMaxTask(MinMaxKind.Max, 50).Settings["p"]);
        Assert.Contains("p = 1", Assert.Throws<ArgumentException>(() => new MinMaxTask(MinMaxKind.Min, 1)).Message);
    }
}
