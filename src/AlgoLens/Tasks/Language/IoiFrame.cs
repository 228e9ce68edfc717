using System.Collections.ObjectModel;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// One sentence frame of the toy IOI grammar: fixed words with five slots, the two names of the
/// first clause (<see cref="FirstName"/>, <see cref="SecondName"/>), the subject of the second
/// clause (<see cref="Subject"/>), a place and an object. The frames are Wang et al.'s (2022) IOI
/// templates in a small vocabulary; they put the names and the repeated subject at different
/// positions, so that a model cannot find the indirect object by position alone.
/// </summary>
public sealed class IoiFrame
{
    /// <summary>Slot of the first name of the first clause.</summary>
    public const string FirstName = "{A}";

    /// <summary>Slot of the second name of the first clause.</summary>
    public const string SecondName = "{B}";

    /// <summary>Slot of the subject of the second clause (in an IOI sentence, one of the first clause's names).</summary>
    public const string Subject = "{S}";

    /// <summary>Slot of the place.</summary>
    public const string Place = "{P}";

    /// <summary>Slot of the object.</summary>
    public const string Object = "{O}";

    private static readonly string[] Slots = [FirstName, SecondName, Subject, Place, Object];

    private readonly string[] parts;

    /// <summary>Parses a frame: words and slots separated by single spaces, each slot exactly once.</summary>
    /// <exception cref="ArgumentException">A slot is missing or repeated.</exception>
    public IoiFrame(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (string slot in Slots)
        {
            if (parts.Count(p => p == slot) != 1)
            {
                throw new ArgumentException($"The IOI frame '{text}' must hold slot {slot} exactly once.");
            }
        }
        this.parts = parts;
        Parts = new ReadOnlyCollection<string>(parts);
        Text = text;
    }

    /// <summary>
    /// The frames, in the order the task's <c>frames</c> option takes them (the first k). Every one ends
    /// with "to", where the indirect object comes next; the second clause's subject is its last name.
    /// </summary>
    public static IReadOnlyList<IoiFrame> All { get; } = new ReadOnlyCollection<IoiFrame>(
    [
        new("When {A} and {B} went to the {P} , {S} gave a {O} to"),
        new("Then , {A} and {B} had a lot of fun at the {P} . {S} gave a {O} to"),
        new("When {A} and {B} got a {O} at the {P} , {S} decided to give it to"),
        new("The {P} {A} and {B} went to had a {O} . {S} gave it to"),
        new("While {A} and {B} were working at the {P} , {S} gave a {O} to"),
        new("Friends {A} and {B} found a {O} at the {P} . {S} gave it to"),
        new("Then , {A} and {B} were thinking about going to the {P} . {S} wanted to give a {O} to"),
        new("After the lunch , {A} and {B} went to the {P} . {S} gave a {O} to"),
    ]);

    /// <summary>Its words and slots, in order.</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>The frame as written, e.g. "When {A} and {B} went to the {P} , {S} gave a {O} to".</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="part"/> is a slot rather than a word.</summary>
    public static bool IsSlot(string part) => Slots.Contains(part);

    /// <summary>The index of <paramref name="slot"/> in <see cref="Parts"/>.</summary>
    public int IndexOf(string slot) => Array.IndexOf(parts, slot) is int index and >= 0
        ? index
        : throw new ArgumentException($"'{slot}' is not a slot of an IOI frame; slots are {string.Join(", ", Slots)}.", nameof(slot));

    /// <inheritdoc/>
    public override string ToString() => Text;
}
