using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Balabaqsha.Domain.Applications;

namespace Balabaqsha.Domain.Queues;

/// <summary>
/// The in-memory order index of one queue: places in the whole queue and among the children of the same
/// birth year, answered in O(log n).
/// </summary>
/// <remarks>
/// <para>
/// Every entry lives in one slot of a node array and is linked into two weight-balanced (BB[α], Adams)
/// order-statistic trees at once: the tree of the whole queue and the tree of its birth year. Each link set
/// holds left, right and subtree size; the size doubles as the balance information, so a slot costs
/// 32 bytes (the entry reference and two link sets) and no per-node objects are allocated. Balance follows
/// Hirai and Yamamoto's verified parameters (Δ = 3, Γ = 2, weight = size + 1).
/// </para>
/// <para>
/// Slot 0 is the nil sentinel: its links stay all zero, so the size of an empty subtree reads as 0 without
/// a branch. Freed slots are kept on a free list and reused.
/// </para>
/// <para>Not thread-safe: it is meant to be owned by one grain activation.</para>
/// </remarks>
public sealed class QueueIndex
{
    private const int Nil = 0;
    private const int Whole = 0;
    private const int Year = 1;
    private const int Delta = 3;
    private const int Gamma = 2;

    private Node[] _nodes;
    private int _highWater; // slots 1.._highWater have been used at least once
    private int _free;      // head of the free list, linked through the whole-queue Left link
    private int _root;
    private readonly Dictionary<string, int> _slotByNumber;
    private readonly Dictionary<int, int> _yearRoots = [];
    private int _version;

    public QueueIndex()
        : this(0)
    {
    }

    private QueueIndex(int capacity)
    {
        _nodes = new Node[capacity + 1];
        _slotByNumber = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
    }

    /// <summary>The number of entries in the queue.</summary>
    public int Count => _slotByNumber.Count;

    /// <summary>
    /// Builds an index from entries in any order, in O(n log n) for the sort and O(n) for the trees.
    /// </summary>
    /// <exception cref="ArgumentException">Two entries have the same number.</exception>
    public static QueueIndex Build(IEnumerable<QueueEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = SortInQueueOrder(entries.ToArray());

        var n = sorted.Length;
        var index = new QueueIndex(n);
        var nodes = index._nodes;
        var yearCounts = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var entry = sorted[i];
            if (!index._slotByNumber.TryAdd(entry.Number, i + 1))
            {
                throw new ArgumentException($"The number {entry.Number} occurs more than once.", nameof(entries));
            }

            nodes[i + 1].Entry = entry;
            CollectionsMarshal.GetValueRefOrAddDefault(yearCounts, entry.BirthYear, out _)++;
        }

        index._highWater = n;
        index._root = index.BuildSequential(1, n + 1);

        // Group the slots by birth year; slots are already in queue order, so each group is sorted.
        var offsets = new Dictionary<int, int>(yearCounts.Count);
        var next = 0;
        foreach (var (year, count) in yearCounts)
        {
            offsets[year] = next;
            next += count;
        }

        var starts = new Dictionary<int, int>(offsets);
        var grouped = new int[n];
        for (var slot = 1; slot <= n; slot++)
        {
            grouped[CollectionsMarshal.GetValueRefOrNullRef(offsets, nodes[slot].Entry!.BirthYear)++] = slot;
        }

        foreach (var (year, count) in yearCounts)
        {
            var start = starts[year];
            index._yearRoots[year] = index.BuildFromSlots(grouped, start, start + count);
        }

