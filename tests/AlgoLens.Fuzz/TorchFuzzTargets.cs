using AlgoLens.IO;
using AlgoLens.IO.Torch;
using AlgoLens.Models;

namespace AlgoLens.Fuzz;

/// <summary>
/// PyTorch checkpoint bytes (a whole .pt: zip directory, zip64 fields, local headers, CRCs), read
/// as <c>import</c> reads them: the state dict listed, then imported into the tiny model of the
/// test fixtures (tests/AlgoLens.Tests/Fixtures/pt/tiny.config.json), which copies only what it
/// keeps; no tensor is gathered otherwise, as the importer gathers none.
/// </summary>
public sealed class TorchTarget : FuzzTarget
{
    /// <summary>The fixtures' tiny model (TransformerLens names, 22 parameters).</summary>
    public static HookedTransformerConfig TinyConfig { get; } = new()
    {
        NLayers = 1, DModel = 8, NHeads = 2, DHead = 4, DMlp = 16, DVocab = 5, DVocabOut = 5, NCtx = 3, ActFn = "relu", NormalizationType = "LN",
    };

    /// <inheritdoc/>
    public override string Name => "torch";

    /// <inheritdoc/>
    public override bool IsText => false;

    /// <inheritdoc/>
    public override void Run(byte[] input, ICollection<string> errors) => RunFile(input, errors);

    /// <summary>Writes <paramref name="checkpoint"/> to a temporary file (the reader takes a path) and reads it both ways.</summary>
    internal static void RunFile(byte[] checkpoint, ICollection<string> errors)
    {
        string path = Path.Combine(Path.GetTempPath(), $"algolens-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.pt");
        File.WriteAllBytes(path, checkpoint);
        try
        {
            try
            {
                var stateDict = TorchCheckpoint.ReadStateDict(path);
                foreach (var tensor in stateDict.Tensors)
                {
                    _ = tensor.Shape;
                    _ = tensor.Count;
                }
            }
            catch (TorchFormatException e)
            {
                errors.Add(e.Message);
            }
            _ = TorchImport.Import(path, TinyConfig);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc/>
    public override bool IsDocumented(Exception e) => e is TorchFormatException or SafetensorsFormatException;
}

/// <summary>
/// A checkpoint's data.pkl alone, zipped with 32 storages data/0 ... data/31 of 1 KiB each (room for
/// any tensor of the tiny model), so mutations reach the unpickler instead of failing the zip's
/// CRC-32; read as <see cref="TorchTarget"/> reads a file. The fuzzer's allocation oracle applies
/// to each execution, and the unpickler's own budget (<c>PickleBudget</c>) is tighter.
/// </summary>
public sealed class PickleTarget : FuzzTarget
{
    private static readonly PtBuilder Storages = MakeStorages();

    /// <inheritdoc/>
    public override string Name => "pickle";

    /// <inheritdoc/>
    public override bool IsText => false;

    /// <inheritdoc/>
    public override void Run(byte[] input, ICollection<string> errors) =>
        TorchTarget.RunFile(PtBuilder.Zip(Storages.Entries(input), zip64: null), errors);

    /// <inheritdoc/>
    public override bool IsDocumented(Exception e) => e is TorchFormatException or SafetensorsFormatException;

    private static PtBuilder MakeStorages()
    {
        var builder = new PtBuilder();
        for (int i = 0; i < 32; i++)
        {
            builder.Storage(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new byte[1024]);
        }
        return builder;
    }
}
