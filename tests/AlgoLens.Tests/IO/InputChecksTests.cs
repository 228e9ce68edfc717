using System.Diagnostics;
using AlgoLens.IO;
using AlgoLens.Models;

namespace AlgoLens.Tests.IO;

/// <summary>Inputs refused before anything is opened whole or allocated: special files, headers that overreach, configs far larger than their weights.</summary>
public sealed class InputChecksTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("algolens-input-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [SkippableFact]
    public void A_fifo_and_a_device_are_refused_by_kind_without_blocking()
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no mkfifo and no /dev/zero to refuse");
        string fifo = Path.Combine(directory, "weights.safetensors");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        // Opening a FIFO with no writer blocks; the check must refuse it before any open.
        Assert.Contains("FIFO", Assert.Throws<ArgumentException>(() => SafetensorsFile.Load(fifo)).Message);
        Assert.Contains("character device", Assert.Throws<ArgumentException>(() => SafetensorsFile.Load("/dev/zero")).Message);
        Assert.Contains("folder", Assert.Throws<ArgumentException>(() => InputFile.RequireRegular(directory, "--config")).Message);
        InputFile.RequireRegular(WriteSmallModel(), "--model"); // a regular file passes
    }

    [Fact]
    public void A_header_that_describes_more_data_than_the_file_holds_is_refused_before_the_body_is_read()
    {
        string path = Path.Combine(directory, "short.safetensors");
        var bytes = new SafetensorsWriter().Add("w", new float[1000], 1000).ToBytes();
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Load(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_config_far_larger_than_its_weights_is_refused_before_the_model_is_built()
    {
        string path = WriteSmallModel();
        var file = SafetensorsFile.Load(path);
        var huge = ((HookedTransformerConfig)ModelFile.ReadConfig(file)) with { DVocab = 8_000_000 };
        // 8e6 × 16 values of W_E alone would be 512 MB; the refusal names the counts instead.
        var error = Assert.Throws<SafetensorsFormatException>(() => ModelFile.LoadModel(path, huge));
        Assert.Contains("does not match the weights", error.Message);
        Assert.Contains(huge.ParameterCount().ToString("N0"), error.Message);
    }

    [Fact]
    public void Integer_weights_are_refused_by_name()
    {
        var file = SafetensorsFile.Load(WriteSmallModel());
        var config = ModelFile.ReadConfig(file);
        var model = ModelKinds.Create(config);
        var writer = new SafetensorsWriter();
        foreach (string name in model.Parameters.Names)
        {
            var tensor = model.Parameters[name];
            if (name == "embed.W_E")
            {
                writer.AddInt64(name, new long[tensor.Size], tensor.Shape.ToArray());
            }
            else
            {
                writer.Add(name, tensor);
            }
        }
        var error = Assert.Throws<SafetensorsFormatException>(() => ModelFile.LoadWeights(model, SafetensorsFile.Parse(writer.ToBytes(), "ints")));
        Assert.Contains("'embed.W_E' is stored as I64", error.Message);
    }

    private string WriteSmallModel()
    {
        string path = Path.Combine(directory, "model.safetensors");
        var config = new HookedTransformerConfig { NLayers = 1, DModel = 16, NHeads = 2, DHead = 8, DMlp = 32, DVocab = 10, NCtx = 3 };
        ModelFile.Save(ModelKinds.Create(config), path);
        return path;
    }
}
