using System.Collections.ObjectModel;
using System.Globalization;

namespace AlgoLens.Tasks;

/// <summary>
/// Parameters for <see cref="TaskRegistry.Create"/>: the modulus, which most tasks take, plus named
/// extra settings for tasks that take more. Each task ignores the options it does not list in its
/// <see cref="TaskInfo"/> except extras, which are refused when unknown (a misspelt option should
/// not silently do nothing).
/// </summary>
public sealed record TaskOptions
{
    /// <summary>The default modulus of the modular tasks, 113, as in Nanda et al.'s grokking run.</summary>
    public const int DefaultP = 113;

    /// <summary>
    /// The modulus p (numbers are 0..p-1); null (not given) means the task's own default, which is
    /// <see cref="DefaultP"/> for most tasks. Ignored by tasks without a "p" option.
    /// </summary>
    public int? P { get; init; }

    /// <summary>
    /// Every other option, by name, as text: those a task lists in its <see cref="TaskInfo.Options"/>
    /// (e.g. <c>length</c> and <c>variable</c> of repeat, <c>ops</c> of code-output), and
    /// random_labels, label_noise and label_seed, which every enumerated task takes. One the task
    /// does not list is refused by <see cref="TaskRegistry.Create"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>
    /// Reads back a task's <see cref="ITask.Settings"/> (e.g. from run.json): "p" goes to
    /// <see cref="P"/> (null when absent), everything else to <see cref="Extra"/>.
    /// </summary>
    /// <exception cref="ArgumentException">"p" is not an integer.</exception>
    public static TaskOptions FromSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var extra = new Dictionary<string, string>();
        int? modulus = null;
        foreach ((string key, string value) in settings)
        {
            if (key != "p")
            {
                extra[key] = value;
            }
            else if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p))
            {
                modulus = p;
            }
            else
            {
                throw new ArgumentException($"The task setting p = '{value}' is not an integer; use e.g. \"p\": \"113\".");
            }
        }
        return new TaskOptions { P = modulus, Extra = new ReadOnlyDictionary<string, string>(extra) };
    }
}
