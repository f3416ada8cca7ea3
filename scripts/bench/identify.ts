/**
 * npm run bench:identify [-- --people N --probes-per-person P --unknown U --gallery-size K --tolerance T --half test|train|all]
 * Identification on ../shared/lfw/splits (or $LFW_DIR): known people = the gallery (K photos per person:
 * the gallery photo plus the person's next K-1 photos), probes = their other photos, unknown = people with
 * one photo, whom nobody knows. Reports top-1 accuracy of the probes (named right at the tolerance) and
 * the share of unknown probes wrongly given a name, for the app's pipeline under each per-person matching
 * strategy, for each recognizer's part alone (`face-api`: the app before the second recognizer;
 * `mobilefacenet`), and with --plain for the plain face-api usage at its usual 0.6. Uses the app's own
 * matching module.
 * People are halved (scripts/bench/identify-split.ts): rules are chosen on the 'train' half and reported on
 * the 'test' half (the default). The Auto row is the tolerance the app fits to this gallery.
 * Writes bench-results/identify.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STRATEGY, indexKnownFaces, labelFaces, type PersonDistanceStrategy } from '../../src/domain/matching';
import { DEFAULT_TOLERANCE, UNKNOWN_PERSON, type KnownFace } from '../../src/domain/types';
import { autoTolerance } from '../../src/domain/auto-tolerance';
import { analyzePhotos, appRequest, centralFace, encodingFor, RECOGNITIONS, type Recognition } from './analyze-photos';
import { identifySet, type IdentifyHalf } from './identify-split';
import { openBench } from './browser';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '200' },
    'probes-per-person': { type: 'string', default: '2' },
    unknown: { type: 'string', default: '200' },
    'gallery-size': { type: 'string', default: '1' },
    tolerance: { type: 'string' },
    /** Which people: 'test' (held out from choosing any rule, the default), 'train' (used to choose), or 'all'. */
    half: { type: 'string', default: 'test' },
    pages: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'wasm' },
    plain: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const K = Number(args['gallery-size']);
const P = Number(args['probes-per-person']);
const PLAIN_TOLERANCE = 0.6;
const appTolerance = args.tolerance ? Number(args.tolerance) : DEFAULT_TOLERANCE;

const half = args.half as IdentifyHalf;
const { gallery, probes, unknown, people: peopleCount } = identifySet(lfwDir, {
  half,
  people: Number(args.people),
  galleryPerPerson: K,
  probesPerPerson: P,
  unknown: Number(args.unknown),
});
const photos = [...new Set([...gallery, ...probes, ...unknown].map(([p]) => p))];
console.error(`identify: ${peopleCount} people x ${K} known photos, ${probes.length} probes, ${unknown.length} unknown; ${photos.length} photos`);

