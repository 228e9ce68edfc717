using AlgoLens.Models;
using AlgoLens.Tasks;

namespace AlgoLens.Training;

/// <summary>A named, ready-to-run setting: task, model and training.</summary>
public sealed record Preset(string Name, string Description, string Task, TaskOptions TaskOptions, IModelConfig Model, TrainingConfig Training);