        return index;
    }

    /// <summary>
    /// Sorts entries in queue order. Comparing the records one by one costs a delegate or interface call per
    /// comparison, so the bulk of the work sorts a primitive key instead — rank and submission time in
    /// 100 ns ticks packed into one <see cref="UInt128"/> — and only runs of equal keys (same rank and tick)
    /// are then ordered with <see cref="QueueEntry.CompareTo"/>.
    /// </summary>
    private static QueueEntry[] SortInQueueOrder(QueueEntry[] entries)
    {
        var n = entries.Length;
        var keys = new UInt128[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException("The entries contain null.", nameof(entries));
            var rank = (uint)(entry.Rank ^ int.MinValue);
            var ticks = (ulong)(entry.SubmittedAt.ToUnixTimeTicks() ^ long.MinValue);
            keys[i] = new UInt128(rank, ticks);
            order[i] = i;
        }

        Array.Sort(keys, order);

        var sorted = new QueueEntry[n];
        for (var i = 0; i < n; i++)
        {
            sorted[i] = entries[order[i]];
        }

        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(sorted, start, end - start, EntryOrder.Instance);
            }

            start = end;
        }

        return sorted;
    }

    /// <summary>Adds an entry; false when its number is already in the queue.</summary>
    public bool Add(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ref var slotRef = ref CollectionsMarshal.GetValueRefOrAddDefault(_slotByNumber, entry.Number, out var exists);
        if (exists)
        {
            return false;
        }

        var slot = AllocateSlot();
        slotRef = slot;
        _nodes[slot].Entry = entry;
        Link(slot);
        _version++;
        return true;
    }

    /// <summary>Removes the entry with this number; false when it is not in the queue.</summary>
    public bool Remove(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!_slotByNumber.Remove(number, out var slot))
        {
            return false;
        }

        Unlink(slot);
        _nodes[slot] = default;
        _nodes[slot].Links[Whole].Left = _free;
        _free = slot;
        _version++;
        return true;
    }

    public bool Contains(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return _slotByNumber.ContainsKey(number);
    }

    public QueueEntry? Find(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return _slotByNumber.TryGetValue(number, out var slot) ? _nodes[slot].Entry : null;
    }

    /// <summary>The 1-based place in the whole queue; 0 when the number is not in the queue.</summary>
    public int PlaceOf(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return _slotByNumber.TryGetValue(number, out var slot) ? PlaceIn(_root, slot, Whole) : 0;
    }

    /// <summary>
    /// The 1-based place among the entries of the same birth year; 0 when the number is not in the queue.
    /// </summary>
    public int BirthYearPlaceOf(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!_slotByNumber.TryGetValue(number, out var slot))
        {
            return 0;
        }

        return PlaceIn(_yearRoots[_nodes[slot].Entry!.BirthYear], slot, Year);
    }

    /// <summary>The number of entries whose child was born in <paramref name="year"/>.</summary>
    public int CountOfBirthYear(int year) =>
        _yearRoots.TryGetValue(year, out var root) ? SizeOf(root, Year) : 0;

    /// <summary>The entry at a 1-based place; the head of the queue is <c>At(1)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The place is not between 1 and <see cref="Count"/>.</exception>
    public QueueEntry At(int place)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(place, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(place, Count);

        var node = _root;
        var remaining = place;
        while (true)
        {
            ref var links = ref LinksOf(node, Whole);
            var leftSize = SizeOf(links.Left, Whole);
            if (remaining <= leftSize)
            {
                node = links.Left;
            }
            else if (remaining == leftSize + 1)
            {
                return _nodes[node].Entry!;
            }
            else
            {
                remaining -= leftSize + 1;
                node = links.Right;
            }
        }
    }

    /// <summary>The entries from the head of the queue to its tail.</summary>
    /// <exception cref="InvalidOperationException">The index changed during the enumeration.</exception>
    public IEnumerable<QueueEntry> InOrder()
    {
        var version = _version;
        var stack = new Stack<int>();
        var node = _root;
        while (node != Nil || stack.Count > 0)
        {
            while (node != Nil)
            {
                stack.Push(node);
                node = LinksOf(node, Whole).Left;
            }

            node = stack.Pop();
            yield return _nodes[node].Entry!;
            if (version != _version)
            {
                throw new InvalidOperationException("The queue index changed during the enumeration.");
            }

            node = LinksOf(node, Whole).Right;
        }
    }

    /// <summary>The entries of one birth year, in queue order.</summary>
    /// <exception cref="InvalidOperationException">The index changed during the enumeration.</exception>
    public IEnumerable<QueueEntry> InOrderOfBirthYear(int year)
    {
        if (!_yearRoots.TryGetValue(year, out var root))
        {
            yield break;
        }

        var version = _version;
        var stack = new Stack<int>();
        var node = root;
        while (node != Nil || stack.Count > 0)
        {
            while (node != Nil)
            {
                stack.Push(node);
                node = LinksOf(node, Year).Left;
            }

            node = stack.Pop();
            yield return _nodes[node].Entry!;
            if (version != _version)
            {
                throw new InvalidOperationException("The queue index changed during the enumeration.");
            }

            node = LinksOf(node, Year).Right;
        }
    }

    /// <summary>The first entry in queue order that is eligible; linear in the number of entries skipped.</summary>
    public QueueEntry? FirstWhere(Func<QueueEntry, bool> eligible)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        foreach (var entry in InOrder())
        {
            if (eligible(entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Changes the priority rank of an entry, moving it to the place its new rank gives it; false when the
    /// number is not in the queue.
    /// </summary>
    public bool ChangeRank(string number, int rank)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!_slotByNumber.TryGetValue(number, out var slot))
        {
            return false;
        }

        var entry = _nodes[slot].Entry!;
        if (entry.Rank == rank)
        {
            return true;
        }

        Unlink(slot);
        _nodes[slot].Entry = entry with { Rank = rank };
        Link(slot);
        _version++;
        return true;
    }

    /// <summary>
    /// Replaces the entry with the same number (a new rank or category), moving it to the place the new
    /// entry gives it; false when the number is not in the queue.
    /// </summary>
    public bool Replace(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_slotByNumber.TryGetValue(entry.Number, out var slot))
        {
            return false;
        }

        Unlink(slot);
        _nodes[slot].Entry = entry;
        Link(slot);
        _version++;
        return true;
    }

    /// <summary>The birth years present and how many entries each has, by year.</summary>
    public IReadOnlyList<(int BirthYear, int Count)> BirthYearCounts() =>
        [.. _yearRoots.Where(pair => pair.Value != Nil).Select(pair => (pair.Key, SizeOf(pair.Value, Year))).OrderBy(pair => pair.Key)];

    /// <summary>
    /// Checks the structure (order, subtree sizes, balance, birth-year membership, the sentinel) and throws
    /// when it is broken. Linear; for tests.
    /// </summary>
    internal void CheckInvariants()
    {
        Check(_nodes[Nil].Entry is null && _nodes[Nil].Links[Whole].Equals(default(Links)) && _nodes[Nil].Links[Year].Equals(default(Links)), "sentinel changed");
        Check(CheckTree(_root, Whole, null, null) == Count, "whole-queue size differs from Count");
        var total = 0;
        foreach (var (year, root) in _yearRoots)
        {
            Check(root != Nil, $"empty tree kept for {year}");
            var size = CheckTree(root, Year, null, null);
            total += size;
            foreach (var slot in SlotsInOrder(root, Year))
            {
                Check(_nodes[slot].Entry!.BirthYear == year, $"{_nodes[slot].Entry!.Number} is in the tree of {year}");
            }
        }

        Check(total == Count, "birth-year trees do not hold every entry once");
        foreach (var (number, slot) in _slotByNumber)
        {
            Check(_nodes[slot].Entry?.Number == number, $"slot of {number} holds another entry");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Queue index invariant broken: " + message);
        }
    }

    private int CheckTree(int node, int tree, QueueEntry? low, QueueEntry? high)
    {
        if (node == Nil)
        {
            return 0;
        }

        var entry = _nodes[node].Entry;
        Check(entry is not null, "a freed slot is linked");
        Check(low is null || low.CompareTo(entry) < 0, "order broken");
        Check(high is null || entry!.CompareTo(high) < 0, "order broken");
        var links = LinksOf(node, tree);
        var left = CheckTree(links.Left, tree, low, entry);
        var right = CheckTree(links.Right, tree, entry, high);
        Check(links.Size == left + right + 1, "size broken");
        Check(IsBalanced(left, right) && IsBalanced(right, left), "balance broken");
        return links.Size;
    }

    private List<int> SlotsInOrder(int root, int tree)
    {
        var slots = new List<int>();
        var stack = new Stack<int>();
        var node = root;
        while (node != Nil || stack.Count > 0)
        {
            while (node != Nil)
            {
                stack.Push(node);
                node = LinksOf(node, tree).Left;
            }

            node = stack.Pop();
            slots.Add(node);
            node = LinksOf(node, tree).Right;
        }

        return slots;
    }

    private int AllocateSlot()
    {
        if (_free != Nil)
        {
            var slot = _free;
            _free = _nodes[slot].Links[Whole].Left;
            _nodes[slot].Links[Whole].Left = Nil;
            return slot;
        }

        if (_highWater + 1 == _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(16, _nodes.Length * 2));
        }

        return ++_highWater;
    }

    private void Link(int slot)
    {
        _root = Insert(_root, slot, Whole);
        ref var yearRoot = ref CollectionsMarshal.GetValueRefOrAddDefault(_yearRoots, _nodes[slot].Entry!.BirthYear, out _);
        yearRoot = Insert(yearRoot, slot, Year);
    }

    private void Unlink(int slot)
    {
        _root = Delete(_root, slot, Whole);
        var year = _nodes[slot].Entry!.BirthYear;
        ref var yearRoot = ref CollectionsMarshal.GetValueRefOrNullRef(_yearRoots, year);
        yearRoot = Delete(yearRoot, slot, Year);
        if (yearRoot == Nil)
        {
            _yearRoots.Remove(year);
        }
    }

    private int PlaceIn(int root, int slot, int tree)
    {
        var entry = _nodes[slot].Entry!;
        var before = 0;
        var node = root;
        while (node != Nil)
        {
            ref var links = ref LinksOf(node, tree);
            if (node == slot)
            {
                return before + SizeOf(links.Left, tree) + 1;
            }

            if (entry.CompareTo(_nodes[node].Entry) < 0)
            {
                node = links.Left;
            }
            else
            {
                before += SizeOf(links.Left, tree) + 1;
                node = links.Right;
            }
        }

        throw new InvalidOperationException($"Queue index invariant broken: {entry.Number} is not in its tree.");
    }

    private int BuildSequential(int from, int to)
    {
        if (from >= to)
        {
            return Nil;
        }

        var middle = (from + to) >>> 1;
        ref var links = ref LinksOf(middle, Whole);
        links.Left = BuildSequential(from, middle);
        links.Right = BuildSequential(middle + 1, to);
        links.Size = to - from;
        return middle;
    }

    private int BuildFromSlots(int[] slots, int from, int to)
    {
        if (from >= to)
        {
            return Nil;
        }

        var middle = (from + to) >>> 1;
        var node = slots[middle];
        ref var links = ref LinksOf(node, Year);
        links.Left = BuildFromSlots(slots, from, middle);
        links.Right = BuildFromSlots(slots, middle + 1, to);
        links.Size = to - from;
        return node;
    }

    private int Insert(int node, int slot, int tree)
    {
        if (node == Nil)
        {
            ref var fresh = ref LinksOf(slot, tree);
            fresh.Left = Nil;
            fresh.Right = Nil;
            fresh.Size = 1;
            return slot;
        }

        ref var links = ref LinksOf(node, tree);
        if (_nodes[slot].Entry!.CompareTo(_nodes[node].Entry) < 0)
        {
            links.Left = Insert(links.Left, slot, tree);
        }
        else
        {
            links.Right = Insert(links.Right, slot, tree);
        }

        return Balance(node, tree);
    }

    private int Delete(int node, int slot, int tree)
    {
        if (node == Nil)
        {
            throw new InvalidOperationException($"Queue index invariant broken: {_nodes[slot].Entry!.Number} is not in its tree.");
        }

        ref var links = ref LinksOf(node, tree);
        if (node == slot)
        {
            return Glue(links.Left, links.Right, tree);
        }

        if (_nodes[slot].Entry!.CompareTo(_nodes[node].Entry) < 0)
        {
            links.Left = Delete(links.Left, slot, tree);
        }
        else
        {
            links.Right = Delete(links.Right, slot, tree);
        }

        return Balance(node, tree);
    }

    /// <summary>Joins the two subtrees of a removed node, lifting the neighbour from the larger side.</summary>
    private int Glue(int left, int right, int tree)
    {
        if (left == Nil)
        {
            return right;
        }

        if (right == Nil)
        {
            return left;
        }

        int top;
        if (SizeOf(left, tree) > SizeOf(right, tree))
        {
            left = RemoveMax(left, tree, out top);
        }
        else
        {
            right = RemoveMin(right, tree, out top);
        }

        ref var links = ref LinksOf(top, tree);
        links.Left = left;
        links.Right = right;
        return Balance(top, tree);
    }

    private int RemoveMin(int node, int tree, out int min)
    {
        ref var links = ref LinksOf(node, tree);
        if (links.Left == Nil)
        {
            min = node;
            return links.Right;
        }

        links.Left = RemoveMin(links.Left, tree, out min);
        return Balance(node, tree);
    }

    private int RemoveMax(int node, int tree, out int max)
    {
        ref var links = ref LinksOf(node, tree);
        if (links.Right == Nil)
        {
            max = node;
            return links.Left;
        }

        links.Right = RemoveMax(links.Right, tree, out max);
        return Balance(node, tree);
    }

    /// <summary>
    /// Restores the weight balance of a node whose subtrees were balanced before one insertion or deletion
    /// below it, and recomputes its size; returns the subtree's new root.
    /// </summary>
    private int Balance(int node, int tree)
    {
        ref var links = ref LinksOf(node, tree);
        var leftSize = SizeOf(links.Left, tree);
        var rightSize = SizeOf(links.Right, tree);
        if (!IsBalanced(leftSize, rightSize))
        {
            return RotateLeft(node, tree);
        }

        if (!IsBalanced(rightSize, leftSize))
        {
            return RotateRight(node, tree);
        }

        links.Size = leftSize + rightSize + 1;
        return node;
    }

    /// <summary>Whether a side of size <paramref name="a"/> is heavy enough against a side of size <paramref name="b"/>.</summary>
    private static bool IsBalanced(int a, int b) => (long)Delta * (a + 1) >= b + 1;

    private static bool IsSingle(int a, int b) => a + 1 < Gamma * (long)(b + 1);

    private int RotateLeft(int node, int tree)
    {
        ref var links = ref LinksOf(node, tree);
        var right = links.Right;
        ref var rightLinks = ref LinksOf(right, tree);
        var inner = rightLinks.Left;
        if (IsSingle(SizeOf(inner, tree), SizeOf(rightLinks.Right, tree)))
        {
            links.Right = inner;
            Resize(node, tree);
            rightLinks.Left = node;
            Resize(right, tree);
            return right;
        }

        ref var innerLinks = ref LinksOf(inner, tree);
        links.Right = innerLinks.Left;
        rightLinks.Left = innerLinks.Right;
        Resize(node, tree);
        Resize(right, tree);
        innerLinks.Left = node;
        innerLinks.Right = right;
        Resize(inner, tree);
        return inner;
    }

    private int RotateRight(int node, int tree)
    {
        ref var links = ref LinksOf(node, tree);
        var left = links.Left;
        ref var leftLinks = ref LinksOf(left, tree);
        var inner = leftLinks.Right;
        if (IsSingle(SizeOf(inner, tree), SizeOf(leftLinks.Left, tree)))
        {
            links.Left = inner;
            Resize(node, tree);
            leftLinks.Right = node;
            Resize(left, tree);
            return left;
        }

        ref var innerLinks = ref LinksOf(inner, tree);
        links.Left = innerLinks.Right;
        leftLinks.Right = innerLinks.Left;
        Resize(node, tree);
        Resize(left, tree);
        innerLinks.Right = node;
        innerLinks.Left = left;
        Resize(inner, tree);
        return inner;
    }

    private void Resize(int node, int tree)
    {
        ref var links = ref LinksOf(node, tree);
        links.Size = SizeOf(links.Left, tree) + SizeOf(links.Right, tree) + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Links LinksOf(int node, int tree) => ref _nodes[node].Links[tree];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SizeOf(int node, int tree) => _nodes[node].Links[tree].Size;

    private struct Links : IEquatable<Links>
    {
        public int Left;
        public int Right;
        public int Size;

        public readonly bool Equals(Links other) => Left == other.Left && Right == other.Right && Size == other.Size;

        public override readonly bool Equals(object? obj) => obj is Links other && Equals(other);

        public override readonly int GetHashCode() => HashCode.Combine(Left, Right, Size);
    }

    [InlineArray(2)]
    private struct LinkPair
    {
#pragma warning disable IDE0044, IDE0051 // the element of an inline array is accessed through the indexer
        private Links _first;
#pragma warning restore IDE0044, IDE0051
    }

    private struct Node
    {
        public QueueEntry? Entry;
        public LinkPair Links;
    }

    private sealed class EntryOrder : IComparer<QueueEntry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(QueueEntry? x, QueueEntry? y) => x!.CompareTo(y);
    }
}
