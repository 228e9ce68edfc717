using AlgoLens.Analysis.Lottery;
using AlgoLens.Models;
using AlgoLens.Tests.Training;
using AlgoLens.Training;

namespace AlgoLens.Tests.Analysis.Lottery;

public sealed class MagnitudePruningTests
{
    private const string Win = "blocks.0.mlp.W_in";
    private const string We = "embed.W_E";

    private static IModel Fresh() => ModelKinds.Create(new Trainer(TinyRun.Task, TinyRun.Model, TinyRun.Training(1)).ModelConfig);

    // Planted: entry i of a parameter gets magnitude (rank i of a seeded shuffle + 1) · scale, with
    // alternating signs, so the smallest magnitudes are known by construction.
    private static int[] Plant(IModel model, string name, float scale, int seed)
    {
        var data = model.Parameters[name].Data;
        var rank = Enumerable.Range(0, data.Length).ToArray();
        new Random(seed).Shuffle(rank);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (rank[i] + 1) * scale * (i % 2 == 0 ? 1 : -1);
        }
        return rank;
    }

    [Fact]
    public void Pruning_keeps_exactly_the_largest_magnitudes_per_layer()
    {
        var model = Fresh();
        int[] rankIn = Plant(model, Win, 0.01f, 1);
        int[] rankE = Plant(model, We, 1f, 2);
        var mask = MagnitudePruning.Prune(model, [Win, We], 0.75, PruningScope.PerLayer);
        foreach (var (name, rank) in new[] { (Win, rankIn), (We, rankE) })
        {
            int size = rank.Length;
            int removed = (int)Math.Round(0.75 * size, MidpointRounding.AwayFromZero);
            Assert.Equal(size - removed, mask.KeptCount(name));
            // Kept ⇔ among the size − removed largest ranks, whatever the sign.
            Assert.All(Enumerable.Range(0, size), i => Assert.Equal(rank[i] >= removed, mask.IsKept(name, i)));
        }
        Assert.Equal(0.75, mask.Sparsity, 3);
    }

    [Fact]
    public void Global_pruning_ranks_all_layers_together_and_per_layer_prunes_each_alike()
    {
        var model = Fresh();
        Plant(model, Win, 0.0001f, 3); // every W_in entry (≤ 0.21) smaller than every W_E entry (≥ 1)
        Plant(model, We, 1f, 4);
        int sizeIn = model.Parameters[Win].Size, sizeE = model.Parameters[We].Size;
        int total = sizeIn + sizeE;
        double sparsity = (double)sizeIn / total * 0.5; // globally, only W_in's smallest half goes
        var global = MagnitudePruning.Prune(model, [Win, We], sparsity, PruningScope.Global);
        int removed = (int)Math.Round(sparsity * total, MidpointRounding.AwayFromZero);
        Assert.Equal(sizeE, global.KeptCount(We));
        Assert.Equal(sizeIn - removed, global.KeptCount(Win));
        var perLayer = MagnitudePruning.Prune(model, [Win, We], sparsity, PruningScope.PerLayer);
        Assert.Equal(sizeIn - (int)Math.Round(sparsity * sizeIn, MidpointRounding.AwayFromZero), perLayer.KeptCount(Win));
        Assert.Equal(sizeE - (int)Math.Round(sparsity * sizeE, MidpointRounding.AwayFromZero), perLayer.KeptCount(We));
        Assert.True(perLayer.KeptCount(We) < sizeE);
    }

    [Fact]
    public void Rounds_reach_the_target_and_never_revive_a_pruned_weight()
    {
        Assert.Equal(1 - Math.Pow(0.1, 1.0 / 3), PruningSchedule.SparsityAfter(0.9, 3, 1), 12);
        Assert.Equal(0.9, PruningSchedule.SparsityAfter(0.9, 3, 3));
        var model = Fresh();
        Plant(model, Win, 0.01f, 5);
        var first = MagnitudePruning.Prune(model, [Win], PruningSchedule.SparsityAfter(0.8, 2, 1), PruningScope.PerLayer);
        // The weights change between rounds (training): make a removed entry the largest of all.
        var data = model.Parameters[Win].Data;
        int revived = Enumerable.Range(0, data.Length).First(i => !first.IsKept(Win, i));
        data[revived] = 1e6f;
        var second = MagnitudePruning.Prune(model, [Win], 0.8, PruningScope.PerLayer, first);
        Assert.False(second.IsKept(Win, revived));
        Assert.All(Enumerable.Range(0, data.Length), i => Assert.True(first.IsKept(Win, i) || !second.IsKept(Win, i)));
        Assert.Equal(data.Length - (int)Math.Round(0.8 * data.Length, MidpointRounding.AwayFromZero), second.KeptCount(Win));
    }

    [Fact]
    public void The_random_control_keeps_the_same_counts_per_parameter_at_other_positions()
    {
        var model = Fresh();
        var ticket = MagnitudePruning.Prune(model, Prunable.Default(model), 0.8, PruningScope.Global);
        var random = RandomMask.Like(ticket, seed: 7);
        Assert.Equal(ticket.Names, random.Names);
        Assert.All(ticket.Names, n => Assert.Equal(ticket.KeptCount(n), random.KeptCount(n)));
        Assert.NotEqual(ticket.KeptOf(Win), random.KeptOf(Win));
        Assert.Equal(random.KeptOf(Win), RandomMask.Like(ticket, seed: 7).KeptOf(Win)); // seeded
    }

    [Fact]
    public void Weight_matrices_are_prunable_by_default_but_not_biases_norms_or_the_positional_embedding()
    {
        var names = Prunable.Default(Fresh());
        Assert.Contains(We, names);
        Assert.Contains("unembed.W_U", names);
        Assert.Contains(Win, names);
        Assert.DoesNotContain("pos_embed.W_pos", names);
        Assert.DoesNotContain(names, n => n.Contains(".b_", StringComparison.Ordinal) || n.Contains("ln", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void A_sparsity_outside_the_open_unit_interval_is_refused(double sparsity)
    {
        var e = Assert.Throws<ArgumentException>(() => new LotteryOptions { Sparsities = [sparsity] }.Validate());
        Assert.Contains("(0, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_round_trips_through_its_file()
    {
        var model = Fresh();
        var mask = MagnitudePruning.Prune(model, Prunable.Default(model), 0.5, PruningScope.PerLayer);
        string path = Path.Combine(TinyRun.NewDirectory(), ParameterMask.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        mask.Save(path);
        var back = ParameterMask.Load(path);
        Assert.Equal(mask.Names, back.Names);
        Assert.All(mask.Names, n => Assert.Equal(mask.KeptOf(n), back.KeptOf(n)));
        Assert.All(mask.Names, n => Assert.Equal(mask.ShapeOf(n), back.ShapeOf(n)));
    }
}
