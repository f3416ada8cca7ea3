import { describe, expect, it } from 'vitest';
import { ENCODING_LENGTH, MODEL_ID } from '../../src/domain/model-id';
import { buildPeopleFile, parsePeopleFile, peopleFileToJson, PEOPLE_FILE_FORMAT } from '../../src/domain/people-file';

const enc = (seed: number) => Array.from({ length: ENCODING_LENGTH }, (_, i) => Math.fround((i + seed) / 1000));
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function sample() {
  return buildPeopleFile(
    [
      { name: 'alice', encoding: Float32Array.from(enc(1)), thumbnail: PNG_1PX, sourceFile: 'alice.jpg', sha256: 'a1', addedAt: 1 },
      { name: 'bob', encoding: Float32Array.from(enc(2)), thumbnail: null, sourceFile: 'bob.jpg', sha256: 'b1', addedAt: 2 },
      { name: 'alice', encoding: Float32Array.from(enc(3)), thumbnail: null, sourceFile: 'alice_2.jpg', sha256: 'a2', addedAt: 3 },
    ],
    new Date('2025-01-02T03:04:05Z'),
  );
}

describe('known-people file', () => {
  it('groups faces by person and states format, version and model', () => {
    const file = sample();
    expect(file.format).toBe(PEOPLE_FILE_FORMAT);
    expect(file.version).toBe(1);
    expect(file.model).toEqual(MODEL_ID);
    expect(file.people.map((p) => [p.name, p.faces.length])).toEqual([
      ['alice', 2],
      ['bob', 1],
    ]);
  });

  it('round-trips: names, encodings, thumbnails, sources, hashes, times', () => {
    const result = parsePeopleFile(peopleFileToJson(sample()));
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.faces.map((f) => [f.name, f.sourceFile, f.sha256, f.addedAt])).toEqual([
      ['alice', 'alice.jpg', 'a1', 1],
      ['alice', 'alice_2.jpg', 'a2', 3],
      ['bob', 'bob.jpg', 'b1', 2],
    ]);
    expect(Array.from(result.faces[0]?.encoding ?? [])).toEqual(enc(1));
    expect(result.faces[0]?.thumbnail?.type).toBe('image/png');
    expect(result.faces[0]?.thumbnail?.bytes.slice(1, 4)).toEqual(new Uint8Array([80, 78, 71])); // "PNG"
    expect(result.faces[1]?.thumbnail).toBeNull();
  });

  it('refuses text that is not JSON', () => {
    const result = parsePeopleFile('{ not json');
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.problems[0]).toMatch(/not JSON/);
  });

  it('refuses another format and another version', () => {
    const other = parsePeopleFile(JSON.stringify({ ...sample(), format: 'something-else' }));
    expect(!other.ok && other.problems[0]).toMatch(/^format: .*not a Facewise known-people file/);
    const v2 = parsePeopleFile(JSON.stringify({ ...sample(), version: 2 }));
    expect(!v2.ok && v2.problems[0]).toMatch(/^version: .*version 1 .*version 2/);
  });

  it('refuses encodings made by another model', () => {
    const result = parsePeopleFile(JSON.stringify({ ...sample(), model: { recognition: 'FaceNet 512', crop: 'plain' } }));
    expect(!result.ok && result.problems[0]).toMatch(/^model: .*another face model \(FaceNet 512, plain\)/);
  });

  it('reads files made with the same chip averaged with its mirror image (v4), or by its earlier name, and refuses another crop', () => {
    const earlier = parsePeopleFile(JSON.stringify({ ...sample(), model: { ...MODEL_ID, crop: 'aligned+mirror' } }));
    expect(earlier.ok).toBe(true);
    const v4 = parsePeopleFile(JSON.stringify({ ...sample(), model: { ...MODEL_ID, crop: 'eyes-mouth+mirror' } }));
    expect(v4.ok).toBe(true);
    const other = parsePeopleFile(JSON.stringify({ ...sample(), model: { ...MODEL_ID, crop: 'template-0.25+mirror' } }));
    expect(other.ok).toBe(false);
  });

  it('names the path and the problem of a malformed face', () => {
    const file = sample();
    const bad = JSON.parse(JSON.stringify(file)) as { people: Array<{ name: unknown; faces: Array<Record<string, unknown>> }> };
    bad.people[0]!.faces[1]!.encoding = [1, 2, 3];
    bad.people[1]!.faces[0]!.thumbnail = 'http://example.com/x.png';
    bad.people[1]!.name = '  ';
    const result = parsePeopleFile(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContain("people[0].faces[1].encoding: should hold 640 numbers (or 128, face-api's alone; it holds 3)");
    expect(result.problems.some((p) => p.startsWith('people[1].faces[0].thumbnail: should be a base64 data: URL'))).toBe(true);
    expect(result.problems).toContain('people[1].name: should not be empty');
  });

  it('refuses non-numbers inside an encoding', () => {
    const bad = JSON.parse(JSON.stringify(sample())) as { people: Array<{ faces: Array<{ encoding: unknown[] }> }> };
    bad.people[0]!.faces[0]!.encoding[5] = 'x';
    const result = parsePeopleFile(JSON.stringify(bad));
    expect(!result.ok && result.problems[0]).toBe('people[0].faces[0].encoding[5]: should be a number');
  });
});
