/**
 * npm run bench:template [-- --photos N]
 * Derives the mean face the chips are fitted onto (src/bench/face-template.ts): the app's own
 * detector and 68-landmark net run on N photos of LFW View 1's training pairs (pairsDevTrain.txt, the
 * tuning split, not the View 2 test pairs); the 51 inner landmarks of each photo's central face are
 * aligned by generalised Procrustes analysis (similarity transforms, iterated to a fixed mean), the mean
 * is made left-right symmetric and level, and scaled to the unit square as dlib's templates are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzePhotos, centralFace } from './analyze-photos';
import { openBench } from './browser';

type Pt = [number, number];
const { values: args } = parseArgs({ options: { photos: { type: 'string', default: '800' }, pages: { type: 'string', default: '2' } } });
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const FIRST = 17; // the jaw (0-16) moves with pose and expression: left out, as in dlib's template
const COUNT = 51;
/** iBUG-68 index of each point's mirror image (left eye ↔ right eye, …). */
const MIRROR_OF = [
  16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, // jaw
  26, 25, 24, 23, 22, 21, 20, 19, 18, 17, // brows
  27, 28, 29, 30, 35, 34, 33, 32, 31, // nose
  45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40, // eyes
  54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55, // outer lips
  64, 63, 62, 61, 60, 67, 66, 65, // inner lips
];

function photosOfDevTrain(): string[] {
  const lines = readFileSync(join(lfwDir, 'pairsDevTrain.txt'), 'utf8').trim().split(/\r?\n/).slice(1);
  const path = (name: string, n: string) => `${name}/${name}_${n.padStart(4, '0')}.jpg`;
  const photos = lines.flatMap((l) => {
    const f = l.split('\t');
    return f.length === 3 ? [path(f[0]!, f[1]!), path(f[0]!, f[2]!)] : [path(f[0]!, f[1]!), path(f[2]!, f[3]!)];
  });
  return [...new Set(photos)].slice(0, Number(args.photos));
}

/** Centred at the origin, unit root-mean-square radius. */
function normalise(shape: Pt[]): Pt[] {
  const cx = shape.reduce((s, p) => s + p[0], 0) / shape.length;
  const cy = shape.reduce((s, p) => s + p[1], 0) / shape.length;
  const r = Math.sqrt(shape.reduce((s, p) => s + (p[0] - cx) ** 2 + (p[1] - cy) ** 2, 0) / shape.length);
  return shape.map(([x, y]) => [(x - cx) / r, (y - cy) / r]);
}

/** `shape` (normalised) rotated and scaled onto `target` (normalised) in the least-squares sense. */
function alignOnto(shape: Pt[], target: Pt[]): Pt[] {
  let dot = 0, cross = 0, norm = 0;
  shape.forEach(([x, y], i) => {
    const [u, v] = target[i]!;
    dot += x * u + y * v;
    cross += x * v - y * u;
    norm += x * x + y * y;
  });
  const a = dot / norm, b = cross / norm;
  return shape.map(([x, y]) => [a * x - b * y, b * x + a * y]);
}

const session = await openBench({ roots: { lfw: lfwDir }, backend: 'wasm', pages: Number(args.pages) });
let shapes: Pt[][];
try {
  const photos = photosOfDevTrain();
  const analyses = await analyzePhotos(session, 'lfw', photos, { variants: [], plain: false });
  shapes = photos.flatMap((p) => {
    const r = analyses.get(p);
    const face = r?.width && r.height ? centralFace(r.app, r.width, r.height) : undefined;
    return face ? [face.landmarks] : [];
  });
} finally {
  await session.close();
}
// Each face and its mirror image (points swapped left-right), so the mean is symmetric.
const all = shapes.flatMap((s) => [s, MIRROR_OF.map((j) => [-s[j]![0], s[j]![1]] as Pt)]).map((s) => normalise(s.slice(FIRST, FIRST + COUNT)));
let mean = all[0]!;
for (let iteration = 0; iteration < 20; iteration++) {
  const aligned = all.map((s) => alignOnto(s, mean));
  const next = normalise(mean.map((_, i) => [aligned.reduce((t, s) => t + s[i]![0], 0) / aligned.length, aligned.reduce((t, s) => t + s[i]![1], 0) / aligned.length]));
  const moved = Math.max(...next.map((p, i) => Math.hypot(p[0] - mean[i]![0], p[1] - mean[i]![1])));
  mean = next;
  if (moved < 1e-7) break;
}
// Level: the line between the eye centres (36-41, 42-47) horizontal.
const centre = (from: number, to: number): Pt => {
  const pts = mean.slice(from - FIRST, to - FIRST);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
};
const [l, r] = [centre(36, 42), centre(42, 48)];
const angle = -Math.atan2(r[1] - l[1], r[0] - l[0]);
mean = mean.map(([x, y]) => [x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)]);
// Unit square: x and y each span [0, 1] (the brows' outer ends, the brows' tops and the lower lip's bottom).
const [minX, maxX] = [Math.min(...mean.map((p) => p[0])), Math.max(...mean.map((p) => p[0]))];
const [minY, maxY] = [Math.min(...mean.map((p) => p[1])), Math.max(...mean.map((p) => p[1]))];
const unit = mean.map(([x, y]) => [(x - minX) / (maxX - minX), (y - minY) / (maxY - minY)]);
const body = unit.map(([x, y], i) => `  [${x!.toFixed(5)}, ${y!.toFixed(5)}], // ${FIRST + i}`).join('\n');
writeFileSync(
  'src/bench/face-template.ts',
  `/**
 * The mean face the chips are fitted onto: iBUG-68 landmarks 17-67 (brows, nose, eyes, lips; no jaw) in
 * a unit square. Derived by \`npm run bench:template\` (scripts/bench/derive-template.ts) from the app's own
 * landmarks on ${shapes.length} photos of LFW View 1's training pairs and their mirror images (generalised Procrustes
 * mean, made level and scaled to [0, 1] on both axes). Regenerate it, don't edit it.
 */
export const FACE_TEMPLATE: ReadonlyArray<readonly [number, number]> = [
${body}
];
`,
);
console.log(`face template from ${shapes.length} faces written to src/bench/face-template.ts`);
