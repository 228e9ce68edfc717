using System.Globalization;
using AlgoLens.Data;
using AlgoLens.Tasks.Sequences;
using AlgoLens.Tensors.Random;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// Problem 3.9 of the seed: predict the output of simple code. A program declares lists, changes
/// some of their elements and asks for one, e.g. <c>a = 1 2 3 . a [ 2 ] = 4 . a -&gt; 1 2 4</c>; the
/// model predicts the final list after <c>-&gt;</c>, one element per position (teacher-forced, loss
/// on the list only). Indices count from 0, as in Python, so <c>a [ 2 ]</c> is the third element (the
/// seed's own example). Statements: <c>set</c> writes a number (<c>a [ 2 ] = 4</c>), <c>copy</c>
/// copies another element (<c>a [ 0 ] = b [ 2 ]</c>) and <c>swap</c> exchanges two, in Python's
/// tuple syntax (<c>a [ 0 ] , a [ 2 ] = a [ 2 ] , a [ 0 ]</c>). The default draws set and copy, so
/// that an element can hold a value written by an earlier statement, which the model must trace
/// back (up to three statements deep). The ground truth is
/// <see cref="ListProgramInterpreter"/>, which parses the tokens and runs them.
/// </summary>
public sealed class CodeOutputTask : TokenSequenceTask, ITaskBaselines
{
    /// <summary>The task's registry name.</summary>
    public const string TaskName = "code-output";

    /// <summary>The statement kinds the <c>ops</c> option chooses from.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["set", "copy", "swap"];

    private static readonly string[] VariableNames = ["a", "b"];

    /// <summary>The options it reads.</summary>
    public static IReadOnlyList<TaskOptionInfo> Options { get; } =
    [
        new("length", "3", "elements per list, 1..10"),
        new("values", "10", "list elements are the numbers 0..v-1, 2..100"),
        new("min_statements", "1", "fewest statements after the declarations, 0..10"),
        new("max_statements", "3", "most statements after the declarations, 1..10 and at least min_statements"),
        new("ops", "set,copy", "comma-separated statement kinds to draw from: set (a [ 2 ] = 4), copy (a [ 0 ] = a [ 2 ]), swap (a [ 0 ] , a [ 2 ] = a [ 2 ] , a [ 0 ])"),
        new("variables", "1", "lists declared: 1 (a) or 2 (a and b; statements mix them and the query asks for either)"),
    ];

    /// <summary>The registry's entry for the task.</summary>
    public static TaskDefinition Definition { get; } = TaskDefinition.FromExtras(
        new TaskInfo(TaskName, "predict the list a short program of element assignments leaves (a = 1 2 3 . a [ 2 ] = 4 . a -> 1 2 4)", Options, "3.9"),
        settings => FromSettings(new TaskSettingsReader(TaskName, Options, settings)));

    private readonly string[] operations;

    private CodeOutputTask(int length, int values, int minStatements, int maxStatements, string[] operations, int variables, TaskSettingsReader options)
        : base(BuildVocabulary(Math.Max(values, length), variables), LongestProgram(length, maxStatements, operations, variables), options.Settings)
    {
        Length = length;
        Values = values;
        MinStatements = minStatements;
        MaxStatements = maxStatements;
        this.operations = operations;
        Variables = variables;
    }

