using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// Crafted and special input files are bad input (exit 2, the fault named), never a hang, an
/// exception reported as a bug (exit 1), or gigabytes of memory.
/// </summary>
public sealed class ImportBoundsCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("algolens-import-bounds-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Pt(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pt", file);

    [Fact]
    public void A_zip64_size_of_minus_eight_is_a_format_error()
    {
        // tiny_zip64.pt's directory entry for data.pkl carries its sizes in a zip64 extra field
        // (id 1, then the 8-byte uncompressed and compressed sizes): the probe set both to -8.
        byte[] bytes = File.ReadAllBytes(Pt("tiny_zip64.pt"));
        byte[] name = Encoding.ASCII.GetBytes("archive/data.pkl");
        int extra = bytes.AsSpan().LastIndexOf(name) + name.Length;
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(extra)));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(extra + 4), -8);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(extra + 12), -8);
        string path = Path.Combine(directory, "zip64.pt");
        File.WriteAllBytes(path, bytes);
        var (code, text) = Run("import", path, "--config", Pt("tiny.config.json"), "--out", Path.Combine(directory, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("has a zip64 size or offset of more than 2^63 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_far_larger_than_the_checkpoint_is_refused_before_the_model_is_built()
    {
        string config = Path.Combine(directory, "big.config.json");
        File.WriteAllText(config, File.ReadAllText(Pt("tiny.config.json")).Replace("\"d_vocab\": 5,", "\"d_vocab\": 5000000,", StringComparison.Ordinal));
        var (code, text) = Run("import", Pt("tiny_state_dict.pt"), "--config", config, "--out", Path.Combine(directory, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("does not match the weights", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_that_creates_far_more_values_than_its_size_is_bad_input_naming_the_limit()
    {
        // data.pkl: protocol 2, then 400,000 EMPTY_LIST opcodes (a new value per byte), stored.
        var pickle = new byte[400_003];
        pickle.AsSpan().Fill((byte)']');
        pickle[0] = 0x80;
        pickle[1] = 2;
        pickle[^1] = (byte)'.';
        string path = Path.Combine(directory, "lists.pt");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            foreach (var (name, data) in new[] { ("archive/data.pkl", pickle), ("archive/version", "3\n"u8.ToArray()) })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(data);
            }
        }
        var (code, text) = Run("import", path, "--config", Pt("tiny.config.json"), "--out", Path.Combine(directory, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("the pickle creates more than 265,537 values", text, StringComparison.Ordinal);
        Assert.Contains("the limit for a pickle of its length", text, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("import")]
    [InlineData("eval")]
    [InlineData("--task-assembly")]
    public void A_fifo_given_as_input_is_refused_without_blocking(string where)
    {
        Skip.If(OperatingSystem.IsWindows(), "Windows has no FIFOs");
        string run = Path.Combine(directory, "run");
        Directory.CreateDirectory(run);
        string fifo = where switch
        {
            "import" => Path.Combine(directory, "model.pt"),
            "eval" => Path.Combine(run, "run.json"),
            _ => Path.Combine(directory, "MyTasks.dll"),
        };
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        string[] args = where switch
        {
            "import" => ["import", fifo, "--config", Pt("tiny.config.json"), "--out", Path.Combine(directory, "x.safetensors")],
            "eval" => ["eval", run],
            _ => ["tasks", "--task-assembly", fifo],
        };
        var (code, text) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("FIFO", text, StringComparison.Ordinal);
    }

    // Cli.Run with a hang guard: a command still running after two minutes is killed (this test
    // started it) and the test fails by name instead of hanging the suite.
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        using var process = Process.Start(Cli.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"algolens {string.Join(' ', args)} was still running after two minutes (it blocked on its input).");
        }
        // Spectre wraps long lines at the console's width: one space between words, as written.
        return (process.ExitCode, System.Text.RegularExpressions.Regex.Replace(stdout.Result + stderr.Result, @"\s+", " "));
    }
}
