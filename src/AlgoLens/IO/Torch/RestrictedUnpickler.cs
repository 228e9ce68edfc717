using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace AlgoLens.IO.Torch;

/// <summary>
/// A pickle reader for the opcodes torch.save writes (protocol 2, its default, and the protocol 3-4
/// framing, short strings, memoize and STACK_GLOBAL that <c>pickle_protocol=4</c> adds). Python
/// globals go through <see cref="TorchAllowList"/>: an allowed name becomes an inert C# value, any
/// other is refused as soon as GLOBAL reads it, so no pickled code is ever run or even looked up.
/// Class-building opcodes (INST, OBJ, NEWOBJ) and any opcode outside the subset are refused.
/// What a pickle may build is bounded by its length (<see cref="PickleBudget"/>): the values it
/// creates and the memory they take, so a crafted pickle fails with the limit named instead of
/// growing the heap to many times its size.
/// </summary>
/// <remarks>
/// Why not Razorvine.Pickle (the pickle library served here)? It maps every unknown global to a
/// ClassDict instead of failing (its global lookup is private, with no hook to refuse there), keeps
/// its constructor registry in a process-wide static dictionary (registering torch's names would
/// change every other unpickler in the process), and runs BUILD through reflection on the
/// target's type. Strictness would have to be bolted on after the fact by walking the result; this
/// reader of about 350 lines refuses at the opcode instead, bounds every read by the pickle's
/// length, and adds no dependency.
/// </remarks>
internal sealed class RestrictedUnpickler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Boxed once: sizes, strides, offsets and the protocol's small ints are mostly below this, and
    // a pickle of repeated small ints should not cost a fresh box per two bytes.
    private static readonly object[] SmallInts = [.. Enumerable.Range(0, 1024).Select(i => (object)(long)i)];
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly byte[] data;
    private readonly string source;
    private readonly Func<object?, object?> persistentLoad;
    private readonly List<object?> stack = [];
    private readonly List<int> marks = [];
    // torch's pickler numbers memo entries 0, 1, 2, ...: a list holds them; an index past its end
    // (legal, never written by torch) goes to the dictionary.
    private readonly List<object?> memo = [];
    private readonly PickleBudget budget;
    private Dictionary<long, object?>? sparseMemo;
    private int position;
    private int opcodeStart;

    /// <summary>A reader of <paramref name="data"/>; <paramref name="persistentLoad"/> resolves BINPERSID ids.</summary>
    public RestrictedUnpickler(byte[] data, string source, Func<object?, object?> persistentLoad)
        : this(data, source, persistentLoad, null)
    {
    }

    /// <summary>As above, with <paramref name="budget"/> in place of the one for the pickle's length (tests).</summary>
    internal RestrictedUnpickler(byte[] data, string source, Func<object?, object?> persistentLoad, PickleBudget? budget)
    {
        this.data = data;
        this.source = source;
        this.persistentLoad = persistentLoad;
        this.budget = budget ?? new PickleBudget(data.Length);
    }

    /// <summary>Runs the pickle to its STOP and returns the object it built.</summary>
    public object? Load()
    {
        while (true)
        {
            opcodeStart = position;
            budget.CheckMemory(source, opcodeStart);
            byte op = ReadByte();
            if (op == PickleOpcode.Stop)
            {
                return stack.Count == 1 && marks.Count == 0 ? stack[0] : throw Damaged($"it stops with {stack.Count} values on its stack instead of one");
            }
            Dispatch(op);
        }
    }

    private void Dispatch(byte op)
    {
        switch (op)
        {
            case PickleOpcode.Proto:
                byte protocol = ReadByte();
                if (protocol > 5)
                {
                    throw Damaged($"it declares pickle protocol {protocol}; the highest is 5");
                }
                break;
            case PickleOpcode.Frame:
                Read(8); // a length hint for buffered readers; the opcodes follow unchanged
                break;
            case PickleOpcode.Mark:
                marks.Add(stack.Count);
                break;
            case PickleOpcode.Pop:
                Pop();
                break;
            case PickleOpcode.PopMark:
                int popped = PopMark();
                stack.RemoveRange(popped, stack.Count - popped);
                break;
            case PickleOpcode.None:
                stack.Add(null);
                break;
            case PickleOpcode.NewTrue:
                stack.Add(True);
                break;
            case PickleOpcode.NewFalse:
                stack.Add(False);
                break;
            case PickleOpcode.BinInt:
                PushInt(BinaryPrimitives.ReadInt32LittleEndian(Read(4)));
                break;
            case PickleOpcode.BinInt1:
                PushInt(ReadByte());
                break;
            case PickleOpcode.BinInt2:
                PushInt(BinaryPrimitives.ReadUInt16LittleEndian(Read(2)));
                break;
            case PickleOpcode.Long1:
                PushInt(ReadLong1());
                break;
            case PickleOpcode.BinFloat:
                PushNew(BinaryPrimitives.ReadDoubleBigEndian(Read(8)));
                break;
            case PickleOpcode.BinUnicode:
                PushNew(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                break;
            case PickleOpcode.ShortBinUnicode:
                PushNew(ReadString(ReadByte()));
                break;
            case PickleOpcode.BinUnicode8:
                PushNew(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(Read(8))));
                break;
            case PickleOpcode.EmptyTuple:
                stack.Add(PickleTuple.Empty);
                break;
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
                int n = op - PickleOpcode.Tuple1 + 1;
                var items = new object?[n];
                for (int i = n - 1; i >= 0; i--)
                {
                    items[i] = Pop();
                }
                PushNew(new PickleTuple(items));
                break;
            case PickleOpcode.Tuple:
                int tupleStart = PopMark();
                var tuple = stack.Count == tupleStart ? PickleTuple.Empty : new PickleTuple(MarkedItems(tupleStart).ToArray());
                stack.RemoveRange(tupleStart, stack.Count - tupleStart);
                PushNew(tuple);
                break;
            case PickleOpcode.EmptyList:
                PushNew(new List<object?>());
                break;
            case PickleOpcode.List:
                int listStart = PopMark();
                var list = new List<object?>(stack.Count - listStart);
                list.AddRange(MarkedItems(listStart));
                stack.RemoveRange(listStart, stack.Count - listStart);
                PushNew(list);
                break;
            case PickleOpcode.Append:
                object? item = Pop();
                Peek<List<object?>>("APPEND").Add(item);
                break;
            case PickleOpcode.Appends:
                int appendStart = PopMark();
                if (appendStart == 0)
                {
                    throw Damaged("APPENDS finds nothing where it needs a list");
                }
                var target = stack[appendStart - 1] as List<object?> ?? throw Damaged($"APPENDS finds {PickleDescribe.Kind(stack[appendStart - 1])} where it needs a list");
                target.AddRange(MarkedItems(appendStart));
                stack.RemoveRange(appendStart, stack.Count - appendStart);
                break;
            case PickleOpcode.EmptyDict:
                PushNew(new PickleDict());
                break;
            case PickleOpcode.Dict:
                var dict = new PickleDict();
                int dictStart = PopMark();
                SetItems(dict, dictStart);
                PushNew(dict);
                break;
            case PickleOpcode.SetItem:
                object? value = Pop();
                object? key = Pop();
                Peek<PickleDict>("SETITEM").Set(key, value, source);
                break;
            case PickleOpcode.SetItems:
                int pairsStart = PopMark();
                if (pairsStart == 0)
                {
                    throw Damaged("SETITEMS finds nothing where it needs a dict");
                }
                SetItems(stack[pairsStart - 1] as PickleDict ?? throw Damaged($"SETITEMS finds {PickleDescribe.Kind(stack[pairsStart - 1])} where it needs a dict"), pairsStart);
                break;
            case PickleOpcode.BinPut:
                Memoize(ReadByte());
                break;
            case PickleOpcode.LongBinPut:
                Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                break;
            case PickleOpcode.Memoize:
                Memoize(memo.Count + (sparseMemo?.Count ?? 0));
                break;
            case PickleOpcode.BinGet:
                Recall(ReadByte());
                break;
            case PickleOpcode.LongBinGet:
                Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                break;
            case PickleOpcode.Global:
                string module = ReadLine();
                PushNew(TorchAllowList.Resolve(module, ReadLine(), source));
                break;
            case PickleOpcode.StackGlobal:
                string name = Pop() as string ?? throw Damaged("STACK_GLOBAL finds no name string");
                string stackModule = Pop() as string ?? throw Damaged("STACK_GLOBAL finds no module string");
                PushNew(TorchAllowList.Resolve(stackModule, name, source));
                break;
            case PickleOpcode.Reduce:
                Reduce();
                break;
            case PickleOpcode.Build:
                Build();
                break;
            case PickleOpcode.BinPersId:
                PushNew(persistentLoad(Pop()));
                break;
            case PickleOpcode.Inst:
                // INST names its class inline: refuse by that name when it is not allowed.
                string instModule = ReadLine();
                TorchAllowList.Resolve(instModule, ReadLine(), source);
                throw Unsupported(op);
            default:
                throw Unsupported(op);
        }
    }

    private void Reduce()
    {
        var args = Pop() as PickleTuple ?? throw Damaged("REDUCE finds no argument tuple");
        object? callable = Pop();
        switch (callable)
        {
            case PickleCallable call:
                PushNew(call.Invoke(args));
                break;
            case PickleToken token:
                throw new UnsafePickleException(token.FullName, $"{source}: its pickle calls {token.FullName}, which a torch state dict only uses as a value; the file is refused and nothing in it was run.");
            default:
                throw Damaged($"REDUCE calls {PickleDescribe.Kind(callable)}, which is not callable");
        }
    }

    // BUILD sets an object's state. torch.save writes it once, for the state dict's `_metadata`
    // attribute (per-module version numbers), which AlgoLens does not need: it is dropped. BUILD
    // on anything else would set attributes of a class instance, which a state dict has none of.
    private void Build()
    {
        object? state = Pop();
        if (stack.Count == 0 || stack[^1] is not PickleDict || state is not (PickleDict or PickleTuple))
        {
            throw Damaged($"BUILD sets {PickleDescribe.Kind(state)} on {(stack.Count == 0 ? "nothing" : PickleDescribe.Kind(stack[^1]))}; torch.save only sets a state dict's attributes");
        }
    }

    // The keys and values above the mark at `start` go into the dict and leave the stack.
    private void SetItems(PickleDict dict, int start)
    {
        var pairs = MarkedItems(start);
        if (pairs.Length % 2 != 0)
        {
            throw Damaged($"it sets {pairs.Length} dict keys and values, an odd count");
        }
        for (int i = 0; i < pairs.Length; i += 2)
        {
            dict.Set(pairs[i], pairs[i + 1], source);
        }
        stack.RemoveRange(start, stack.Count - start);
    }

    private void PushNew(object? value)
    {
        budget.CountValue(source, opcodeStart);
        stack.Add(value);
    }

    private void PushInt(long value)
    {
        if (value >= 0 && value < SmallInts.Length)
        {
            stack.Add(SmallInts[value]);
            return;
        }
        PushNew(value);
    }

    private long ReadLong1()
    {
        int length = ReadByte();
        if (length > 8)
        {
            throw Damaged($"it holds a {length}-byte integer; torch writes sizes and steps that fit in 64 bits");
        }
        var bytes = Read(length);
        long result = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            result = (result << 8) | bytes[i];
        }
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
        {
            result -= 1L << (8 * length); // two's complement of a shorter width
        }
        return result;
    }

    private string ReadString(ulong length)
    {
        if (length > (ulong)(data.Length - position))
        {
            throw Truncated($"a string of {length} bytes");
        }
        try
        {
            return StrictUtf8.GetString(Read((int)length));
        }
        catch (DecoderFallbackException e)
        {
            throw new TorchFormatException($"{source}: the pickle holds a string that is not UTF-8 at byte {opcodeStart} (the file is damaged).", e);
        }
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0)
        {
            throw Truncated("a global's name");
        }
        string line = Encoding.ASCII.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    private void Memoize(long index)
    {
        if (stack.Count == 0)
        {
            throw Damaged("it memoizes a value from an empty stack");
        }
        object? value = stack[^1];
        if (index < memo.Count)
        {
            memo[(int)index] = value;
        }
        else if (index == memo.Count)
        {
            memo.Add(value);
            sparseMemo?.Remove(index);
        }
        else
        {
            sparseMemo ??= [];
            sparseMemo[index] = value;
        }
    }

    private void Recall(long index)
    {
        if (index < memo.Count)
        {
            stack.Add(memo[(int)index]);
            return;
        }
        stack.Add(sparseMemo is not null && sparseMemo.TryGetValue(index, out var value) ? value : throw Damaged($"it recalls memo entry {index}, which was never stored"));
    }

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks[^1] == stack.Count))
        {
            throw Damaged("an opcode needs a value but the stack is empty");
        }
        object? value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private T Peek<T>(string opcode)
        where T : class =>
        stack.Count > 0 && stack[^1] is T value ? value : throw Damaged($"{opcode} finds {(stack.Count == 0 ? "nothing" : PickleDescribe.Kind(stack[^1]))} where it needs {(typeof(T) == typeof(PickleDict) ? "a dict" : "a list")}");

    // The stack index where the last MARK was set; the values from there up are the opcode's, read
    // in place (MarkedItems) and then removed by the caller, with no list copied in between.
    private int PopMark()
    {
        if (marks.Count == 0)
        {
            throw Damaged("an opcode needs a MARK but none is set");
        }
        int start = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        return start;
    }

    private ReadOnlySpan<object?> MarkedItems(int start) => CollectionsMarshal.AsSpan(stack)[start..];

    private byte ReadByte() => position < data.Length ? data[position++] : throw Truncated("the next opcode");

    private ReadOnlySpan<byte> Read(int count)
    {
        if (count > data.Length - position)
        {
            throw Truncated($"{count} bytes of opcode 0x{data[opcodeStart]:x2}");
        }
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private TorchFormatException Truncated(string what) =>
        new($"{source}: the pickle ends at byte {data.Length} where {what} should be (truncated or damaged).");

    private TorchFormatException Damaged(string problem) =>
        new($"{source}: the pickle is damaged at byte {opcodeStart}: {problem}.");

    private TorchFormatException Unsupported(byte op) =>
        new($"{source}: the pickle uses opcode 0x{op:x2} ('{(op is >= 32 and < 127 ? (char)op : '?')}') at byte {opcodeStart}, which torch.save does not write for a state dict; the file is refused.");
}
