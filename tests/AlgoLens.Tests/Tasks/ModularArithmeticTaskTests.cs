using System.Numerics;
using AlgoLens.Tasks;

namespace AlgoLens.Tests.Tasks;

public class ModularArithmeticTaskTests
{
    public static TheoryData<string, int> OperationsAndPrimes()
    {
        var data = new TheoryData<string, int>();
        foreach (ModularOperation operation in ModularOperation.All)
        {
            data.Add(operation.Name, 113);
            data.Add(operation.Name, 97);
            data.Add(operation.Name, 2);
        }
        return data;
    }

    // Written from the definitions in Power et al. 2022, separately from ModularOperation: BigInteger
    // so that no intermediate can overflow, and inverses by search rather than by Fermat or tables.
    private static int Expected(string operation, int a, int b, int p)
    {
        BigInteger x = a, y = b;
        BigInteger value = operation switch
        {
            "add" => x + y,
            "sub" => x - y,
            "mul" => x * y,
            "div" => x * InverseBySearch(b, p),
            "x2_plus_y2" => x * x + y * y,
            "x2_xy_y2" => x * x + x * y + y * y,
            "x2_xy_y2_x" => x * x + x * y + y * y + x,
            "x3_xy" => x * x * x + x * y,
            "x3_xy2_y" => x * x * x + x * y * y + y,
            "odd_div_else_sub" => b % 2 == 1 ? x * InverseBySearch(b, p) : x - y,
            _ => throw new ArgumentException($"No reference formula for {operation}."),
        };
        return (int)(((value % p) + p) % p);
    }

    private static int InverseBySearch(int b, int p)
    {
        for (int candidate = 1; candidate < p; candidate++)
        {
            if ((long)b * candidate % p == 1)
            {
                return candidate;
            }
        }
        throw new ArgumentException($"{b} has no inverse mod {p}.");
    }

    private static ModularArithmeticTask Task(string name, int p) =>
        new(ModularOperation.All.Single(o => o.Name == name), p);

