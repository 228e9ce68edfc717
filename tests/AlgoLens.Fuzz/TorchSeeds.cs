using System.IO.Compression;
using AlgoLens.Models;

namespace AlgoLens.Fuzz;

/// <summary>
/// The crafted checkpoints of the probes that found the importer's unbounded copies, as seeds for
/// the torch and pickle fuzz targets and as inputs for tests: expanded (stride-0) views that are and
/// are not parameters, zip64 sizes (real, and negative as a signed read of a huge unsigned one),
/// and the fixtures of tools/make_pt_fixtures.py.
/// </summary>
public static class TorchSeeds
{
    /// <summary>The element count of the probes' expanded buffers: 250,000,000 float32s (1 GB) from one stored float.</summary>
    public const long ProbeExpandedSize = 250_000_000;

    /// <summary>The tiny fixture model's parameters (<see cref="TorchTarget.TinyConfig"/>) as contiguous float32 tensors.</summary>
    public static PtBuilder TinyModel()
    {
        var model = ModelKinds.Create(TorchTarget.TinyConfig);
        var builder = new PtBuilder();
        foreach (string name in model.Parameters.Names)
        {
            var parameter = model.Parameters[name];
            builder.Floats(name, parameter.Data, parameter.Shape);
        }
        return builder;
    }

    /// <summary>
    /// <see cref="TinyModel"/> plus <paramref name="count"/> buffers that are not parameters, each a
    /// view of <paramref name="size"/> elements with stride 0 on a one-float storage:
    /// <c>_rebuild_tensor_v2(storage(1), 0, (size,), (0,))</c>, as <c>torch.zeros(1).expand(size)</c> saves.
    /// </summary>
    public static PtBuilder WithExpandedBuffers(int count, long size)
    {
        var builder = TinyModel();
        builder.Storage("expanded", new byte[4]);
        for (int i = 0; i < count; i++)
        {
            builder.View($"buffers.expanded_{i}", "expanded", "FloatStorage", 1, 0, [size], [0]);
        }
        return builder;
    }

    /// <summary>Writes the generated seeds under <paramref name="directory"/>/torch and /pickle; <paramref name="fixtures"/> is the folder of the .pt fixtures.</summary>
    public static void Write(string directory, string fixtures)
    {
        string torch = Path.Combine(directory, "torch");
        string pickle = Path.Combine(directory, "pickle");
        Directory.CreateDirectory(torch);
        Directory.CreateDirectory(pickle);
        foreach (string file in new[] { "tiny_state_dict.pt", "tiny_proto4.pt", "tiny_nested.pt", "tiny_zip64.pt", "int_weights.pt", "malicious_os_system.pt" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(fixtures, file));
            File.WriteAllBytes(Path.Combine(torch, file), bytes);
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            using var data = zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).Open();
            using var copy = File.Create(Path.Combine(pickle, Path.ChangeExtension(file, ".pkl")));
            data.CopyTo(copy);
        }
        var expanded = WithExpandedBuffers(2, ProbeExpandedSize);
        File.WriteAllBytes(Path.Combine(torch, "expanded_buffers.pt"), expanded.ToBytes());
        var keptExpanded = TinyModel();
        keptExpanded.Storage("one", new byte[4]).View("blocks.0.mlp.b_in", "one", "FloatStorage", 1, 0, [16], [0]);
        File.WriteAllBytes(Path.Combine(torch, "expanded_parameter.pt"), keptExpanded.ToBytes());
        var small = new PtBuilder().Floats("embed.W_E", new float[40], 5, 8);
        File.WriteAllBytes(Path.Combine(torch, "zip64_sizes.pt"), PtBuilder.Zip(small.Entries(), ("archive/data.pkl", small.Pickle().Length)));
        File.WriteAllBytes(Path.Combine(torch, "zip64_negative.pt"), PtBuilder.Zip(small.Entries(), ("archive/data.pkl", -8)));

        // Pickles over the pickle target's storages "0" ... "31" (1 KiB each).
        File.WriteAllBytes(Path.Combine(pickle, "expanded_views.pkl"), new PtBuilder()
            .View("a", "0", "FloatStorage", 1, 0, [ProbeExpandedSize], [0])
            .View("b", "1", "FloatStorage", 16, 0, [4, 4, 1_000_000], [4, 1, 0])
            .View("embed.W_E", "2", "FloatStorage", 8, 0, [5, 8], [0, 1])
            .Pickle());
        File.WriteAllBytes(Path.Combine(pickle, "empty_dicts.pkl"), [0x80, 2, .. Enumerable.Repeat(new byte[] { (byte)'}', 0x94 }, 64).SelectMany(b => b), (byte)'.']);
        File.WriteAllBytes(Path.Combine(pickle, "empty_lists.pkl"), [0x80, 2, .. Enumerable.Repeat((byte)']', 64), (byte)'.']);
    }
}
