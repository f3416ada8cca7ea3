/**
 * npm run bench:tolerance [-- --half train|test]
 * Works out / checks the Auto tolerance rule (src/domain/auto-tolerance.ts) over encodings dumped by
 * `npm run bench:identify-dump -- --half <half>`: no model run. For galleries of several sizes (1 or 3
 * photos per person) it prints the rule's tolerance, the expected and the measured share of strangers
 * named, and top-1, beside the fixed default 0.60 and the whole trade-off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { autoTolerance, betweenPeopleDistances, meanOfNearest } from '../../src/domain/auto-tolerance';
import { indexKnownFaces, labelFaces } from '../../src/domain/matching';
import { UNKNOWN_PERSON, type KnownFace } from '../../src/domain/types';
import { identifySet, type IdentifyHalf } from './identify-split';

const { values: args } = parseArgs({ options: { half: { type: 'string', default: 'train' }, out: { type: 'string', default: 'bench-results' } } });
const half = args.half as IdentifyHalf;
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const data = JSON.parse(readFileSync(join(args.out!, `identify-encodings-${half}.json`), 'utf8')) as Record<string, { person: string; app: number[] | null }>;
const enc = (p: string) => {
  const e = data[p]?.app;
  return e ? Float32Array.from(e) : null;
};

function evaluate(K: number, N: number, unknownCount: number) {
  const set = identifySet(lfwDir, { half, people: N, galleryPerPerson: K, probesPerPerson: 2, unknown: unknownCount });
  const known: KnownFace[] = [];
  for (const [p, who] of set.gallery) {
    const e = enc(p);
    if (e) known.push({ id: p, name: who, encoding: e });
  }
  const index = indexKnownFaces(known);
  const probes = set.probes.map(([p, who]) => ({ e: enc(p), who }));
  const strangers = set.unknown.map(([p]) => enc(p));
  const score = (t: number) => {
    let right = 0;
    let wrong = 0;
    for (const { e, who } of probes) {
      const name = e ? labelFaces([e], index, t)[0]?.name : undefined;
      if (name === who) right++;
      else if (name !== undefined && name !== UNKNOWN_PERSON) wrong++;
    }
    let named = 0;
    for (const e of strangers) if (e && labelFaces([e], index, t)[0]?.name !== UNKNOWN_PERSON) named++;
    return { t, top1: right / probes.length, wrong: wrong / probes.length, strangers: named / strangers.length };
  };
  const auto = autoTolerance(known);
  const d = betweenPeopleDistances(known, meanOfNearest(3));
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length);
  return { K, N: set.people, probes: probes.length, unknown: strangers.length, auto, raw: { mean, sd, n: d.length }, atAuto: auto ? score(auto.tolerance) : null, atDefault: score(0.6), sweep: [0.44, 0.46, 0.48, 0.5, 0.52, 0.54, 0.56, 0.58, 0.6].map(score) };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
for (const [K, N, U] of [[1, 30, 200], [1, 60, 200], [1, 120, 200], [1, 200, 200], [3, 30, 200], [3, 60, 200], [3, 120, 200], [3, 200, 200]] as const) {
  const r = evaluate(K, N, U);
  console.log(
    `${half} K=${K} N=${r.N} probes=${r.probes} strangers=${r.unknown}  raw between-people μ=${r.raw.mean.toFixed(3)} σ=${r.raw.sd.toFixed(3)} (${r.raw.n})` +
      `\n  Auto ${r.auto?.tolerance.toFixed(2)} (expected strangers ${pct(r.auto?.strangerRate ?? 0)}): top-1 ${pct(r.atAuto!.top1)} wrong ${pct(r.atAuto!.wrong)} strangers named ${pct(r.atAuto!.strangers)}` +
      `  | 0.60: ${pct(r.atDefault.top1)} / ${pct(r.atDefault.strangers)}` +
      `\n  sweep ${r.sweep.map((s) => `${s.t.toFixed(2)}→${pct(s.top1)}/${pct(s.strangers)}`).join(' ')}`,
  );
}
