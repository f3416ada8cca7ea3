/**
 * npm run bench:equivalence -- --out FILE [--lfw N]      what this build finds on a fixed set of photos
 * npm run bench:equivalence -- --compare BEFORE AFTER     how two such files differ
 *
 * Whether a change to the engine changes what it finds, and by how much: every box, landmark and encoding
 * (both recognizers' parts) of N LFW portraits, every photo of ../shared/faces, the demo group photos of
 * @vladmandic/face-api and a few generated faceless pictures, through the benchmark worker (the app's one
 * pipeline). Run it on the commit before a change and after; `--compare` prints how many photos are
 * identical, whether any detection stage or face count changed, and the largest change of a box, a landmark
 * and each encoding part. Identical files mean the accuracy benchmarks need not be run again; anything else
 * means they do (README, Figures). Engine figures: no page, no UI.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import type { BenchPhotoJson } from '../../src/bench/harness';
import { APP_VARIANTS } from '../../src/bench/protocol';
import { dataUrl, openBench, runOnPages } from './browser';

const { values: args, positionals } = parseArgs({
  options: {
    out: { type: 'string' },
    compare: { type: 'boolean', default: false },
    lfw: { type: 'string', default: '400' },
  },
  allowPositionals: true,
});

type Photos = BenchPhotoJson[];

/** Generated pictures with no face in them: smooth gradients and stripes, JPEG-encoded. */
function facelessPictures(dir: string): string[] {
  return Array.from({ length: 6 }, (_, s) => {
    const width = 640 + s * 100;
    const height = 480;
    const data = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        data[i] = (Math.sin(x / (20 + s * 7)) * 60 + 100 + y / 4) & 255;
        data[i + 1] = (Math.cos(y / (15 + s)) * 50 + 120) & 255;
        data[i + 2] = ((x * y) >> (8 + (s % 3))) & 255;
        data[i + 3] = 255;
      }
    }
    const name = `pattern${s}.jpg`;
    writeFileSync(join(dir, name), jpeg.encode({ data, width, height }, 85).data);
    return name;
  });
}

async function analyse(out: string): Promise<void> {
  const facesDir = process.env.FACES_DIR ?? '../shared/faces';
  const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
  const demoDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const images = (files: string[]) => files.filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  const noneDir = mkdtempSync(join(tmpdir(), 'facewise-faceless-'));
  try {
    const items: Array<readonly [string, string]> = [
      ...readFileSync(join(lfwDir, 'splits', 'probe.txt'), 'utf8').trim().split(/\r?\n/).slice(0, Number(args.lfw)).map((l) => ['lfw', l.split('\t')[0]!] as const),
      ...images(walk(facesDir)).map((f) => ['faces', relative(facesDir, f)] as const),
      ...images(readdirSync(demoDir)).map((f) => ['demo', f] as const),
      ...facelessPictures(noneDir).map((f) => ['none', f] as const),
    ];
    const session = await openBench({ roots: { lfw: lfwDir, faces: facesDir, demo: demoDir, none: noneDir }, backend: 'wasm', pages: 2 });
    try {
      const request = { variants: [...APP_VARIANTS], plain: false };
      const results = await runOnPages(
        session.pages,
        items,
        (page, [root, path]) => page.evaluate(([url, r]) => window.facewise.analyzeForBenchmark(url, r), [dataUrl(root, path), request] as const),
        'equivalence',
      );
      writeFileSync(out, JSON.stringify(results));
      console.log(`${results.length} photos analysed; wrote ${out}`);
    } finally {
      await session.close();
    }
  } finally {
    rmSync(noneDir, { recursive: true, force: true });
  }
}

function compare(beforeFile: string, afterFile: string): void {
  const before = JSON.parse(readFileSync(beforeFile, 'utf8')) as Photos;
  const after = JSON.parse(readFileSync(afterFile, 'utf8')) as Photos;
  if (before.length !== after.length) throw new Error(`${beforeFile} has ${before.length} photos, ${afterFile} ${after.length}`);
  let identical = 0;
  const changed: string[] = [];
  let box = 0;
  let landmark = 0;
  const encoding: Record<string, number> = {};
  before.forEach((a, i) => {
    const b = after[i]!;
    if (a.url !== b.url) throw new Error(`photo ${i} is ${a.url} in one file and ${b.url} in the other`);
    if (JSON.stringify(a) === JSON.stringify(b)) {
      identical++;
      return;
    }
    const facesA = a.app ?? [];
    const facesB = b.app ?? [];
    if (a.stage !== b.stage || facesA.length !== facesB.length || a.error !== b.error) {
      changed.push(`${a.url}: ${a.stage ?? 'no face'} (${facesA.length}) → ${b.stage ?? 'no face'} (${facesB.length})${b.error ? `, ${b.error}` : ''}`);
      return;
    }
    facesA.forEach((f, j) => {
      const g = facesB[j]!;
      for (const k of ['x', 'y', 'width', 'height'] as const) box = Math.max(box, Math.abs(f.box[k] - g.box[k]));
      f.landmarks.forEach(([x, y], q) => (landmark = Math.max(landmark, Math.hypot(x - g.landmarks[q]![0], y - g.landmarks[q]![1]))));
      for (const [part, v] of Object.entries(f.encodings)) {
        const w = g.encodings[part] ?? [];
        encoding[part] = Math.max(encoding[part] ?? 0, Math.hypot(...v.map((x, t) => x - (w[t] ?? 0))));
      }
    });
  });
  console.log(`${before.length} photos: ${identical} identical, ${changed.length} with another detection stage, face count or error`);
  const parts = Object.entries(encoding).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ');
  console.log(`largest change where the faces match: box ${box.toExponential(1)} px, landmark ${landmark.toExponential(1)} px, encoding (Euclidean) ${parts || 'none'}`);
  for (const c of changed) console.log(`  ${c}`);
}

if (args.compare) {
  const [beforeFile, afterFile] = positionals;
  if (!beforeFile || !afterFile) throw new Error('--compare takes two files: --compare BEFORE AFTER');
  compare(beforeFile, afterFile);
} else if (args.out) {
  await analyse(args.out);
} else {
  throw new Error('usage: npm run bench:equivalence -- --out FILE | --compare BEFORE AFTER');
}