    /// <summary>Creates the task with the given options (see <see cref="Options"/>).</summary>
    public static CodeOutputTask Create(int length = 3, int values = 10, int minStatements = 1, int maxStatements = 3, string ops = "set,copy", int variables = 1) =>
        FromSettings(new TaskSettingsReader(TaskName, Options, new Dictionary<string, string>
        {
            ["length"] = length.ToString(CultureInfo.InvariantCulture),
            ["values"] = values.ToString(CultureInfo.InvariantCulture),
            ["min_statements"] = minStatements.ToString(CultureInfo.InvariantCulture),
            ["max_statements"] = maxStatements.ToString(CultureInfo.InvariantCulture),
            ["ops"] = ops,
            ["variables"] = variables.ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>Elements per list.</summary>
    public int Length { get; }

    /// <summary>Elements are 0..Values-1.</summary>
    public int Values { get; }

    /// <summary>Fewest statements.</summary>
    public int MinStatements { get; }

    /// <summary>Most statements.</summary>
    public int MaxStatements { get; }

    /// <summary>The statement kinds drawn from (set, copy, swap).</summary>
    public IReadOnlyList<string> Ops => operations;

    /// <summary>Lists declared (1 or 2).</summary>
    public int Variables { get; }

    /// <inheritdoc/>
    public override string Name => TaskName;

    /// <inheritdoc/>
    public override string Description =>
        $"predict the final list: {Variables} list(s) of {Length} numbers 0..{Values - 1}, {MinStatements}-{MaxStatements} statements ({string.Join(", ", operations)})";

    /// <summary>
    /// Runs the program up to <c>-&gt;</c> with <see cref="ListProgramInterpreter"/>; the target at
    /// the arrow and at each listed element but the last is the next element of the final list.
    /// </summary>
    /// <exception cref="ArgumentException">The program does not run, or the list after the arrow is not <see cref="Length"/> tokens long.</exception>
    public override int[] Answer(ReadOnlySpan<int> input)
    {
        var run = ListProgramInterpreter.Execute(Vocabulary.ToStrTokens(input), Length);
        if (input.Length != run.ArrowPosition + 1 + Length)
        {
            throw new ArgumentException($"The program's answer after '{ListProgramInterpreter.Arrow}' has {input.Length - run.ArrowPosition - 1} tokens; it must list the {Length} elements.");
        }
        var answer = new int[input.Length];
        Array.Fill(answer, -1);
        for (int k = 0; k < Length; k++)
        {
            answer[run.ArrowPosition + k] = Vocabulary.Id(run.Final[k].ToString(CultureInfo.InvariantCulture));
        }
        return answer;
    }

    /// <summary>How often answering the queried list as declared, ignoring every statement, is exactly right.</summary>
    public IReadOnlyList<TaskFigure> Baselines(ExampleBatch examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int unchanged = 0;
        for (int r = 0; r < examples.Count; r++)
        {
            var run = ListProgramInterpreter.Execute(Vocabulary.ToStrTokens(TokenExamples.Row(examples, r).Input), Length);
            unchanged += run.Declared.SequenceEqual(run.Final) ? 1 : 0;
        }
        return [new TaskFigure("declared_list_exact_match", (double)unchanged / examples.Count, "exact match of answering the list as declared, ignoring the statements")];
    }

    /// <inheritdoc/>
    protected override TokenExample Draw(Rng rng)
    {
        var tokens = new List<int>();
        var lists = new int[Variables][];
        for (int v = 0; v < Variables; v++)
        {
            lists[v] = new int[Length];
            tokens.AddRange([Word(VariableNames[v]), Word("=")]);
            for (int i = 0; i < Length; i++)
            {
                lists[v][i] = rng.NextInt(Values);
                tokens.Add(NumberToken(lists[v][i]));
            }
            tokens.Add(Word(ListProgramInterpreter.EndOfStatement));
        }
        int statements = rng.NextInt(MinStatements, MaxStatements + 1);
        for (int s = 0; s < statements; s++)
        {
            string operation = operations[rng.NextInt(operations.Length)];
            int cell = rng.NextInt(Variables * Length);
            var (list, index) = Cell(cell);
            if (operation == "set")
            {
                int value = rng.NextInt(Values);
                tokens.AddRange([.. Element(cell), Word("="), NumberToken(value)]);
                lists[list][index] = value;
            }
            else
            {
                int other = rng.NextInt(Variables * Length - 1);
                other += other >= cell ? 1 : 0; // any element but the first
                var (otherList, otherIndex) = Cell(other);
                if (operation == "copy")
                {
                    tokens.AddRange([.. Element(cell), Word("="), .. Element(other)]);
                    lists[list][index] = lists[otherList][otherIndex];
                }
                else
                {
                    tokens.AddRange([.. Element(cell), Word(","), .. Element(other), Word("="), .. Element(other), Word(","), .. Element(cell)]);
                    (lists[list][index], lists[otherList][otherIndex]) = (lists[otherList][otherIndex], lists[list][index]);
                }
            }
            tokens.Add(Word(ListProgramInterpreter.EndOfStatement));
        }
        int query = rng.NextInt(Variables);
        tokens.AddRange([Word(VariableNames[query]), Word(ListProgramInterpreter.Arrow)]);
        var target = new int[tokens.Count + Length];
        Array.Fill(target, -1);
        for (int i = 0; i < Length; i++)
        {
            target[tokens.Count - 1 + i] = NumberToken(lists[query][i]);
        }
        tokens.AddRange(lists[query].Select(NumberToken));
        return new TokenExample(tokens.ToArray(), target);
    }

    private static CodeOutputTask FromSettings(TaskSettingsReader options)
    {
        int length = options.Int("length", 1, 10);
        int values = options.Int("values", 2, 100);
        int minStatements = options.Int("min_statements", 0, 10);
        int maxStatements = options.Int("max_statements", 1, 10);
        string[] operations = options.List("ops", op => Operations.Contains(op), $"statement kinds ({string.Join(", ", Operations)})");
        int variables = options.Int("variables", 1, VariableNames.Length);
        if (minStatements > maxStatements)
        {
            throw options.Conflict($"min_statements = {minStatements} is more than max_statements = {maxStatements}; lower min_statements or raise max_statements.");
        }
        if (length * variables < 2 && operations.Any(op => op != "set"))
        {
            throw options.Conflict("copy and swap need two different elements, but one list of length 1 has only one; raise length or variables, or use ops=set.");
        }
        return new CodeOutputTask(length, values, minStatements, maxStatements, operations.Distinct().ToArray(), variables, options);
    }

    /// <summary>PAD, the variables, the symbols, then the numbers 0..numbers-1 (values and indices).</summary>
    private static TaskVocabulary BuildVocabulary(int numbers, int variables) => new(
        [
            "PAD", .. VariableNames.Take(variables), "=", "[", "]", ",", ListProgramInterpreter.EndOfStatement, ListProgramInterpreter.Arrow,
            .. Enumerable.Range(0, numbers).Select(n => n.ToString(CultureInfo.InvariantCulture)),
        ],
        "PAD");

    /// <summary>Declarations, the longest statements, the query and its answer.</summary>
    private static int LongestProgram(int length, int maxStatements, string[] operations, int variables)
    {
        int longestStatement = operations.Max(op => op switch
        {
            "set" => 7,   // a [ i ] = v .
            "copy" => 10, // a [ i ] = b [ j ] .
            _ => 20,      // a [ i ] , b [ j ] = b [ j ] , a [ i ] .
        });
        return variables * (length + 3) + maxStatements * longestStatement + 2 + length;
    }

    /// <summary>Element number <paramref name="cell"/> of all lists, list-major: its list and index.</summary>
    private (int List, int Index) Cell(int cell) => (cell / Length, cell % Length);

    /// <summary>The tokens of element <paramref name="cell"/>, e.g. <c>a [ 2 ]</c>.</summary>
    private int[] Element(int cell)
    {
        var (list, index) = Cell(cell);
        return [Word(VariableNames[list]), Word("["), NumberToken(index), Word("]")];
    }

    private int Word(string name) => Vocabulary.Id(name);

    private int NumberToken(int number) => Vocabulary.Id(number.ToString(CultureInfo.InvariantCulture));
}
