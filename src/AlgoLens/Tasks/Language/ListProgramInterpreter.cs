using System.Globalization;

namespace AlgoLens.Tasks.Language;

/// <summary>
/// A tiny interpreter of the code-output task's programs, read from their token names, e.g.
/// <c>a = 1 2 3 . a [ 2 ] = 4 . a -&gt;</c>. Statements end with <c>.</c>: a declaration
/// <c>x = v1 v2 ... vL</c> (a list of L numbers), or an assignment of one or more elements with
/// Python's semantics, <c>x [ i ] , y [ j ] = e1 , e2</c> (every right-hand side, a number or an
/// element <c>y [ j ]</c>, is read before any element is written), indices counting from 0 as in
/// Python. The program ends with <c>x -&gt;</c>: what follows is x's final value.
/// </summary>
public static class ListProgramInterpreter
{
    /// <summary>The token that ends a statement.</summary>
    public const string EndOfStatement = ".";

    /// <summary>The token after the queried variable.</summary>
    public const string Arrow = "->";

    /// <summary>The result of running a program: where its arrow is, and the queried list before and after the statements.</summary>
    /// <param name="ArrowPosition">The index of the <c>-&gt;</c> token.</param>
    /// <param name="Declared">The queried variable's value as declared.</param>
    /// <param name="Final">Its value after every statement.</param>
    public sealed record Run(int ArrowPosition, IReadOnlyList<int> Declared, IReadOnlyList<int> Final);

    /// <summary>Runs the program in <paramref name="tokens"/> (up to its first <c>-&gt;</c>), whose lists all have <paramref name="length"/> elements.</summary>
    /// <exception cref="ArgumentException">The program does not parse, uses a variable before declaring it, declares a list of another length, or indexes outside a list.</exception>
    public static Run Execute(IReadOnlyList<string> tokens, int length)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int arrow = IndexOf(tokens, Arrow, 0, tokens.Count);
        if (arrow == tokens.Count || arrow < 2 || tokens[arrow - 2] != EndOfStatement)
        {
            throw new ArgumentException($"A program is statements that end with '{EndOfStatement}', then a variable and '{Arrow}', e.g. 'a = 1 2 3 . a [ 2 ] = 4 . a ->'.");
        }
        var variables = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var declared = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int start = 0;
        while (start < arrow - 1)
        {
            int end = IndexOf(tokens, EndOfStatement, start, arrow - 1);
            var statement = Slice(tokens, start, end);
            if (statement.Count >= 2 && statement[1] == "=" && IsVariable(statement[0]))
            {
                var value = statement.Skip(2).Select(Number).ToArray();
                if (value.Length != length)
                {
                    throw new ArgumentException($"'{string.Join(" ", statement)}' declares {value.Length} numbers; lists here have {length}.");
                }
                variables[statement[0]] = value;
                declared[statement[0]] = (int[])value.Clone();
            }
            else
            {
                Assign(statement, variables);
            }
            start = end + 1;
        }
        string query = tokens[arrow - 1];
        return variables.TryGetValue(query, out var final)
            ? new Run(arrow, declared[query], final)
            : throw new ArgumentException($"The program asks for '{query}', which it never declares.");
    }

    /// <summary>Runs <c>x [ i ] , ... = e1 , ...</c>: every right-hand side first, then the assignments from left to right.</summary>
    private static void Assign(IReadOnlyList<string> statement, Dictionary<string, int[]> variables)
    {
        int equals = IndexOf(statement, "=", 0, statement.Count);
        if (equals == statement.Count)
        {
            throw new ArgumentException($"'{string.Join(" ", statement)}' is not a statement: it has no '='.");
        }
        var targets = Split(Slice(statement, 0, equals));
        var sources = Split(Slice(statement, equals + 1, statement.Count));
        if (targets.Count != sources.Count)
        {
            throw new ArgumentException($"'{string.Join(" ", statement)}' assigns {sources.Count} values to {targets.Count} elements.");
        }
        var values = sources.Select(source => source.Count == 1 ? Number(source[0]) : Read(source, variables)).ToArray();
        for (int k = 0; k < targets.Count; k++)
        {
            var (list, index) = Element(targets[k], variables);
            list[index] = values[k];
        }
    }

    private static int Read(IReadOnlyList<string> element, Dictionary<string, int[]> variables)
    {
        var (list, index) = Element(element, variables);
        return list[index];
    }

    /// <summary>The list and index of <c>x [ i ]</c>.</summary>
    private static (int[] List, int Index) Element(IReadOnlyList<string> element, Dictionary<string, int[]> variables)
    {
        string text = string.Join(" ", element);
        if (element.Count != 4 || element[1] != "[" || element[3] != "]")
        {
            throw new ArgumentException($"'{text}' is not an element such as 'a [ 2 ]'.");
        }
        if (!variables.TryGetValue(element[0], out var list))
        {
            throw new ArgumentException($"'{text}' uses '{element[0]}' before declaring it.");
        }
        int index = Number(element[2]);
        return index < list.Length
            ? (list, index)
            : throw new ArgumentException($"'{text}' is out of range: the list has {list.Length} elements, indices 0..{list.Length - 1}.");
    }

    /// <summary>Splits at commas: <c>a [ 0 ] , 4</c> → [a [ 0 ]], [4].</summary>
    private static List<IReadOnlyList<string>> Split(IReadOnlyList<string> tokens)
    {
        var parts = new List<IReadOnlyList<string>>();
        int start = 0;
        while (true)
        {
            int comma = IndexOf(tokens, ",", start, tokens.Count);
            var part = Slice(tokens, start, comma);
            if (part.Count == 0)
            {
                throw new ArgumentException($"'{string.Join(" ", tokens)}' has an empty item between commas.");
            }
            parts.Add(part);
            if (comma == tokens.Count)
            {
                return parts;
            }
            start = comma + 1;
        }
    }

    private static int Number(string token) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"'{token}' is not a number.");

    private static bool IsVariable(string token) => token.Length > 0 && token.All(char.IsAsciiLetterLower);

    /// <summary>The first index of <paramref name="token"/> in [start, end), or <paramref name="end"/> when there is none.</summary>
    private static int IndexOf(IReadOnlyList<string> tokens, string token, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (tokens[i] == token)
            {
                return i;
            }
        }
        return end;
    }

    private static List<string> Slice(IReadOnlyList<string> tokens, int start, int end) => tokens.Skip(start).Take(end - start).ToList();
}