const session = await openBench({ roots: { lfw: lfwDir }, backend: args.backend, pages: Number(args.pages) });
try {
  const analyses = await analyzePhotos(session, 'lfw', photos, appRequest(args.plain));
  type Pipeline = 'plain' | Recognition;
  const encodingOf = (path: string, pipeline: Pipeline): Float32Array | null => {
    const r = analyses.get(path);
    if (!r || r.error || r.width === undefined || r.height === undefined) return null;
    if (pipeline === 'plain') {
      const e = centralFace(r.plain, r.width, r.height)?.encoding;
      return e ? Float32Array.from(e) : null;
    }
    const face = centralFace(r.app, r.width, r.height);
    return face ? encodingFor(face, pipeline) : null;
  };
  const evaluate = (pipeline: Pipeline, strategy: PersonDistanceStrategy, tolerance: number) => {
    const known: KnownFace[] = [];
    for (const [path, person] of gallery) {
      const e = encodingOf(path, pipeline);
      if (e) known.push({ id: path, name: person, encoding: e });
    }
    const index = indexKnownFaces(known);
    const label = (path: string) => {
      const e = encodingOf(path, pipeline);
      return e ? (labelFaces([e], index, tolerance, strategy)[0]?.name ?? UNKNOWN_PERSON) : null;
    };
    let right = 0;
    let probeNoFace = 0;
    for (const [path, person] of probes) {
      const name = label(path);
      if (name === null) probeNoFace++;
      if (name === person) right++;
    }
    let wrongName = 0;
    for (const [path] of unknown) {
      const name = label(path);
      if (name !== null && name !== UNKNOWN_PERSON) wrongName++;
    }
    return {
      pipeline,
      strategy,
      tolerance,
      top1: right / probes.length,
      wrongNameRate: wrongName / unknown.length,
      probeNoFace,
      knownEncodings: known.length,
    };
  };
  const galleryFaces = (pipeline: Recognition): KnownFace[] => {
    const known: KnownFace[] = [];
    for (const [path, person] of gallery) {
      const e = encodingOf(path, pipeline);
      if (e) known.push({ id: path, name: person, encoding: e });
    }
    return known;
  };
  const auto = autoTolerance(galleryFaces('app'));
  const strategies: PersonDistanceStrategy[] = K > 1 ? ['nearest', 'mean-k-nearest', 'centroid'] : [DEFAULT_STRATEGY];
  const rows = [
    // face_recognition's rule for the plain usage: nearest known encoding, tolerance 0.6.
    ...(args.plain ? [evaluate('plain', 'nearest', PLAIN_TOLERANCE)] : []),
    ...strategies.map((s) => evaluate('app', s, appTolerance)),
    ...(auto ? [{ ...evaluate('app', DEFAULT_STRATEGY, auto.tolerance), auto: true }] : []),
    // Each recognizer alone, on the same scale (its threshold reads as face-api's), at the tolerance and at Auto.
    ...RECOGNITIONS.filter((r) => r !== 'app').flatMap((r) => {
      const a = autoTolerance(galleryFaces(r));
      return [evaluate(r, DEFAULT_STRATEGY, appTolerance), ...(a ? [{ ...evaluate(r, DEFAULT_STRATEGY, a.tolerance), auto: true }] : [])];
    }),
  ];
  // The app's trade-off as the tolerance moves (pure matching over the same encodings, no model run).
  const sweep = [0.45, 0.5, 0.52, 0.55, 0.58, 0.6, 0.62, 0.65].map((t) => evaluate('app', DEFAULT_STRATEGY, t));
  const summary = {
    date: new Date().toISOString(),
    engine: session.engine,
    people: peopleCount,
    galleryPerPerson: K,
    half,
    auto,
    probes: probes.length,
    unknown: unknown.length,
    rows,
    sweep,
  };
  mkdirSync(args.out, { recursive: true });
  const outFile = join(args.out, K > 1 ? `identify-k${K}.json` : 'identify.json');
  writeFileSync(outFile, JSON.stringify(summary, null, 2));
  console.log(`Identification (${half} half of the people): ${peopleCount} people x ${K} known photos, ${probes.length} probes, ${unknown.length} unknown probes`);
  for (const r of rows) {
    console.log(
      `${r.pipeline.padEnd(13)} ${('auto' in r ? 'Auto' : r.strategy).padEnd(15)} tolerance ${r.tolerance.toFixed(2)}  top-1 ${(r.top1 * 100).toFixed(1)}%  unknown named ${(r.wrongNameRate * 100).toFixed(1)}%  probes without face ${r.probeNoFace}`,
    );
  }
  console.log(
    `app ${DEFAULT_STRATEGY} by tolerance: ${sweep.map((r) => `${r.tolerance.toFixed(2)} → ${(r.top1 * 100).toFixed(1)}% / ${(r.wrongNameRate * 100).toFixed(1)}%`).join(', ')}`,
  );
  console.log(`wrote ${outFile}`);
  if (!existsSync(join(args.out, 'lfw.json'))) console.log('(run bench:lfw to choose the tolerance by measurement)');
} finally {
  await session.close();
}
