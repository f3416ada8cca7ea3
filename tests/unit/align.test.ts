import { describe, expect, it } from 'vitest';
import { FACE_TEMPLATE } from '../../src/bench/face-template';
import { fitSimilarity } from '../../src/ml/worker/align';
import { parseVariant, templateTransform } from '../../src/bench/variants';
import { MODEL_ID } from '../../src/domain/model-id';
import { CHIP_SIZE, eyesMouthTransform, type ChipTransform, type Point } from '../../src/ml/worker/align';
import { appRecipe } from '../../src/ml/worker/recipes';

const apply = (t: ChipTransform, [x, y]: Point): Point => [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];

/** A face: the template placed in a photo at scale `k`, rotated by `angle`, shifted by (dx, dy). */
function faceInPhoto(k: number, angle: number, dx: number, dy: number): Point[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const inner = FACE_TEMPLATE.map(([x, y]) => [k * (c * x - s * y) + dx, k * (s * x + c * y) + dy] as const);
  const jaw = Array.from({ length: 17 }, () => [dx, dy] as const);
  return [...jaw, ...inner];
}

describe('chip alignment', () => {
  it('fits the similarity transform that made the points', () => {
    const t = { a: 0.8, b: -0.3, tx: 12, ty: -5 };
    const from: Point[] = [[0, 0], [10, 3], [4, 9], [-7, 2]];
    const fit = fitSimilarity(from, from.map((p) => apply(t, p)));
    for (const k of ['a', 'b', 'tx', 'ty'] as const) expect(fit[k]).toBeCloseTo(t[k], 9);
  });

  it('maps a tilted, scaled face onto the padded template whatever its pose', () => {
    const landmarks = faceInPhoto(220, 0.35, 400, 300);
    const padding = 0.25;
    const t = templateTransform(landmarks, padding);
    // The outer brow ends land at the padded square's left and right edges, level.
    const [left, right] = [apply(t, landmarks[17]!), apply(t, landmarks[26]!)];
    expect(left[0]).toBeCloseTo((padding / 1.5) * CHIP_SIZE, 6);
    expect(right[0]).toBeCloseTo(((1 + padding) / 1.5) * CHIP_SIZE, 6);
    expect(left[1]).toBeCloseTo(right[1], 6);
  });

  it('levels the eyes and scales by the eye-to-mouth distance', () => {
    const landmarks = faceInPhoto(100, -0.5, 50, 80);
    const t = eyesMouthTransform(landmarks);
    const eye = (from: number) => {
      const pts = landmarks.slice(from, from + 6).map((p) => apply(t, p));
      return [pts.reduce((s, p) => s + p[0], 0) / 6, pts.reduce((s, p) => s + p[1], 0) / 6];
    };
    const [l, r] = [eye(36), eye(42)];
    expect(l[1]).toBeCloseTo(r[1]!, 6);
    expect(r[0]!).toBeGreaterThan(l[0]!);
    // Same face twice the size in the photo: the same chip.
    const twice = eyesMouthTransform(faceInPhoto(200, -0.5, 50, 80));
    expect(Math.hypot(twice.a, twice.b) * 2).toBeCloseTo(Math.hypot(t.a, t.b), 9);
  });

  it('reads crop variant names, and refuses unknown ones', () => {
    expect(parseVariant('eyes-mouth').jitters).toHaveLength(1);
    expect(parseVariant('eyes-mouth+mirror').jitters.map((j) => j.mirror)).toEqual([false, true]);
    expect(parseVariant('template-0.25+mirror+jitter4').jitters).toHaveLength(6);
    expect(() => parseVariant('funnel')).toThrow(/unknown crop/);
    expect(() => parseVariant('eyes-mouth+blur')).toThrow(/unknown option/);
  });

  it("names the app's recipe MODEL_ID.crop: the benchmarks' variant of that name is the app's recipe", () => {
    const byName = parseVariant(MODEL_ID.crop);
    const app = appRecipe();
    expect(byName.jitters).toEqual(app.jitters);
    const face = faceInPhoto(120, 0.2, 300, 200);
    expect(byName.transform(face)).toEqual(app.transform(face));
    // Extra accuracy's jitters are the benchmarks' `+jitter<N>`.
    expect(parseVariant(`${MODEL_ID.crop}+jitter4`).jitters).toEqual(appRecipe(4).jitters);
  });
});
