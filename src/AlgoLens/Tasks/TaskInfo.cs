namespace AlgoLens.Tasks;

/// <summary>A registered task, for listings: its name, what it computes and the options it takes.</summary>
/// <param name="Name">Registry name, e.g. "add".</param>
/// <param name="Description">One line, e.g. "(a + b) mod p".</param>
/// <param name="Options">The options it takes, with their defaults; empty for a task without parameters.</param>
/// <param name="Problems">The seed's open problems it serves, e.g. "3.1, 3.2" (numbered as in "200 COP in MI: Interpreting Algorithmic Problems", docs/TASKS.md); empty for none.</param>
public sealed record TaskInfo(string Name, string Description, IReadOnlyList<TaskOptionInfo> Options, string Problems = "");
