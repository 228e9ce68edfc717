using AlgoLens.Tasks;
using AlgoLens.Tasks.Groups;

namespace AlgoLens.Tests.Tasks.Groups;

public class FiniteGroupTests
{
    public static TheoryData<string, int> Groups => new()
    {
        { "C1", 1 }, { "C7", 7 }, { "C12", 12 }, { "D3", 6 }, { "D4", 8 }, { "D7", 14 }, { "S1", 1 }, { "S3", 6 },
        { "S4", 24 }, { "S5", 120 }, { "A3", 3 }, { "A4", 12 }, { "A5", 60 }, { "C5xC5", 25 }, { "S3xC2", 12 }, { "C2xC2xC3", 12 },
    };

    [Theory]
    [MemberData(nameof(Groups))]
    public void EveryFamilyMeetsTheGroupAxiomsWithTheRightOrder(string name, int order)
    {
        FiniteGroup group = GroupNames.Parse(name);
        Assert.Equal(order, group.Order);
        Assert.Equal(name, group.Name);
        Assert.Null(GroupAxioms.Violation(group.Table, group.Order));
        Assert.Equal(order, group.ElementNames.Distinct().Count());
        for (int a = 0; a < order; a++)
        {
            Assert.Equal(group.Identity, group.Multiply(a, group.Inverse(a)));
        }
    }

    [Fact]
    public void TheLargestGroupsMeetTheAxioms()
    {
        // S6 and A6 at n = 6, the limit: 720³ triples for associativity stay a few seconds.
        Assert.Null(GroupAxioms.Violation(GroupNames.Parse("A6").Table, 360));
        var s6 = GroupNames.Parse("S6");
        Assert.Equal(720, s6.Order);
        Assert.Null(GroupAxioms.Violation(s6.Table, 720));
    }

    [Fact]
    public void TheAxiomCheckFindsEachBrokenAxiom()
    {
        // Z_3's table, then one broken copy per axiom.
        int[] z3 = [0, 1, 2, 1, 2, 0, 2, 0, 1];
        Assert.Null(GroupAxioms.Violation(z3, 3));
        Assert.StartsWith("closure", GroupAxioms.Violation([0, 1, 3, 1, 2, 0, 2, 0, 1], 3));
        Assert.StartsWith("associativity", GroupAxioms.Violation([0, 1, 2, 1, 0, 0, 2, 0, 1], 3));
        Assert.StartsWith("identity", GroupAxioms.Violation([1, 1, 1, 1, 1, 1, 1, 1, 1], 3));
        // a·b = max(a, b): associative with identity 0, but 1 and 2 have no inverse.
        Assert.StartsWith("inverses", GroupAxioms.Violation([0, 1, 2, 1, 1, 2, 2, 2, 2], 3));
    }

    [Fact]
    public void CyclicGroupIsAdditionModN()
    {
        var c = GroupNames.Parse("c113");
        Assert.Equal("C113", c.Name);
        for (int a = 0; a < 113; a++)
        {
            Assert.Equal(a.ToString(System.Globalization.CultureInfo.InvariantCulture), c.ElementNames[a]);
            for (int b = 0; b < 113; b++)
            {
                Assert.Equal((a + b) % 113, c.Multiply(a, b));
            }
        }
    }

    [Fact]
    public void DihedralGroupHasItsPresentation()
    {
        // D_n = <r, s | r^n = s² = 1, s r s = r⁻¹>, r = r1 (index 1), s = s0 (index n).
        int n = 7;
        var d = GroupFamilies.Dihedral(n);
        int r = 1, s = n;
        int power = d.Identity;
        for (int k = 1; k <= n; k++)
        {
            power = d.Multiply(power, r);
            Assert.Equal(k == n, power == d.Identity);
        }
        Assert.Equal(d.Identity, d.Multiply(s, s));
        Assert.Equal(d.Inverse(r), d.Multiply(d.Multiply(s, r), s));
        Assert.Contains(Enumerable.Range(0, 2 * n * 2 * n), i => d.Multiply(i / (2 * n), i % (2 * n)) != d.Multiply(i % (2 * n), i / (2 * n)));
    }

    [Fact]
    public void AlternatingGroupIsTheEvenPermutations()
    {
        var a5 = GroupNames.Parse("A5");
        var s5 = GroupNames.Parse("S5");
        Assert.Equal(60, a5.Order);
        // Every element is an even permutation of S5, i.e. a product of two transpositions' worth: sign by cycle count.
        Assert.All(Enumerable.Range(0, 60), a => Assert.Equal(1, Sign(a5.Permutation(a))));
        Assert.Equal(60, Enumerable.Range(0, 120).Count(g => Sign(s5.Permutation(g)) == 1));
        Assert.Equal(5, a5.ConjugacyClasses().Length);
        Assert.Equal(7, s5.ConjugacyClasses().Length);
    }

    [Fact]
    public void ProductIsComponentwise()
    {
        var c = GroupNames.Parse("C5xC5");
        Assert.Equal("(3,4)", c.ElementNames[3 * 5 + 4]);
        for (int a = 0; a < 25; a++)
        {
            for (int b = 0; b < 25; b++)
            {
                int x = (a / 5 + b / 5) % 5, y = (a % 5 + b % 5) % 5;
                Assert.Equal(x * 5 + y, c.Multiply(a, b));
            }
        }
    }

    [Theory]
    [InlineData("Q8", "not a group name")]
    [InlineData("S7", "S7: n must be 1 to 6")]
    [InlineData("A7", "A7: n must be 2 to 6")]
    [InlineData("D2", "D2: n must be 3")]
    [InlineData("C3000", "C3000: n must be 1 to 2048")]
    [InlineData("S6xS6", "518400 elements")]
    [InlineData("", "not a group name")]
    public void BadNamesAreRefusedWithWhatWorks(string name, string part)
    {
        var e = Assert.Throws<ArgumentException>(() => GroupNames.Parse(name));
        Assert.Contains(part, e.Message, StringComparison.Ordinal);
        Assert.Contains("C113", e.Message, StringComparison.Ordinal);
    }

    // Sign from the cycle decomposition, independent of the inversion count the family uses.
    private static int Sign(int[] p)
    {
        var seen = new bool[p.Length];
        int sign = 1;
        for (int i = 0; i < p.Length; i++)
        {
            int length = 0;
            for (int x = i; !seen[x]; x = p[x])
            {
                seen[x] = true;
                length++;
            }
            sign *= length > 0 && length % 2 == 0 ? -1 : 1;
        }
        return sign;
    }
}
