import { describe, expect, it } from 'vitest';
import { assignMinCost, UNASSIGNED } from '../../src/domain/assignment';

/** Objective from the doc comment: assigned costs + maxCost per unassigned row. */
function objective(cost: number[][], maxCost: number, assignment: number[]): number {
  return assignment.reduce((total, c, r) => total + (c === UNASSIGNED ? maxCost : (cost[r] as number[])[c] as number), 0);
}

/** Exhaustive optimum over all valid partial assignments (small matrices only). */
function bruteForce(cost: number[][], maxCost: number): number {
  const columns = cost[0]?.length ?? 0;
  let best = Infinity;
  const visit = (r: number, used: boolean[], total: number): void => {
    if (r === cost.length) {
      best = Math.min(best, total);
      return;
    }
    visit(r + 1, used, total + maxCost);
    for (let c = 0; c < columns; c++) {
      const value = (cost[r] as number[])[c] as number;
      if (!used[c] && value <= maxCost) {
        used[c] = true;
        visit(r + 1, used, total + value);
        used[c] = false;
      }
    }
  };
  visit(0, new Array<boolean>(columns).fill(false), 0);
  return best;
}

function isValid(cost: number[][], maxCost: number, assignment: number[]): boolean {
  const seen = new Set<number>();
  return assignment.every((c, r) => {
    if (c === UNASSIGNED) return true;
    if (seen.has(c)) return false;
    seen.add(c);
    return ((cost[r] as number[])[c] as number) <= maxCost;
  });
}

/** Small deterministic PRNG so failures reproduce. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('assignMinCost', () => {
  it('returns nothing for an empty matrix and all unassigned with no columns', () => {
    expect(assignMinCost([], 0.6)).toEqual([]);
    expect(assignMinCost([[], []], 0.6)).toEqual([UNASSIGNED, UNASSIGNED]);
  });

  it('differs from greedy nearest, which would give column 0 to both rows', () => {
    // Both rows are nearest to column 0. Greedy in row order: row 0 -> 0 (0.30), row 1 -> 1 (0.50) = 0.80.
    // Optimal: row 0 -> 1 (0.35), row 1 -> 0 (0.31) = 0.66.
    const cost = [
      [0.3, 0.35],
      [0.31, 0.5],
    ];
    expect(assignMinCost(cost, 0.6)).toEqual([1, 0]);
  });

  it('never assigns a column twice, leaving the worse claimant unassigned', () => {
    const cost = [
      [0.2, 0.9],
      [0.4, 0.9],
    ];
    expect(assignMinCost(cost, 0.6)).toEqual([0, UNASSIGNED]);
  });

  it('leaves a row unassigned rather than forcing a pair over the ceiling', () => {
    // Cardinality-first would pick row0->1 (0.59) + row1->0 (0.3); the margin objective keeps row0->0.
    const cost = [
      [0.1, 0.59],
      [0.3, 0.7],
    ];
    expect(assignMinCost(cost, 0.6)).toEqual([0, UNASSIGNED]);
  });

  it('treats the ceiling as inclusive and NaN/Infinity as forbidden', () => {
    expect(assignMinCost([[0.6]], 0.6)).toEqual([0]);
    expect(assignMinCost([[0.6000001]], 0.6)).toEqual([UNASSIGNED]);
    expect(assignMinCost([[Number.NaN, Infinity, 0.5]], 0.6)).toEqual([2]);
  });

  it('handles more rows than columns and more columns than rows', () => {
    expect(assignMinCost([[0.5], [0.1], [0.3]], 0.6)).toEqual([UNASSIGNED, 0, UNASSIGNED]);
    expect(assignMinCost([[0.5, 0.2, 0.4, 0.1]], 0.6)).toEqual([3]);
  });

  it('rejects ragged matrices and a non-finite ceiling', () => {
    expect(() => assignMinCost([[0.1, 0.2], [0.3]], 0.6)).toThrow(RangeError);
    expect(() => assignMinCost([[0.1]], Infinity)).toThrow(RangeError);
  });

  it('matches an exhaustive search on random matrices', () => {
    const random = mulberry32(12345);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = Math.floor(random() * 6);
      const cost = Array.from({ length: rows }, () => Array.from({ length: columns }, () => random()));
      const maxCost = 0.2 + random() * 0.7;
      const assignment = assignMinCost(cost, maxCost);
      expect(assignment).toHaveLength(rows);
      expect(isValid(cost, maxCost, assignment)).toBe(true);
      expect(objective(cost, maxCost, assignment)).toBeCloseTo(bruteForce(cost, maxCost), 9);
    }
  });
});
