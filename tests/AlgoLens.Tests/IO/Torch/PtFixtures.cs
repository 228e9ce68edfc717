using System.Text.Json;

namespace AlgoLens.Tests.IO.Torch;

/// <summary>The PyTorch checkpoints made by tools/make_pt_fixtures.py, and what each must give.</summary>
internal static class PtFixtures
{
    public static string Dir => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "pt");

    public static string Path(string file) => System.IO.Path.Combine(Dir, file);

    public static JsonElement Expected(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement.GetProperty("files").GetProperty(file);

    /// <summary>A copy of a fixture's bytes in a fresh temporary file, changed by <paramref name="change"/>.</summary>
    public static string Altered(string file, Func<byte[], byte[]> change)
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "algolens-pt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = System.IO.Path.Combine(dir, file);
        File.WriteAllBytes(path, change(File.ReadAllBytes(Path(file))));
        return path;
    }
}
