/**
 * Imports checked (src/domain/people-file.ts, src/domain/names.ts): a size limit before parsing, limits on
 * people, faces and name length, 128 float32-finite numbers per encoding with a plausible norm, reserved
 * names refused, names NFC-normalised and trimmed. One test each.
 */
import { describe, expect, it } from 'vitest';
import { ENCODING_LENGTH } from '../../src/domain/model-id';
import { isReservedName, MAX_NAME_LENGTH, nameProblem, normaliseName, personNameFromFileName, personNameFromPath } from '../../src/domain/names';
import { cleanPersonName } from '../../src/domain/known-edits';
import { buildPeopleFile, parsePeopleFile, PEOPLE_FILE_LIMITS, peopleFileSizeProblem, peopleFileToJson } from '../../src/domain/people-file';

/** An encoding with a face-like norm (about 1). */
const enc = (seed: number) => Array.from({ length: ENCODING_LENGTH }, (_, i) => Math.fround(Math.sin(i + seed) / 8));

function fileWith(people: Array<{ name: string; faces: number[][] }>): string {
  const faces = people.flatMap((p) =>
    p.faces.map((encoding, i) => ({ name: p.name, encoding, thumbnail: null, sourceFile: `${p.name}_${i}.jpg`, sha256: `${p.name}${i}`, addedAt: 1 })),
  );
  return peopleFileToJson(buildPeopleFile(faces));
}

function problems(text: string): string[] {
  const result = parsePeopleFile(text);
  return result.ok ? [] : result.problems;
}

describe('import limits', () => {
  it('refuses a file over the size limit before parsing it', () => {
    expect(peopleFileSizeProblem(PEOPLE_FILE_LIMITS.maxBytes)).toBeNull();
    expect(peopleFileSizeProblem(PEOPLE_FILE_LIMITS.maxBytes + 1)).toMatch(/more than the 64 MB/);
    // Not JSON at all, but too long: the size is what is reported (nothing was parsed).
    expect(problems('x'.repeat(PEOPLE_FILE_LIMITS.maxBytes + 1))).toEqual([expect.stringMatching(/more than the 64 MB/)]);
  });

  it('refuses more people than the limit', () => {
    const many = Array.from({ length: PEOPLE_FILE_LIMITS.maxPeople + 1 }, (_, i) => ({ name: `p${i}`, faces: [i < 50 ? enc(i) : [i]] }));
    expect(problems(fileWith(many)).join(' ')).toMatch(/people: should hold at most 10000 people/);
    expect(problems(fileWith(many.slice(0, 50)))).toEqual([]);
  });

  it('refuses more faces in all than the limit', () => {
    const people = Array.from({ length: 21 }, (_, i) => ({ name: `p${i}`, faces: Array.from({ length: 1000 }, () => [i]) }));
    expect(problems(fileWith(people)).join(' ')).toMatch(/people: should hold at most 20000 faces in all \(it holds 21000\)/);
  });

  it('refuses more faces per person than the limit', () => {
    const faces = Array.from({ length: PEOPLE_FILE_LIMITS.maxFacesPerPerson + 1 }, (_, i) => enc(i));
    expect(problems(fileWith([{ name: 'alice', faces }])).join(' ')).toMatch(/people\[0\]\.faces: should hold at most 1000 faces/);
  });

  it('refuses names longer than the limit', () => {
    expect(problems(fileWith([{ name: 'a'.repeat(MAX_NAME_LENGTH + 1), faces: [enc(1)] }])).join(' ')).toMatch(/longer than 255 characters/);
    expect(problems(fileWith([{ name: 'a'.repeat(MAX_NAME_LENGTH), faces: [enc(1)] }]))).toEqual([]);
  });

  it('refuses an encoding without exactly 128 numbers', () => {
    expect(problems(fileWith([{ name: 'a', faces: [enc(1).slice(0, 127)] }])).join(' ')).toMatch(/should hold 640 numbers \(or 128, face-api's alone; it holds 127\)/);
  });

  it('refuses 1e39 (finite as a double, Infinity as a float32)', () => {
    const e = enc(1);
    e[5] = 1e39;
    const text = fileWith([{ name: 'a', faces: [e] }]);
    expect(text).toContain('1e+39');
    expect(problems(text).join(' ')).toMatch(/encoding\[5\]: should fit a 32-bit float/);
    expect(Number.isFinite(1e39)).toBe(true);
  });

  it('refuses an encoding whose norm is no face’s (all zeros, or 1e30s)', () => {
    expect(problems(fileWith([{ name: 'a', faces: [new Array<number>(128).fill(0)] }])).join(' ')).toMatch(/is not a face encoding: its length \(norm\) is 0\.00/);
    expect(problems(fileWith([{ name: 'a', faces: [new Array<number>(128).fill(1e30)] }])).join(' ')).toMatch(/is not a face encoding/);
  });

  it('refuses the reserved names unknown_person and no_persons_found, in any case', () => {
    for (const name of ['unknown_person', 'no_persons_found', ' Unknown_Person ']) {
      expect(problems(fileWith([{ name, faces: [enc(1)] }])).join(' '), name).toMatch(/a label Facewise writes itself/);
    }
  });

  it('NFC-normalises and trims names (macOS gives folder names in NFD)', () => {
    const nfd = '  Zoe\u0308  ';
    const result = parsePeopleFile(fileWith([{ name: nfd, faces: [enc(1)] }, { name: 'Zo\u00eb', faces: [enc(2)] }]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new Set(result.faces.map((f) => f.name))).toEqual(new Set(['Zo\u00eb']));
  });
});

describe('names', () => {
  it('a file unknown_person.jpg or a folder no_persons_found/ names no person', () => {
    expect(nameProblem(personNameFromFileName('unknown_person.jpg'))).toMatch(/a label Facewise writes itself/);
    expect(nameProblem(personNameFromFileName('unknown_person_2.jpg'))).toMatch(/a label Facewise writes itself/);
    expect(nameProblem(personNameFromPath('no_persons_found/1.jpg'))).toMatch(/a label Facewise writes itself/);
    expect(nameProblem(personNameFromFileName('alice.jpg'))).toBeNull();
    expect(isReservedName('UNKNOWN_PERSON')).toBe(true);
  });

  it('file, folder and typed names are NFC and trimmed', () => {
    expect(personNameFromFileName('Zoe\u0308.jpg')).toBe('Zo\u00eb');
    expect(personNameFromPath('Zoe\u0308 /1.jpg')).toBe('Zo\u00eb');
    expect(cleanPersonName('  Zoe\u0308 ')).toBe('Zo\u00eb');
    expect(normaliseName('Zoe\u0308')).toBe(normaliseName('Zo\u00eb'));
  });
});
