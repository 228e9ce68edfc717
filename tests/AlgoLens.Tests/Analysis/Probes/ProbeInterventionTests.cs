using AlgoLens.Analysis.Probes;
using AlgoLens.Tests.Analysis.Interp;

namespace AlgoLens.Tests.Analysis.Probes;

/// <summary>Probe directions as interventions, and probe rows from a cache.</summary>
public class ProbeInterventionTests
{
    private static readonly double[] Direction = [1, -2, 0.5, 0, 3, 1, -1, 2]; // d_model = 8

    [Fact]
    public void AddingADirectionAddsExactlyAlphaTimesItAtTheChosenPosition()
    {
        var model = TinyModels.Model(layers: 2);
        var clean = model.RunWithCache(TinyModels.Clean).Cache["resid_post", 0];
        var (logits, cache) = model.RunWithHooksAndCache(TinyModels.Clean, [ProbeIntervention.Add("blocks.0.hook_resid_post", Direction, alpha: 0.5, position: 2)]);
        var edited = cache["resid_post", 0];
        for (int b = 0; b < 3; b++)
        {
            for (int p = 0; p < 4; p++)
            {
                for (int i = 0; i < 8; i++)
                {
                    int at = (b * 4 + p) * 8 + i;
                    double expected = clean.Data[at] + (p == 2 ? 0.5 * Direction[i] : 0);
                    Assert.Equal(expected, edited.Data[at], 5);
                }
            }
        }
        Assert.NotEqual(model.RunWithHooks(TinyModels.Clean).Data, logits.Data); // the output changes
    }

    [Fact]
    public void ProjectingADirectionOutLeavesNoComponentAlongItAndKeepsTheRest()
    {
        var model = TinyModels.Model(layers: 2);
        var clean = model.RunWithCache(TinyModels.Clean).Cache["resid_post", 0];
        var (_, cache) = model.RunWithHooksAndCache(TinyModels.Clean, [ProbeIntervention.ProjectOut("blocks.0.hook_resid_post", Direction)]);
        var edited = cache["resid_post", 0];
        double norm = Math.Sqrt(Direction.Sum(v => v * v));
        for (int row = 0; row < 12; row++)
        {
            double along = 0, cleanAlong = 0;
            for (int i = 0; i < 8; i++)
            {
                along += edited.Data[row * 8 + i] * Direction[i] / norm;
                cleanAlong += clean.Data[row * 8 + i] * Direction[i] / norm;
            }
            Assert.True(Math.Abs(along) < 1e-5, $"row {row}: {along} left along the direction");
            Assert.True(Math.Abs(cleanAlong) > 1e-4, $"row {row}: the clean run had no component to remove");
            for (int i = 0; i < 8; i++) // edited = clean − (clean·u)u
            {
                Assert.Equal(clean.Data[row * 8 + i] - cleanAlong * Direction[i] / norm, edited.Data[row * 8 + i], 5);
            }
        }
    }

    [Fact]
    public void ADirectionOfTheWrongWidthOrZeroIsRefused()
    {
        var model = TinyModels.Model(layers: 1);
        var error = Assert.Throws<ArgumentException>(() => model.RunWithHooks(TinyModels.Clean, ProbeIntervention.Add("blocks.0.hook_resid_post", [1, 2, 3], 1)));
        Assert.Contains("last axis has 8", error.Message);
        Assert.Throws<ArgumentException>(() => ProbeIntervention.ProjectOut("blocks.0.hook_resid_post", new double[8]));
    }

    [Fact]
    public void CacheRowsAreTheActivationsAtTheChosenPositionsExampleMajor()
    {
        var model = TinyModels.Model(layers: 2);
        var cache = model.RunWithCache(TinyModels.Clean).Cache;
        var rows = ProbeActivations.FromCache(cache, "blocks.1.hook_resid_post", [0, -1]);
        var full = cache["blocks.1.hook_resid_post"];
        Assert.Equal((6, 8), (rows.GetLength(0), rows.GetLength(1)));
        for (int b = 0; b < 3; b++)
        {
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(full.Data[(b * 4 + 0) * 8 + i], rows[b * 2, i]);
                Assert.Equal(full.Data[(b * 4 + 3) * 8 + i], rows[b * 2 + 1, i]);
            }
        }
        Assert.Equal(12 * 8, ProbeActivations.FromCache(cache, "z1").Length); // [batch, pos, head, d_head] → rows of head·d_head
        Assert.Contains("outside the sequence", Assert.Throws<ArgumentOutOfRangeException>(() => ProbeActivations.FromCache(cache, "blocks.1.hook_resid_post", [4])).Message);
        Assert.Contains("[batch, pos, ...]", Assert.Throws<ArgumentException>(() => ProbeActivations.FromCache(cache, "pattern0")).Message);
    }
}
