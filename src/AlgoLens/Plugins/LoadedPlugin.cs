using System.Reflection;
using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Plugins;

/// <summary>A plugin assembly as <see cref="PluginLoader"/> loaded it, and what it registered.</summary>
/// <param name="Path">The full path of its file.</param>
/// <param name="Assembly">The assembly, in its own load context.</param>
/// <param name="Tasks">Its tasks, in the order they were registered.</param>
/// <param name="ModelKinds">Its model kinds.</param>
/// <param name="Measures">The names of its measures.</param>
public sealed record LoadedPlugin(string Path, Assembly Assembly, IReadOnlyList<TaskInfo> Tasks, IReadOnlyList<ModelKind> ModelKinds, IReadOnlyList<string> Measures);
