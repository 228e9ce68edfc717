using System.Text;
using AlgoLens.IO;
using AlgoLens.Models;
using AlgoLens.Models.Mlp;
using AlgoLens.Models.ToySuperposition;
using AlgoLens.Tasks;

namespace AlgoLens.Fuzz;

/// <summary>
/// One reader under fuzzing, with its oracle: every input either reads or throws one of the
/// reader's documented error types, with a message. Anything else is a crash.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The targets: safetensors, config, tokens, torch (.pt files) and pickle (their data.pkl).</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = [new SafetensorsTarget(), new ConfigTarget(), new TokensTarget(), new TorchTarget(), new PickleTarget()];

    /// <summary>The target by name.</summary>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"Unknown fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}.");

    /// <summary>Name, also the corpus folder's name.</summary>
    public abstract string Name { get; }

    /// <summary>True when the input is text (the JSON and token mutations apply).</summary>
    public abstract bool IsText { get; }

    /// <summary>
    /// Reads the input the way the product does, touching everything it returns. A target that
    /// reads the input several ways catches each way's documented errors and adds their messages
    /// to <paramref name="errors"/> (the fuzzer's novelty signal); anything else propagates.
    /// </summary>
    public abstract void Run(byte[] input, ICollection<string> errors);

    /// <summary>True for the error types the reader documents for bad input.</summary>
    public abstract bool IsDocumented(Exception e);
}

/// <summary>Safetensors bytes: header and data parsed, every tensor converted, the model built when the metadata holds a config.</summary>
public sealed class SafetensorsTarget : FuzzTarget
{
    /// <inheritdoc/>
    public override string Name => "safetensors";

    /// <inheritdoc/>
    public override bool IsText => false;

    /// <inheritdoc/>
    public override void Run(byte[] input, ICollection<string> errors)
    {
        var file = SafetensorsFile.Parse(input, "fuzz.safetensors");
        foreach (string name in file.Names)
        {
            var entry = file[name];
            _ = entry.ToFloat64();
            if (entry.Dtype is SafetensorsDtype.I32 or SafetensorsDtype.I64)
            {
                _ = entry.ToInt64();
            }
        }
        if (file.Metadata.ContainsKey(ModelFile.ConfigKey))
        {
            _ = ModelFile.LoadModel(file);
        }
    }

    /// <inheritdoc/>
    public override bool IsDocumented(Exception e) => e is SafetensorsFormatException or ModelConfigException;
}

/// <summary>Model config JSON, read as each model kind's config.</summary>
public sealed class ConfigTarget : FuzzTarget
{
    /// <inheritdoc/>
    public override string Name => "config";

    /// <inheritdoc/>
    public override bool IsText => true;

    /// <inheritdoc/>
    public override void Run(byte[] input, ICollection<string> errors)
    {
        string json = Encoding.UTF8.GetString(input);
        foreach (var read in new Func<string, IModelConfig>[] { j => HookedTransformerConfig.FromJson(j), j => MlpConfig.FromJson(j), j => ToySuperpositionConfig.FromJson(j) })
        {
            try
            {
                var config = read(json);
                _ = config.ParameterCount();
                _ = config.ToJson();
            }
            catch (ModelConfigException e)
            {
                // Documented; the next kind still reads the same input.
                errors.Add(e.Message);
            }
        }
    }

    /// <inheritdoc/>
    public override bool IsDocumented(Exception e) => e is ModelConfigException;
}

/// <summary>Token text: inline token ids and labels (<see cref="TokenInput"/>), and token names read with a task's vocabulary.</summary>
public sealed class TokensTarget : FuzzTarget
{
    private static readonly TaskVocabulary[] Vocabularies =
    [
        TaskRegistry.Create("add", new TaskOptions { P = 113 }).Vocabulary,
        TaskRegistry.Create("s5_compose", new TaskOptions()).Vocabulary,
    ];

    /// <inheritdoc/>
    public override string Name => "tokens";

    /// <inheritdoc/>
    public override bool IsText => true;

    /// <inheritdoc/>
    public override void Run(byte[] input, ICollection<string> errors)
    {
        string text = Encoding.UTF8.GetString(input);
        if (text.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || File.Exists(text) || Directory.Exists(text))
        {
            return; // a file name: read as a file, which the safetensors target covers
        }
        Attempt(() => TokenInput.Read(text), errors);
        Attempt(() => TokenInput.ReadLabels(text), errors);
        foreach (var vocabulary in Vocabularies)
        {
            foreach (string row in text.Split(';'))
            {
                Attempt(() => vocabulary.ToTokens(row), errors);
            }
        }
    }

    // Each reader's documented errors are caught here so that the next reader still runs.
    private static void Attempt(Action read, ICollection<string> errors)
    {
        try
        {
            read();
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
        {
            errors.Add(e.Message);
        }
    }

    /// <inheritdoc/>
    public override bool IsDocumented(Exception e) => e.GetType() == typeof(ArgumentException);
}
