import { describe, expect, it } from 'vitest';
import { cleanPersonName, mergePeople, newFacesOnly, removeFaces, renamePerson } from '../../src/domain/known-edits';

const face = (id: string, name: string, sha256 = id, e = [Number(id.length)]) => ({ id, name, sha256, encoding: Float32Array.from(e) });

describe('known-face edits', () => {
  const list = [face('1', 'kit'), face('2', 'rose'), face('3', 'kit'), face('4', 'jon')];

  it('renames every face of one person, keeping order and ids', () => {
    const out = renamePerson(list, 'kit', 'kit_harington');
    expect(out.map((r) => `${r.id}:${r.name}`)).toEqual(['1:kit_harington', '2:rose', '3:kit_harington', '4:jon']);
    expect(list[0]?.name).toBe('kit'); // input untouched
  });

  it('merges one person into another', () => {
    const out = mergePeople(list, 'jon', 'kit');
    expect(out.filter((r) => r.name === 'kit').map((r) => r.id)).toEqual(['1', '3', '4']);
    expect(out.some((r) => r.name === 'jon')).toBe(false);
  });

  it('removes faces and returns them for undo', () => {
    const { kept, removed } = removeFaces(list, new Set(['2', '3']));
    expect(kept.map((r) => r.id)).toEqual(['1', '4']);
    expect(removed.map((r) => r.id)).toEqual(['2', '3']);
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
