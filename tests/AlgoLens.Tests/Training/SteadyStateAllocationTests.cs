using AlgoLens.Data;
using AlgoLens.Models;
using AlgoLens.Tensors;
using AlgoLens.Tensors.Optim;
using Xunit.Abstractions;

namespace AlgoLens.Tests.Training;

/// <summary>
/// A training step in a <see cref="MemoryScope"/> allocates almost nothing once warm, for the
/// model paths the trainer takes: the first-layer tables with the folded ReLU MLP (the grokking
/// preset's shape), tables with LayerNorm and GELU over two layers, and a longer sequence whose
/// first attention gathers q, k and v per slot. What may remain is per-op bookkeeping (tensor
/// objects, graph nodes, backward closures), a few hundred bytes per op; every array of the size
/// of the batch (activations, gradients, index arrays and plans) must come from the pool.
/// </summary>
/// <remarks>
/// Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> on one engine thread, so the
/// count is this step's alone. The same step without a scope is measured too: it must allocate
/// many times the bound, or the count would not be seeing the step's arrays at all.
/// </remarks>
public class SteadyStateAllocationTests(ITestOutputHelper output)
{
    // Bytes per step allowed once warm: the bookkeeping of some 60-100 ops, with room to spare,
    // and far below one [batch, d_model] activation of these shapes (256 KiB and more).
    private const long BoundPerStep = 64 * 1024;

    public static TheoryData<string> Shapes => new() { "tables-relu-1", "tables-ln-gelu-2", "gathered-ln-gelu-2" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AWarmStepAllocatesLessThanTheBound(string shape)
    {
        var (model, tokens, positions, labels) = Build(shape);
        var optimizer = new AdamW(model.TrainableParameters, 1e-3, 0.9, 0.98, 1e-8, 1.0);
        using var oneThread = ComputeContext.Use(new ComputeContext(1));
        var options = ForwardOptions.AtPositions(positions);
        double Step(bool scoped)
        {
            using var scope = scoped ? MemoryScope.Begin() : null;
            optimizer.ZeroGrad();
            var logits = model.Forward(tokens, options);
            var loss = Ops.CrossEntropy(Ops.Reshape(logits, labels.Length, -1), labels, out double value);
            loss.Backward();
            optimizer.Step();
            return value;
        }

        double first = Step(scoped: true);
        for (int i = 0; i < 3; i++)
        {
            Step(scoped: true);
        }
        const int Steps = 3;
        long before = GC.GetAllocatedBytesForCurrentThread();
        double last = 0;
        for (int i = 0; i < Steps; i++)
        {
            last = Step(scoped: true);
        }
        long scopedPerStep = (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;

        before = GC.GetAllocatedBytesForCurrentThread();
        Step(scoped: false);
        long unscopedPerStep = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"{shape}: {scopedPerStep} bytes per warm step in a scope, {unscopedPerStep} without one");
        Assert.True(last < first, $"{shape}: training did not lower the loss ({first} -> {last}); the steps measured did no work.");
        Assert.True(unscopedPerStep > 10 * BoundPerStep,
            $"{shape}: the step without a scope allocated only {unscopedPerStep} bytes; the count does not see the step's arrays.");
        Assert.True(scopedPerStep < BoundPerStep,
            $"{shape}: a warm step in a MemoryScope allocated {scopedPerStep} bytes (bound {BoundPerStep}; without a scope {unscopedPerStep}).");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheShapesTakeTheirIntendedPaths(string shape)
    {
        var (model, tokens, positions, _) = Build(shape);
        Assert.True(FirstLayerTableForward.Supports(model, tokens));
        Assert.Equal(shape.StartsWith("tables", StringComparison.Ordinal), FirstLayerTableForward.ReadsTablesInFirstAttention(model, tokens, positions));
        Assert.Equal(shape == "tables-relu-1", FirstLayerTableForward.FoldsFirstMlpInput(model, tokens, positions));
    }

    // A model, one batch of random tokens (the same each step, as a full-batch run has) and the
    // labels at the loss positions.
    private static (HookedTransformer Model, TokenBatch Tokens, int[] Positions, int[] Labels) Build(string shape)
    {
        var (config, batch, positions, lossPositions) = shape switch
        {
            "tables-relu-1" => (new HookedTransformerConfig { DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, DVocab = 24, NCtx = 3, Seed = 1 }, 512, 3, new[] { 2 }),
            "tables-ln-gelu-2" => (new HookedTransformerConfig { NLayers = 2, DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, DVocab = 24, NCtx = 3, ActFn = "gelu", NormalizationType = "LN", Seed = 2 }, 512, 3, new[] { 2 }),
            "gathered-ln-gelu-2" => (new HookedTransformerConfig { NLayers = 2, DModel = 64, NHeads = 4, DHead = 16, DMlp = 256, DVocab = 16, NCtx = 16, ActFn = "gelu", NormalizationType = "LN", Seed = 3 }, 64, 16, Enumerable.Range(0, 16).ToArray()),
            _ => throw new ArgumentException($"Unknown shape '{shape}'."),
        };
        var rng = new Tensors.Random.Rng(7);
        var ids = new int[batch * positions];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = rng.NextInt(config.DVocab);
        }
        var labels = new int[batch * lossPositions.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rng.NextInt(config.DVocab);
        }
        return (new HookedTransformer(config), new TokenBatch(ids, batch, positions), lossPositions, labels);
    }
}
