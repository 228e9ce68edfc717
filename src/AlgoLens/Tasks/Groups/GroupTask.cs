namespace AlgoLens.Tasks.Groups;

/// <summary>
/// Composition in a finite group (Chughtai, Chan and Nanda 2023, "A toy model of universality"):
/// <c>a b =</c> → a·b, apply a then b, for the group named by the option <c>group</c> (C113, D7,
/// S5, A5, C5xC5, ...; see <see cref="GroupNames"/>). Tokens 0..|G|-1 are the elements in the
/// group's order and named as it names them; token |G| is <c>=</c>. <c>group=S5</c> gives the
/// data of <c>s5_compose</c>, token for token.
/// </summary>
public sealed class GroupTask : BinaryOperationTask
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "group";

    /// <summary>The option naming the group.</summary>
    public const string GroupOption = "group";

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new(GroupOption, "S5", "the group: Cn, Dn (2n elements), Sn, An (n ≤ 6), or a product such as C5xC5; at most 2048 elements"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "a·b in a finite group (apply a, then b): cyclic, dihedral, symmetric, alternating or a product", Options, "groups (universality)"),
        settings => FromSettings(new TaskSettingsReader(TaskName, Options, settings)));

    private GroupTask(FiniteGroup group, IReadOnlyDictionary<string, string> settings)
        : base(group.ElementNames)
    {
        Group = group;
        Settings = settings;
    }

    /// <summary>The task for <paramref name="group"/>.</summary>
    public static GroupTask For(FiniteGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new GroupTask(group, new Dictionary<string, string> { [GroupOption] = group.Name });
    }

    /// <summary>The group.</summary>
    public FiniteGroup Group { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description => $"a·b in {Group.Name} (apply a, then b), {Group.Order} elements";

    /// <summary>{"group": the group's canonical name}.</summary>
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc/>
    protected override Func<int, int, int> CreateLabeler()
    {
        FiniteGroup group = Group;
        return group.Multiply;
    }

    /// <summary>From the definition: compose the two permutations and find the result among the elements.</summary>
    protected override int Compute(int a, int b) =>
        Group.IndexOf(Permutations.Compose(Group.Permutation(a), Group.Permutation(b)));

    private static GroupTask FromSettings(TaskSettingsReader reader)
    {
        FiniteGroup group = reader.Parsed(GroupOption, GroupNames.Parse, g => g.Name);
        return new GroupTask(group, reader.Settings);
    }
}
