using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class TaskVocabularyTests
{
    private static readonly TaskVocabulary Sorting = new(["0", "1", "2", "3", "START", "MID", "PAD"], padToken: "PAD");

    [Fact]
    public void TextBecomesTokensAndBack()
    {
        int[] tokens = Sorting.ToTokens("START 3 1  2 MID");
        Assert.Equal([4, 3, 1, 2, 5], tokens);
        Assert.Equal(["START", "3", "1", "2", "MID"], Sorting.ToStrTokens(tokens));
        Assert.Equal("START 3 1 2 MID", Sorting.ToText(tokens));
        Assert.Equal(6, Sorting.PadToken);
    }

    [Fact]
    public void TheAddTasksTokensReadAsTheyAreWritten()
    {
        var add = TaskRegistry.Create("add", new TaskOptions { P = 113 });
        Assert.Equal([3, 5, 113], add.Vocabulary.ToTokens("3 5 ="));
        Assert.Equal(["112"], add.OutputVocabulary.ToStrTokens([112]));
    }

    [Fact]
    public void AnUnknownTokenIsNamedWithTheClosestKnownOne()
    {
        var error = Assert.Throws<ArgumentException>(() => Sorting.ToTokens("START 3 MDI"));
        Assert.Contains("'MDI'", error.Message);
        Assert.Contains("'MID'", error.Message);
        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => Sorting.ToStrTokens([9])).Message);
        Assert.Contains("no tokens", Assert.Throws<ArgumentException>(() => Sorting.ToTokens("   ")).Message);
    }

    [Fact]
    public void NamesMustBeUniqueAndWithoutSpaces()
    {
        Assert.Contains("used twice", Assert.Throws<ArgumentException>(() => new TaskVocabulary(["a", "b", "a"])).Message);
        Assert.Contains("white space", Assert.Throws<ArgumentException>(() => new TaskVocabulary(["a b"])).Message);
        Assert.Contains("pad token", Assert.Throws<ArgumentException>(() => new TaskVocabulary(["a"], padToken: "PAD")).Message);
    }
}
