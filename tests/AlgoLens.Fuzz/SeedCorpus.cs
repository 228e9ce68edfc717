using System.Text;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;

namespace AlgoLens.Fuzz;

/// <summary>
/// Writes the generated part of the seed corpus (tests/fuzz/corpus): small safetensors files made
/// by the product's own writer (models of each kind with their config in the metadata, token files,
/// every dtype), each kind's config JSON, token texts as `tasks show` prints them, and PyTorch
/// checkpoints and their pickles (<see cref="TorchSeeds"/>; run from the repository root). The
/// TransformerLens-style configs there are copies of the test fixtures. Run:
/// <c>dotnet run --project tests/AlgoLens.Fuzz -- --write-corpus tests/fuzz/corpus</c>.
/// </summary>
public static class SeedCorpus
{
    /// <summary>Writes the seeds under <paramref name="directory"/>/{safetensors,config,tokens,torch,pickle}.</summary>
    public static void Write(string directory)
    {
        var transformer = new HookedTransformerConfig { NLayers = 1, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 6, DVocabOut = 5, NCtx = 3, NormalizationType = "LN" };
        var attnOnly = transformer with { AttnOnly = true, ActFn = null, NormalizationType = "none" };
        var mlp = new MlpConfig { NCtx = 2, DVocab = 5, DVocabOut = 5, DEmbed = 4, DHidden = [8] };
        var toy = new ToySuperpositionConfig { NFeatures = 5, DHidden = 2, NInstances = 2 };

        string tensors = Path.Combine(directory, "safetensors");
        Directory.CreateDirectory(tensors);
        ModelFile.Save(ModelKinds.Create(transformer), Path.Combine(tensors, "transformer_ln.safetensors"));
        ModelFile.Save(ModelKinds.Create(attnOnly), Path.Combine(tensors, "transformer_attn_only.safetensors"));
        ModelFile.Save(ModelKinds.Create(mlp), Path.Combine(tensors, "mlp.safetensors"));
        ModelFile.Save(ModelKinds.Create(toy), Path.Combine(tensors, "toy.safetensors"));
        new SafetensorsWriter()
            .AddInt64("tokens", [1, 2, 5, 3, 4, 5], 2, 3)
            .AddInt64("labels", [3, 2], 2)
            .Save(Path.Combine(tensors, "tokens.safetensors"));
        new SafetensorsWriter()
            .Add("f32", [1f, -2f, 0.5f], 3)
            .AddFloat64("f64", [1, 2], 2, 1)
            .Add("empty", [], 0, 4)
            .Metadata("note", "every dtype the writer has")
            .Save(Path.Combine(tensors, "dtypes.safetensors"));

        string configs = Path.Combine(directory, "config");
        Directory.CreateDirectory(configs);
        File.WriteAllText(Path.Combine(configs, "transformer_ln.json"), transformer.ToJson());
        File.WriteAllText(Path.Combine(configs, "transformer_attn_only.json"), attnOnly.ToJson());
        File.WriteAllText(Path.Combine(configs, "mlp.json"), mlp.ToJson());
        File.WriteAllText(Path.Combine(configs, "toy.json"), toy.ToJson());

        TorchSeeds.Write(directory, Path.Combine("tests", "AlgoLens.Tests", "Fixtures", "pt"));

        string tokens = Path.Combine(directory, "tokens");
        Directory.CreateDirectory(tokens);
        string[] texts = ["62 5 =", "34 41 =; 55 85 =", "1 2 3; 4 5 6", "1,2,3", "30412 34201 =", "23014 41032 =; 20143 12430 =", "5; 7; 9"];
        for (int i = 0; i < texts.Length; i++)
        {
            File.WriteAllText(Path.Combine(tokens, $"text_{i}.txt"), texts[i], new UTF8Encoding(false));
        }
    }
}
