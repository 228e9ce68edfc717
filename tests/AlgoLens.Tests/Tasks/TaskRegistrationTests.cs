using AlgoLens.Tasks;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;
using AlgoLens.Training;

namespace AlgoLens.Tests.Tasks;

/// <summary>Problem 3.17 in code: a task of the user's own joins the registry under its name.</summary>
public sealed class TaskRegistrationTests
{
    [Fact]
    public void A_registered_task_is_created_listed_and_its_runs_record_where_it_comes_from()
    {
        TaskRegistry.Register(EchoTask.Definition);
        Assert.Contains(TaskRegistry.All, t => t.Name == EchoTask.TaskName);
        var task = TaskRegistry.Create("TEST-ECHO", new TaskOptions { Extra = new Dictionary<string, string> { ["length"] = "3" } });
        Assert.Equal(EchoTask.TaskName, task.Name);
        Assert.Equal(typeof(EchoTask).Assembly.Location, TaskPlugins.LocationOf(task));
        Assert.Null(TaskPlugins.LocationOf(TaskRegistry.Create("add")));

        // Registered once: a second registration is refused, whatever the case.
        var again = Assert.Throws<ArgumentException>(() => TaskRegistry.Register(EchoTask.Definition with { Info = EchoTask.Definition.Info with { Name = "Test-Echo" } }));
        Assert.Contains("registered earlier", again.Message);

        // The registry refuses a definition whose task reports another name: its runs could not be reopened.
        var misnamed = Assert.Throws<ArgumentException>(() => TaskRegistry.Create(EchoTask.TaskName, new TaskOptions { Extra = new Dictionary<string, string> { ["misname"] = "true" } }));
        Assert.Contains("must be the name it is registered under", misnamed.Message);
    }

    [Theory]
    [InlineData("add", "a built-in task")]
    [InlineData("S5_Compose", "a built-in task")]
    [InlineData("two words", "without white space or commas")]
    [InlineData("a,b", "without white space or commas")]
    [InlineData("", "must be non-empty")]
    public void Names_that_are_taken_or_unusable_are_refused(string name, string says)
    {
        var definition = EchoTask.Definition with { Info = EchoTask.Definition.Info with { Name = name } };
        Assert.Contains(says, Assert.Throws<ArgumentException>(() => TaskRegistry.Register(definition)).Message);
    }

    [Fact]
    public void An_unknown_task_says_how_to_load_a_plugin()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Create("count-ones"));
        Assert.Contains("--plugin", error.Message);
        Assert.Contains("--trust-plugins", error.Message);
    }

    [Fact]
    public void A_run_whose_task_assembly_is_gone_says_how_to_pass_it()
    {
        var error = Assert.Throws<ArgumentException>(() => RunFolder.CreateTask("count-ones", new Dictionary<string, string>(), "/nowhere/MyTasks.dll"));
        Assert.Contains("/nowhere/MyTasks.dll", error.Message);
        Assert.Contains("no longer exists", error.Message);
        Assert.Contains("--plugin", error.Message);
    }

    [Theory]
    [InlineData("problems", "Problems is null")]
    [InlineData("description", "Description is null")]
    [InlineData("options", "Options is null")]
    [InlineData("option", "Options hold a null")]
    [InlineData("default", "has a null name, default or description")]
    [InlineData("create", "Create is null")]
    public void A_definition_with_a_null_in_it_is_refused_naming_the_field(string which, string says)
    {
        var info = EchoTask.Definition.Info with { Name = "test-null-" + which };
        var definition = which switch
        {
            "problems" => EchoTask.Definition with { Info = info with { Problems = null! } },
            "description" => EchoTask.Definition with { Info = info with { Description = null! } },
            "options" => EchoTask.Definition with { Info = info with { Options = null! } },
            "option" => EchoTask.Definition with { Info = info with { Options = [null!] } },
            "default" => EchoTask.Definition with { Info = info with { Options = [new TaskOptionInfo("length", null!, "tokens")] } },
            _ => EchoTask.Definition with { Info = info, Create = null! },
        };
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Register(definition));
        Assert.Contains($"task 'test-null-{which}'", error.Message);
        Assert.Contains(says, error.Message);
        Assert.False(TaskRegistry.Contains(info.Name));
    }

    /// <summary>A registered test task: copy each token; misname=true makes it report another name.</summary>
    public sealed class EchoTask : TokenSequenceTask
    {
        public const string TaskName = "test-echo";

        private static readonly TaskOptionInfo[] Options =
        [
            new("length", "4", "tokens per sequence"),
            new("misname", "false", "true: report another name (a bug the registry catches)"),
        ];

        private readonly int length;
        private readonly bool misname;

        private EchoTask(TaskSettingsReader options)
            : this(options.Int("length", 1, 16), options.Bool("misname"), options)
        {
        }

        private EchoTask(int length, bool misname, TaskSettingsReader options)
            : base(new TaskVocabulary(["a", "b"]), length, options.Settings)
        {
            this.length = length;
            this.misname = misname;
        }

        public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
            new TaskInfo(TaskName, "copy every token", Options, "3.17"),
            settings => new EchoTask(new TaskSettingsReader(TaskName, Options, settings)));

        public override string Name => misname ? "test-echo-misnamed" : TaskName;

        public override string Description => "copy every token";

        public override int[] Answer(ReadOnlySpan<int> input) => input.ToArray();

        protected override TokenExample Draw(Rng rng)
        {
            var input = new int[length];
            for (int i = 0; i < length; i++)
            {
                input[i] = rng.NextInt(2);
            }
            return new TokenExample(input, (int[])input.Clone());
        }
    }
}
