using AlgoLens.Plugins;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tests.Plugins;

/// <summary>The refusals of the one plug-in mechanism; the CLI tests load a real plugin (tests/AlgoLens.TestPlugin).</summary>
public sealed class PluginLoaderTests
{
    [Fact]
    public void Loading_a_file_that_cannot_be_a_plugin_is_refused_with_the_reason()
    {
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => PluginLoader.Load("/nowhere/MyTasks.dll")).Message);
        string text = Path.Combine(Path.GetTempPath(), $"algolens-not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(text, "hello");
        try
        {
            Assert.Contains("not a .NET assembly", Assert.Throws<ArgumentException>(() => PluginLoader.Load(text)).Message);
        }
        finally
        {
            File.Delete(text);
        }
        // AlgoLens.Tensors is an assembly that declares no extension: the host's copy is read, not a second one loaded.
        Assert.Contains("defines no task, model kind or measure", Assert.Throws<ArgumentException>(() => PluginLoader.Load(typeof(Rng).Assembly.Location)).Message);
        Assert.Contains("is a folder", Assert.Throws<ArgumentException>(() => PluginLoader.Load(Path.GetTempPath())).Message);
        Assert.DoesNotContain(PluginLoader.Loaded, p => p.Assembly == typeof(Rng).Assembly);
    }
}
