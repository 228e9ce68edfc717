namespace AlgoLens.Analysis.Dictionary;

/// <summary>
/// The optimal assignment (Kuhn 1955; Munkres 1957) of a rectangular cost matrix, by the O(n²m)
/// shortest-augmenting-path form with row and column potentials (Jonker and Volgenant's idea, as
/// e-maxx writes it). Greedy matching is not used: taking the best pair first can block two
/// better pairs, and the counts of matched features would then depend on the order.
/// </summary>
public static class Hungarian
{
    /// <summary>
    /// For cost [rows, cols], the column assigned to each row (−1 for the rows left over when
    /// rows > cols) so that every column is used at most once and the total cost is least.
    /// </summary>
    public static int[] Assign(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        foreach (double c in cost)
        {
            if (!double.IsFinite(c))
            {
                throw new ArgumentException($"The costs must be finite; got {c}.", nameof(cost));
            }
        }
        if (rows == 0 || cols == 0)
        {
            return Enumerable.Repeat(-1, rows).ToArray();
        }
        if (rows > cols)
        {
            // Assign the columns to rows instead, and read it back.
            var transposed = new double[cols, rows];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    transposed[j, i] = cost[i, j];
                }
            }
            var byColumn = Assign(transposed);
            var result = Enumerable.Repeat(-1, rows).ToArray();
            for (int j = 0; j < cols; j++)
            {
                result[byColumn[j]] = j;
            }
            return result;
        }
        int n = rows, m = cols;
        var u = new double[n + 1];
        var v = new double[m + 1];
        var rowOf = new int[m + 1]; // rowOf[j]: the row (1-based) holding column j; 0 when free
        var way = new int[m + 1];
        for (int i = 1; i <= n; i++)
        {
            rowOf[0] = i;
            int j0 = 0;
            var minimum = Enumerable.Repeat(double.PositiveInfinity, m + 1).ToArray();
            var used = new bool[m + 1];
            do
            {
                used[j0] = true;
                int i0 = rowOf[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    double reduced = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = j0;
                    }
                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (rowOf[j0] != 0);
            do
            {
                int j1 = way[j0];
                rowOf[j0] = rowOf[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= m; j++)
        {
            if (rowOf[j] != 0)
            {
                assignment[rowOf[j] - 1] = j - 1;
            }
        }
        return assignment;
    }
}
