import { describe, expect, it } from 'vitest';
import { checkKnownPhoto, largestFace } from '../../src/domain/known-photo-checks';
import type { CheckedFace, KnownPhotoContext } from '../../src/domain/known-photo-checks';
import { BLURRY_FACE_SHARPNESS, SMALL_FACE_WIDTH } from '../../src/domain/types';

function face(width: number, sharpness = BLURRY_FACE_SHARPNESS * 4, x = 0): CheckedFace {
  return { box: { x, y: 0, width, height: width }, sharpness };
}

const context = (over: Partial<KnownPhotoContext> = {}): KnownPhotoContext => ({
  label: 'alice/1.jpg',
  name: 'alice',
  isKnownSha256: () => false,
  ...over,
});

describe('checkKnownPhoto', () => {
  it('accepts one clear, large face with no warnings', () => {
    const only = face(120);
    const verdict = checkKnownPhoto({ faces: [only], sha256: 'a' }, context());
    expect(verdict).toEqual({ accepted: true, face: only, warnings: [] });
  });

  it('refuses a photo without faces, naming the file', () => {
    const verdict = checkKnownPhoto({ faces: [], sha256: 'a' }, context());
    expect(verdict.accepted).toBe(false);
    if (verdict.accepted) return;
    expect(verdict.refusal.code).toBe('no-face');
    expect(verdict.refusal.message).toBe('No face found in alice/1.jpg — not added.');
  });

  it('refuses a photo whose bytes are already known, before anything else', () => {
    const seen = new Set(['abc']);
    const verdict = checkKnownPhoto({ faces: [], sha256: 'abc' }, context({ isKnownSha256: (sha) => seen.has(sha) }));
    expect(verdict.accepted).toBe(false);
    if (verdict.accepted) return;
    expect(verdict.refusal.code).toBe('duplicate');
    expect(verdict.refusal.message).toContain('alice/1.jpg');
    expect(verdict.refusal.message).toMatch(/already known/);
  });

  it('uses the largest of several faces and says so', () => {
    const big = face(200, undefined, 300);
    const verdict = checkKnownPhoto({ faces: [face(80), big, face(150, undefined, 600)], sha256: 'a' }, context());
    expect(verdict.accepted).toBe(true);
    if (!verdict.accepted) return;
    expect(verdict.face).toBe(big);
    expect(verdict.warnings.map((w) => w.code)).toEqual(['several-faces']);
    expect(verdict.warnings[0]?.message).toBe('alice/1.jpg has 3 faces; used the largest for "alice".');
  });

  it('warns about a face narrower than SMALL_FACE_WIDTH, with its width in pixels', () => {
    const verdict = checkKnownPhoto({ faces: [face(32.4)], sha256: 'a' }, context());
    expect(verdict.accepted).toBe(true);
    if (!verdict.accepted) return;
    expect(verdict.warnings.map((w) => w.code)).toEqual(['small-face']);
    expect(verdict.warnings[0]?.message).toBe(
      'Added alice/1.jpg, but the face is only 32 px wide; a larger photo will recognise better.',
    );
  });

  it('does not warn at exactly SMALL_FACE_WIDTH', () => {
    const verdict = checkKnownPhoto({ faces: [face(SMALL_FACE_WIDTH)], sha256: 'a' }, context());
    expect(verdict.accepted && verdict.warnings).toEqual([]);
  });

  it('measures the face between the jaw ends when landmarks are known, whatever box the detector drew', () => {
    const jaw = (width: number) =>
      Array.from({ length: 68 }, (_, i): [number, number] => (i <= 16 ? [100 + (i * width) / 16, 100] : [100 + width / 2, 100 + i]));
    const wideBox = { ...face(90), landmarks: jaw(28) };
    const verdict = checkKnownPhoto({ faces: [wideBox], sha256: 'a' }, context());
    expect(verdict.accepted && verdict.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/the face is only 28 px wide/),
    ]);
    const narrowBox = { ...face(30), landmarks: jaw(60) };
    const fine = checkKnownPhoto({ faces: [narrowBox], sha256: 'a' }, context());
    expect(fine.accepted && fine.warnings).toEqual([]);
  });

  it('warns about a blurry face, and not at the threshold', () => {
    const blurry = checkKnownPhoto({ faces: [face(100, BLURRY_FACE_SHARPNESS - 0.1)], sha256: 'a' }, context());
    expect(blurry.accepted && blurry.warnings.map((w) => w.code)).toEqual(['blurry']);
    expect(blurry.accepted && blurry.warnings[0]?.message).toMatch(/^Added alice\/1\.jpg, .*looks blurry/);
    const sharp = checkKnownPhoto({ faces: [face(100, BLURRY_FACE_SHARPNESS)], sha256: 'a' }, context());
    expect(sharp.accepted && sharp.warnings).toEqual([]);
  });

  it('ignores a sharpness that is not a number rather than calling the face blurry', () => {
    const verdict = checkKnownPhoto({ faces: [face(100, Number.NaN)], sha256: 'a' }, context());
    expect(verdict.accepted && verdict.warnings).toEqual([]);
  });

  it('reports every warning that applies, in a fixed order', () => {
    const verdict = checkKnownPhoto({ faces: [face(20, 1), face(30, 1)], sha256: 'a' }, context());
    expect(verdict.accepted && verdict.warnings.map((w) => w.code)).toEqual(['several-faces', 'small-face', 'blurry']);
  });
});

describe('largestFace', () => {
  it('returns undefined for no faces and the first of equals', () => {
    expect(largestFace([])).toBeUndefined();
    const first = face(50);
    expect(largestFace([first, face(50)])).toBe(first);
  });
});
