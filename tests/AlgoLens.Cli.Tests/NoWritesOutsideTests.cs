using System.Security.Cryptography;
using AlgoLens.IO;

namespace AlgoLens.Cli.Tests;

/// <summary>
/// A property over generated run folders with links in and out, hidden files and AlgoLens-looking
/// temporaries of the user's: no command writes or deletes anything outside the paths it was given
/// to write. The whole tree (contents, modification times, links) is compared before and after
/// each command, and every difference must be one the command may make.
/// </summary>
public class NoWritesOutsideTests
{
    private const int DeadPid = 99_999_999; // no process has it: a temporary of a dead writer

    private static readonly string[] Names = [".a.tmp", ".cache.tmp", "notes.txt", ".hidden", "draft.md", "x.tmp"];

    // (spelled relative to the tree's root, refused): where export or cache is asked to write.
    private static readonly (string Out, bool Refused)[] Outs =
    [
        ("run/run.json", true),
        ("runlink/metrics.csv", true),
        ("ckptlink/step_000050.safetensors", true),
        ("ckptlink/../run.json", true),
        ("filelink", true),
        ("run/linked/../report.html", true),
        ("run/analysis/x.safetensors", true),
        ("run/notes/new.safetensors", false),
        ("out/w.safetensors", false),
        ("run/linked/sub/w.safetensors", false),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NoCommandWritesOrDeletesOutsideThePathsItWasGiven(int seed)
    {
        var random = new Random(seed);
        string root = Cli.NewDirectory();
        string run = Path.Combine(root, "run");
        TinyRunFolder.Trained(100, run);
        var stale = Generate(root, random);
        string[] runSpellings = [run, Path.Combine(root, "runlink"), Path.Combine(run, "notes", "..")];
        string Run() => runSpellings[random.Next(runSpellings.Length)];
        string[] runOwn = ["run/run.json", "run/metrics.csv", "run/run.lock"];
        var failures = new List<string>();

        Check(root, ["eval", Run()], 0, _ => false, failures);
        foreach (string command in new[] { "export", "cache" })
        {
            var (spelled, refused) = Outs[random.Next(Outs.Length)];
            string path = Path.Combine(root, spelled);
            string[] args = command == "export" ? ["export", Run(), "--step", "50", "--out", path] : ["cache", "--model", Run(), "--tokens", "1 2 11", "--out", path];
            var written = new List<string> { Physical(root, path) };
            if (command == "export")
            {
                written.Add(Physical(root, path[..^".safetensors".Length] + ".config.json"));
            }
            Check(root, args, refused ? 2 : 0, key => !refused && written.Any(w => w == key || w.StartsWith(key + "/", StringComparison.Ordinal)), failures);
        }
        Check(root, ["train", "--resume", Run(), "--steps", "150", "-q"], 0, key =>
            runOwn.Contains(key) || stale.Contains(key)
            || (key.StartsWith("run/checkpoints/", StringComparison.Ordinal) && key.EndsWith(".safetensors", StringComparison.Ordinal) && !key[16..].Contains('/')), failures);
        Check(root, ["analyze", Run(), "-q"], 0, key => key == "run/run.lock" || key == "run/analysis" || key.StartsWith("run/analysis/", StringComparison.Ordinal), failures);
        Check(root, ["report", Run()], 0, key => key is "run/run.lock" or "run/report.html", failures);
        bool fresh = random.Next(2) == 0;
        Check(root, ["train", .. TinyRunFolder.TrainArguments, "--steps", "5", "--out", Path.Combine(root, fresh ? "fresh" : "other")], fresh ? 0 : 2,
            key => fresh && (key == "fresh" || key.StartsWith("fresh/", StringComparison.Ordinal)), failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Runs the command and records a failure unless it exits with <paramref name="expectedCode"/>
    /// and every change to the tree is one <paramref name="allowed"/> accepts. All commands run
    /// (failures are collected), so that one report lists every command that went wrong.
    /// </summary>
    private static void Check(string root, string[] command, int expectedCode, Func<string, bool> allowed, List<string> failures)
    {
        var before = Tree(root);
        var (code, output) = Cli.Run(command);
        string what = string.Join(' ', command).Replace(root, "ROOT", StringComparison.Ordinal);
        var after = Tree(root);
        var changed = before.Keys.Union(after.Keys)
            .Where(key => !before.TryGetValue(key, out var a) || !after.TryGetValue(key, out var b) || a != b)
            .ToList();
        var forbidden = changed.Where(key => !allowed(key)).ToList();
        if (forbidden.Count > 0)
        {
            failures.Add($"{what} changed what it was not given to write: {string.Join(", ", forbidden)}");
        }
        if (code != expectedCode)
        {
            failures.Add($"{what}: exit code {code}, expected {expectedCode}\n{output}");
        }
    }

    /// <summary>
    /// Adds to the trained run a user's files (hidden ones, and names like AlgoLens's temporaries)
    /// in notes/ and in a folder outside, links out of the run and into it, and temporaries of a
    /// dead writer where AlgoLens writes (which a writer of the run may remove); returns those.
    /// </summary>
    private static HashSet<string> Generate(string root, Random random)
    {
        string run = Path.Combine(root, "run");
        foreach (string folder in new[] { "other", "other/sub", "run/notes", "run/notes/deep" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            for (int i = random.Next(1, 4); i > 0; i--)
            {
                File.WriteAllText(Path.Combine(root, folder, Names[random.Next(Names.Length)]), $"the user's {random.Next()}");
            }
            File.WriteAllText(Path.Combine(root, folder, Temporary("metrics.csv")), "the user's, named like a leftover");
        }
        Directory.CreateSymbolicLink(Path.Combine(run, "linked"), Path.Combine(root, "other"));
        if (random.Next(2) == 0)
        {
            Directory.CreateSymbolicLink(Path.Combine(run, "checkpoints", "elsewhere"), Path.Combine(root, "other", "sub"));
        }
        Directory.CreateSymbolicLink(Path.Combine(root, "runlink"), random.Next(2) == 0 ? run : "run");
        Directory.CreateSymbolicLink(Path.Combine(root, "ckptlink"), Path.Combine(run, "checkpoints"));
        File.CreateSymbolicLink(Path.Combine(root, "filelink"), Path.Combine(run, "run.json"));
        var stale = new HashSet<string>(StringComparer.Ordinal);
        foreach (string folder in new[] { "run", "run/checkpoints" })
        {
            string name = Temporary(folder == "run" ? "run.json" : "step_000100.safetensors");
            File.WriteAllText(Path.Combine(root, folder, name), "half a write");
            stale.Add($"{folder}/{name}");
        }
        return stale;
    }

    private static string Temporary(string name) => $".{name}.{DeadPid}.{Guid.NewGuid():N}.tmp";

    // Where a write to the path lands (AtomicFile: "..", then links), relative to the root.
    private static string Physical(string root, string path) =>
        Path.GetRelativePath(RealPath.Resolve(root), RealPath.Resolve(Path.GetFullPath(path))).Replace('\\', '/');

    /// <summary>Every entry under <paramref name="root"/>, links not followed: a file's hash and time, a link's target.</summary>
    private static SortedDictionary<string, string> Tree(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(string folder)
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
            {
                string key = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is { } target)
                {
                    result[key] = "link to " + target;
                }
                else if (entry is DirectoryInfo directory)
                {
                    result[key] = "folder";
                    Walk(directory.FullName);
                }
                else
                {
                    result[key] = $"file {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry.FullName)))} {entry.LastWriteTimeUtc.Ticks}";
                }
            }
        }
        Walk(root);
        return result;
    }
}
