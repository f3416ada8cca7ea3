/**
 * npm run bench:identify-dump [-- --half train|test --people N --unknown U]
 * Encodes the identification photos of one half of the people (scripts/bench/identify-split.ts) with the
 * app's own worker and writes bench-results/identify-encodings-<half>.json: path → the app's encoding of
 * the face nearest the centre (both recognizers' parts; null: no face) and face-api's part alone. Rules (auto tolerance, decision) are then worked out in
 * Node over these encodings without a model run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzePhotos, appRequest, centralFace, encodingFor } from './analyze-photos';
import { openBench } from './browser';
import { identifySet, type IdentifyHalf } from './identify-split';

const { values: args } = parseArgs({
  options: {
    half: { type: 'string', default: 'train' },
    people: { type: 'string', default: '300' },
    unknown: { type: 'string', default: '300' },
    pages: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const half = args.half as IdentifyHalf;
const people = Number(args.people);
// Enough photos for both set-ups: 1 or 3 known photos per person, 2 probes after them.
const sets = [1, 3].map((K) => identifySet(lfwDir, { half, people, galleryPerPerson: K, probesPerPerson: 2, unknown: Number(args.unknown) }));
const labelled = new Map<string, string>();
for (const s of sets) for (const [p, who] of [...s.gallery, ...s.probes, ...s.unknown]) labelled.set(p, who);
const photos = [...labelled.keys()];
console.error(`identify-dump: ${half} half, ${photos.length} photos`);
const session = await openBench({ roots: { lfw: lfwDir }, backend: 'wasm', pages: Number(args.pages) });
try {
  const analyses = await analyzePhotos(session, 'lfw', photos, appRequest());
  const out: Record<string, { person: string; app: number[] | null; faceApi: number[] | null }> = {};
  for (const p of photos) {
    const r = analyses.get(p);
    const ok = r && !r.error && r.width !== undefined && r.height !== undefined;
    const face = ok ? centralFace(r.app, r.width!, r.height!) : undefined;
    out[p] = {
      person: labelled.get(p) as string,
      // The app's encoding (both parts: compare with faceDistance), and face-api's part alone.
      app: face ? Array.from(encodingFor(face, 'app')) : null,
      faceApi: face ? Array.from(encodingFor(face, 'face-api')) : null,
    };
  }
  mkdirSync(args.out!, { recursive: true });
  const file = join(args.out!, `identify-encodings-${half}.json`);
  writeFileSync(file, JSON.stringify(out));
  console.log(`wrote ${file} (${photos.length} photos)`);
} finally {
  await session.close();
}