    [Theory]
    [MemberData(nameof(OperationsAndPrimes))]
    public void EveryLabelMatchesAnswerAndTheDefinition(string name, int p)
    {
        var task = Task(name, p);
        var data = new BinaryData(task.Generate());
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<int> input = data.Input(i);
            int expected = Expected(name, input[0], input[1], p);
            Assert.Equal(expected, data.Labels[i]);
            Assert.Equal([-1, -1, expected], task.Answer(input));
        }
    }

    [Theory]
    [MemberData(nameof(OperationsAndPrimes))]
    public void DatasetHoldsEveryDefinedPairInCanonicalOrder(string name, int p)
    {
        var task = Task(name, p);
        var data = new BinaryData(task.Generate());
        bool skipsZero = name == "div";
        Assert.Equal(skipsZero ? p * (p - 1) : p * p, data.Count);
        Assert.Equal(3, data.Inputs.Positions);
        Assert.Equal(data.Count, data.Labels.Length);

        int i = 0;
        for (int a = 0; a < p; a++)
        {
            for (int b = skipsZero ? 1 : 0; b < p; b++)
            {
                Assert.Equal([a, b, p], data.Input(i).ToArray());
                i++;
            }
        }
    }

    [Theory]
    [InlineData(113)]
    [InlineData(12)]
    public void TokenLayoutFollowsTheGrokkingConvention(int p)
    {
        var task = new ModularArithmeticTask(ModularOperation.Add, p);
        Assert.Equal(p + 1, task.Vocabulary.Count);
        Assert.Equal("=", task.Vocabulary.Names[p]);
        Assert.Equal(p, task.EqualsToken);
        for (int i = 0; i < p; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), task.Vocabulary.Names[i]);
        }
        Assert.Equal(p, task.OutputVocabulary.Count);
        Assert.Equal(3, task.SequenceLength);
        Assert.Equal([2], task.LossPositions);
        Assert.Equal("add", task.Name);
        Assert.Equal("(a + b) mod p", task.Description);
        Assert.Equal(new Dictionary<string, string> { ["p"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture) }, task.Settings);
    }

    [Fact]
    public void DivisionUndoesMultiplicationAndLeavesOutZero()
    {
        const int p = 113;
        var data = new BinaryData(new ModularArithmeticTask(ModularOperation.Divide, p).Generate());
        Assert.Equal(p * (p - 1), data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            int a = data.Input(i)[0], b = data.Input(i)[1];
            Assert.NotEqual(0, b);
            Assert.Equal(a, (int)((long)data.Labels[i] * b % p));
        }
    }

    [Fact]
    public void OddDivElseSubDividesForOddBAndSubtractsForEvenIncludingZero()
    {
        const int p = 97;
        var task = new ModularArithmeticTask(ModularOperation.OddDivElseSub, p);
        Assert.Equal(p * p, task.Generate().Count);
        Assert.Equal([-1, -1, 5], task.Answer([5, 0, p]));
        Assert.Equal([-1, -1, p - 1], task.Answer([3, 4, p]));
        Assert.Equal([-1, -1, 3], task.Answer([3 * 7 % p, 7, p]));
    }

    [Theory]
    [InlineData("div")]
    [InlineData("odd_div_else_sub")]
    public void OperationsThatDivideRefuseACompositeModulus(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Task(name, 114));
        Assert.Contains("114 = 2·3·19", error.Message);
        Assert.Contains("prime", error.Message);
        Assert.Contains("try 113", error.Message);
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("mul")]
    [InlineData("x2_plus_y2")]
    [InlineData("x2_xy_y2")]
    [InlineData("x2_xy_y2_x")]
    [InlineData("x3_xy")]
    [InlineData("x3_xy2_y")]
    public void OperationsWithoutDivisionWorkForACompositeModulus(string name)
    {
        const int p = 12;
        var task = Task(name, p);
        var data = new BinaryData(task.Generate());
        Assert.Equal(p * p, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(Expected(name, data.Input(i)[0], data.Input(i)[1], p), data.Labels[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(10008)]
    public void ModulusOutOfRangeIsRefusedNamingIt(int p)
    {
        var error = Assert.Throws<ArgumentException>(() => new ModularArithmeticTask(ModularOperation.Add, p));
        Assert.Contains($"p = {p}", error.Message);
    }

    [Fact]
    public void LargestModulusDoesNotOverflow()
    {
        const int p = 10007;
        int[] values = [0, 1, 2, p / 2, p - 2, p - 1];
        foreach (ModularOperation operation in ModularOperation.All)
        {
            var task = new ModularArithmeticTask(operation, p);
            foreach (int a in values)
            {
                foreach (int b in values.Where(b => !(operation.ExcludesZeroDivisor && b == 0)))
                {
                    Assert.Equal([-1, -1, Expected(operation.Name, a, b, p)], task.Answer([a, b, p]));
                }
            }
        }
    }

    [Fact]
    public void TablesAgreeWithTheDefinitionAtALargerPrime()
    {
        const int p = 1009;
        foreach (ModularOperation operation in ModularOperation.All)
        {
            var data = new BinaryData(new ModularArithmeticTask(operation, p).Generate());
            for (int i = 0; i < data.Count; i += 7)
            {
                Assert.Equal(Expected(operation.Name, data.Input(i)[0], data.Input(i)[1], p), data.Labels[i]);
            }
        }
    }

    [Fact]
    public void AnswerRefusesInputsThatAreNotExamples()
    {
        var add = new ModularArithmeticTask(ModularOperation.Add, 7);
        Assert.Contains("3 tokens", Assert.Throws<ArgumentException>(() => add.Answer([1, 2])).Message);
        Assert.Contains("b = 7", Assert.Throws<ArgumentException>(() => add.Answer([1, 7, 7])).Message);
        Assert.Contains("a = -1", Assert.Throws<ArgumentException>(() => add.Answer([-1, 2, 7])).Message);
        Assert.Contains("'='", Assert.Throws<ArgumentException>(() => add.Answer([1, 2, 3])).Message);

        var div = new ModularArithmeticTask(ModularOperation.Divide, 7);
        Assert.Contains("b = 0", Assert.Throws<ArgumentException>(() => div.Answer([3, 0, 7])).Message);
    }
}
