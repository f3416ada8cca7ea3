/**
 * Optimal one-to-one assignment of rows (faces) to columns (people) with a cost ceiling.
 * Pure: no DOM, no tfjs.
 */

/** Marks a row left without a column. */
export const UNASSIGNED = -1;

/**
 * Assigns each row at most one column and each column at most one row, using only pairs whose cost is
 * finite and `<= maxCost`, so that
 *
 *     sum(cost of assigned pairs) + maxCost * (number of unassigned rows)
 *
 * is minimal — i.e. it maximises the total margin `sum(maxCost - cost)` over the assigned pairs. A
 * row pays `maxCost` for staying unassigned, so any pair within the ceiling is worth taking, and
 * when two rows want the same column the one that would lose least by staying unassigned yields.
 * On a tie between assigning a pair at exactly `maxCost` and leaving the row unassigned, the pair
 * is assigned (the ceiling is inclusive).
 *
 * `cost[row][column]`; rows must all have the same length. NaN or infinite entries are forbidden
 * pairs. Returns, for each row, its column index or `UNASSIGNED` (-1).
 *
 * Hungarian algorithm (Kuhn–Munkres with potentials), O(r² · (c + r)) over the r rows and c columns
 * that have at least one allowed pair.
 */
export function assignMinCost(cost: readonly (readonly number[])[], maxCost: number): number[] {
  if (!Number.isFinite(maxCost)) throw new RangeError(`maxCost must be finite, got ${maxCost}`);
  const columnCount = cost[0]?.length ?? 0;
  for (const row of cost) {
    if (row.length !== columnCount) throw new RangeError('Cost matrix rows differ in length');
  }

  const allowed = (value: number): boolean => Number.isFinite(value) && value <= maxCost;
  const result: number[] = cost.map(() => UNASSIGNED);

  // Only rows and columns that have at least one allowed pair take part.
  const rows: number[] = [];
  const columnUsed = new Array<boolean>(columnCount).fill(false);
  cost.forEach((row, r) => {
    let any = false;
    row.forEach((value, c) => {
      if (allowed(value)) {
        any = true;
        columnUsed[c] = true;
      }
    });
    if (any) rows.push(r);
  });
  const columns: number[] = [];
  columnUsed.forEach((used, c) => {
    if (used) columns.push(c);
  });
  if (rows.length === 0) return result;

  // Square-up with one "stay unassigned" column per row, priced just over the ceiling so that a
  // pair at exactly maxCost beats it. Forbidden pairs cost more than staying unassigned, so an
  // optimal solution never uses them (a row can always move to a free unassigned column).
  const epsilon = 1e-9 * Math.max(1, Math.abs(maxCost));
  const unassignedCost = maxCost + epsilon;
  const forbiddenCost = unassignedCost + 1;
  const matrix: number[][] = rows.map((r) => {
    const source = cost[r] as readonly number[];
    const line = columns.map((c) => {
      const value = source[c] as number;
      return allowed(value) ? value : forbiddenCost;
    });
    for (let k = 0; k < rows.length; k++) line.push(unassignedCost);
    return line;
  });

  const columnOfRow = hungarian(matrix, rows.length, columns.length + rows.length);
  columnOfRow.forEach((column, i) => {
    const r = rows[i] as number;
    if (column < columns.length) {
      const c = columns[column] as number;
      if (allowed((cost[r] as readonly number[])[c] as number)) result[r] = c;
    }
  });
  return result;
}

/**
 * Minimum-cost assignment of every one of n rows to a distinct column of an n × m matrix (n <= m).
 * Returns the column for each row. Classic potentials formulation, 1-based internally.
 */
function hungarian(a: readonly (readonly number[])[], n: number, m: number): number[] {
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0); // p[j]: row matched to column j (0 = none)
  const way = new Array<number>(m + 1).fill(0);
  const at = (i: number, j: number): number => (a[i - 1] as readonly number[])[j - 1] as number;

  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = at(i0, j) - (u[i0] as number) - (v[j] as number);
        if (reduced < (minv[j] as number)) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const row = p[j] as number;
          u[row] = (u[row] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }

  const columnOfRow = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const row = p[j] as number;
    if (row !== 0) columnOfRow[row - 1] = j - 1;
  }
  return columnOfRow;
}
