import { describe, expect, it } from 'vitest';
import { applyKnownEdit, cleanPersonName, invertKnownEdit, isEmptyEdit, newFacesOnly, renameEdit } from '../../src/domain/known-edits';

const face = (id: string, name: string, sha256 = id, e = [Number(id.length)]) => ({ id, name, sha256, encoding: Float32Array.from(e) });

describe('known-face edits', () => {
  const list = [face('1', 'kit'), face('2', 'rose'), face('3', 'kit'), face('4', 'jon')];

  const rec = (id: string, name: string, addedAt: number) => ({ ...face(id, name), addedAt });
  const known = [rec('1', 'kit', 1), rec('2', 'rose', 2), rec('3', 'kit', 3), rec('4', 'jon', 4)];
  const show = (records: ReadonlyArray<{ id: string; name: string }>) => records.map((r) => `${r.id}:${r.name}`);

  it('a rename is an edit that puts every face of one person under the new name, ids and order kept', () => {
    const edit = renameEdit(known, 'kit', 'kit_harington');
    expect(edit.remove).toEqual([]);
    expect(show(applyKnownEdit(known, edit))).toEqual(['1:kit_harington', '2:rose', '3:kit_harington', '4:jon']);
    expect(known[0]?.name).toBe('kit'); // input untouched
    // Into an existing name: a merge.
    expect(show(applyKnownEdit(known, renameEdit(known, 'jon', 'kit'))).filter((s) => s.endsWith(':kit'))).toEqual(['1:kit', '3:kit', '4:kit']);
    expect(isEmptyEdit(renameEdit(known, 'kit', 'kit'))).toBe(true);
    expect(isEmptyEdit(renameEdit(known, 'nobody', 'kit'))).toBe(true);
  });

  it('applies removals and additions; new records take their place by when they were added', () => {
    const out = applyKnownEdit(known, { put: [rec('9', 'sam', 2.5), rec('2', 'rosa', 2)], remove: ['3'] });
    expect(show(out)).toEqual(['1:kit', '2:rosa', '9:sam', '4:jon']);
    // A record both put and removed is removed.
    expect(show(applyKnownEdit(known, { put: [rec('9', 'sam', 9)], remove: ['9'] }))).toEqual(show(known));
  });

  it("an edit's reversal, applied after it, gives back the list as it was", () => {
    const edits = [
      { put: [], remove: ['2', '3'] },
      renameEdit(known, 'kit', 'jon'),
      { put: [rec('9', 'sam', 9), { ...rec('1', 'moved', 1) }], remove: ['4', 'not known'] },
      { put: known.map((r) => ({ ...r, id: `new-${r.id}` })), remove: known.map((r) => r.id) }, // a replace import
    ];
    for (const edit of edits) {
      const after = applyKnownEdit(known, edit);
      expect(show(applyKnownEdit(after, invertKnownEdit(known, edit)))).toEqual(show(known));
    }
    // Undoing two edits in turn, newest first.
    const first = edits[0]!;
    const one = applyKnownEdit(known, first);
    const second = renameEdit(one, 'kit', 'jon');
    const two = applyKnownEdit(one, second);
    const back = applyKnownEdit(applyKnownEdit(two, invertKnownEdit(one, second)), invertKnownEdit(known, first));
    expect(show(back)).toEqual(show(known));
  });

  it('keeps only imported faces not already known', () => {
    const imported = [
      { name: 'kit', sha256: '1', encoding: Float32Array.from([1]) }, // same as face 1
      { name: 'kit', sha256: '9', encoding: Float32Array.from([1]) },
      { name: 'kit', sha256: '9', encoding: Float32Array.from([1]) }, // duplicate inside the file
      { name: 'other', sha256: '1', encoding: Float32Array.from([1]) },
    ];
    expect(newFacesOnly(list, imported).map((f) => `${f.name}:${f.sha256}`)).toEqual(['kit:9', 'other:1']);
  });

  it('cleans typed names', () => {
    expect(cleanPersonName('  Kit Harington \n')).toBe('Kit Harington');
    expect(cleanPersonName('   ')).toBe('');
  });
});
