/**
 * The groups "Who is this?" shows: largest first when no batch runs; while one runs, the shown groups keep
 * the order they first appeared in as they grow, and keep the key they are shown by as faces join them.
 */
import { describe, expect, it } from 'vitest';
import { applyGroupEdits, NO_GROUP_EDITS } from '../../src/domain/groups';
import { SHOWN_GROUPS, selectAskedGroups, selectShownGroupKeys } from '../../src/state/selectors';
import { initialState, type AppState } from '../../src/state/store';

const faces = (person: string, n: number) => Array.from({ length: n }, (_, i) => `${person}${i}#0`);
const stateOf = (groups: string[][], running: boolean): AppState => ({
  ...initialState,
  groups: applyGroupEdits(groups, NO_GROUP_EDITS),
  batch: { startedAt: 0, total: 10, finished: running ? 5 : 10, cancelled: 0 },
});
const namesOf = (state: AppState) => selectAskedGroups(state).shown.map((g) => (g.faces[0] as string).replace(/\d+#0$/, ''));
const shownKeysOf = (state: AppState) => selectAskedGroups(state).shown.map((g) => selectShownGroupKeys(state).get(g.faces[0] as string));

describe('selectAskedGroups', () => {
  it('keeps the shown groups in the order they appeared while a batch runs, largest first once it ends', () => {
    const first = stateOf([faces('m', 4), faces('n', 3), faces('p', 2)], true);
    expect(namesOf(first)).toEqual(['m', 'n', 'p']);
    const keys = shownKeysOf(first);
    // p grows past both, a face with a smaller key ("a…") joins m, and a new group q appears.
    const grown = stateOf([faces('p', 6), ['a0#0', ...faces('m', 4)], faces('n', 3), faces('q', 2)], true);
    expect(namesOf(grown)).toEqual(['a', 'n', 'p', 'q']);
    expect(shownKeysOf(grown).slice(0, 3)).toEqual(keys);
    const ended = stateOf([faces('p', 6), ['a0#0', ...faces('m', 4)], faces('n', 3), faces('q', 2)], false);
    expect(namesOf(ended)).toEqual(['p', 'a', 'n', 'q']);
    expect(selectAskedGroups(ended).asked).toHaveLength(4);
  });

  it('shows groups of one size in the order of their labels once the batch ends (group_1 first)', () => {
    // Two groups of two, shown by their keys m0#0 and n0#0.
    selectAskedGroups(stateOf([faces('m', 2), faces('n', 2)], true));
    // A face joins each: n's group now has the smaller key of its own (a0#0), so the grouping numbers it group_1,
    // while the keys they are shown by still put m's first.
    const grown = [['x0#0', ...faces('m', 2)], ['a0#0', ...faces('n', 2)]];
    const ended = selectAskedGroups(stateOf(grown, false)).shown;
    expect(ended.map((g) => g.label)).toEqual(['group_1', 'group_2']);
    expect(ended[0]?.faces).toContain('n0#0');
  });

  it(`shows the ${SHOWN_GROUPS} largest and counts the rest`, () => {
    const many = Array.from({ length: SHOWN_GROUPS + 5 }, (_, i) => faces(`g${String(i).padStart(2, '0')}x`, 2 + (i % 3)));
    const { asked, shown } = selectAskedGroups(stateOf(many, false));
    expect(asked).toHaveLength(SHOWN_GROUPS + 5);
    expect(shown).toHaveLength(SHOWN_GROUPS);
    expect(Math.min(...shown.map((g) => g.faces.length))).toBeGreaterThanOrEqual(Math.max(...asked.slice(SHOWN_GROUPS).map((g) => g.faces.length)));
  });
});
