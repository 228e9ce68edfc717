namespace AlgoLens.Analysis.Dictionary;

/// <summary>The top-k activation on one row: keep the k largest values (ties to the lower index), zero the rest, then ReLU.</summary>
internal static class TopKRows
{
    /// <param name="row">The pre-activations, overwritten by the codes.</param>
    /// <param name="k">How many to keep (≤ the row's length).</param>
    /// <param name="scratch">At least the row's length.</param>
    public static void KeepLargest(Span<float> row, int k, float[] scratch)
    {
        int n = row.Length;
        if (k >= n)
        {
            Relu(row);
            return;
        }
        row.CopyTo(scratch);
        float threshold = Select(scratch.AsSpan(0, n), n - k);
        // Values above the threshold are kept; of those equal to it, only as many as fill k, lowest index first.
        int above = 0;
        foreach (float v in row)
        {
            if (v > threshold)
            {
                above++;
            }
        }
        int equalLeft = k - above;
        for (int i = 0; i < n; i++)
        {
            float v = row[i];
            if (v > threshold)
            {
                continue;
            }
            if (v == threshold && equalLeft > 0)
            {
                equalLeft--;
                continue;
            }
            row[i] = 0f;
        }
        Relu(row);
    }

    private static void Relu(Span<float> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (!(row[i] > 0f))
            {
                row[i] = 0f;
            }
        }
    }

    /// <summary>The value of rank <paramref name="rank"/> (0 = smallest) by quickselect (Hoare partition, median-of-three pivot); reorders the span.</summary>
    private static float Select(Span<float> a, int rank)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            float x = a[lo], y = a[mid], z = a[hi];
            float pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (rank <= j)
            {
                hi = j;
            }
            else if (rank >= i)
            {
                lo = i;
            }
            else
            {
                return a[rank];
            }
        }
        return a[rank];
    }
}
