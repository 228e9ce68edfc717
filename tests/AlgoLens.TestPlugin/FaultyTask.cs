using AlgoLens.Tasks;

namespace AlgoLens.TestPlugin;

/// <summary>
/// A plugin task whose definition is faulty on request, for the tests of faulty plugins, and a
/// marker that shows when this plugin's code ran. Its Definition is read whenever the plugin is
/// loaded: it first appends a line to the file named by ALGOLENS_TEST_PLUGIN_MARKER (when set),
/// then returns a definition spoiled as ALGOLENS_TEST_PLUGIN_FAULT says: null-problems,
/// null-description, null-option, builtin-name (named "add"), throws; unset, a sound task.
/// </summary>
public sealed class FaultyTask : XorTask
{
    /// <summary>The task's registry name when sound.</summary>
    public const string TaskName = "test-faulty";

    /// <summary>How the registry lists and builds the task (spoiled on request, see the class).</summary>
    public static TaskDefinition Definition
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ALGOLENS_TEST_PLUGIN_MARKER") is { Length: > 0 } marker)
            {
                File.AppendAllText(marker, "plugin code ran\n");
            }
            var info = new TaskInfo(TaskName, "a xor b, with a definition spoiled on request", []);
            info = Environment.GetEnvironmentVariable("ALGOLENS_TEST_PLUGIN_FAULT") switch
            {
                "null-problems" => info with { Problems = null! },
                "null-description" => info with { Description = null! },
                "null-option" => info with { Options = [null!] },
                "builtin-name" => info with { Name = "add" },
                "throws" => throw new InvalidOperationException("the plugin's definition failed"),
                _ => info,
            };
            return new TaskDefinition(info, _ => new FaultyTask());
        }
    }

    /// <inheritdoc/>
    public override string Name => TaskName;
}
