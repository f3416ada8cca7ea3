/**
 * npm run bench:decision [-- --half train|test]
 * Compares decision rules over dumped identification encodings (bench:identify-dump), no model run:
 * the plain distance at a tolerance, and the distance plus a margin to the second-nearest person
 * (named only when d1 <= t and (d2 - d1 >= m or d1 <= t - s)). Prints top-1 / wrong / strangers named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { autoTolerance } from '../../src/domain/auto-tolerance';
import { indexKnownFaces, personDistances } from '../../src/domain/matching';
import type { KnownFace } from '../../src/domain/types';
import { identifySet, type IdentifyHalf } from './identify-split';

const { values: args } = parseArgs({ options: { half: { type: 'string', default: 'train' }, out: { type: 'string', default: 'bench-results' } } });
const half = args.half as IdentifyHalf;
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const data = JSON.parse(readFileSync(join(args.out!, `identify-encodings-${half}.json`), 'utf8')) as Record<string, { app: number[] | null }>;
const enc = (p: string) => (data[p]?.app ? Float32Array.from(data[p]!.app!) : null);

for (const [K, N] of [[1, 60], [1, 120], [1, 200], [3, 60], [3, 120]] as const) {
  const set = identifySet(lfwDir, { half, people: N, galleryPerPerson: K, probesPerPerson: 2, unknown: 200 });
  const known: KnownFace[] = [];
  for (const [p, who] of set.gallery) {
    const e = enc(p);
    if (e) known.push({ id: p, name: who, encoding: e });
  }
  const index = indexKnownFaces(known);
  const rank = (p: string) => {
    const e = enc(p);
    if (!e) return null;
    const r = personDistances(e, index);
    return { n1: r[0]!.name, d1: r[0]!.distance, d2: r[1]?.distance ?? Infinity };
  };
  const probes = set.probes.map(([p, who]) => ({ r: rank(p), who }));
  const strangers = set.unknown.map(([p]) => rank(p));
  const evalRule = (named: (r: { d1: number; d2: number }) => boolean) => {
    let right = 0;
    let wrong = 0;
    for (const { r, who } of probes) {
      if (!r || !named(r)) continue;
      if (r.n1 === who) right++;
      else wrong++;
    }
    const s = strangers.filter((r) => r && named(r)).length;
    return { top1: right / probes.length, wrong: wrong / probes.length, strangers: s / strangers.length };
  };
  const auto = autoTolerance(known)!;
  const pct = (v: number) => (v * 100).toFixed(1).padStart(5);
  console.log(`\n${half} K=${K} N=${set.people} probes=${probes.length} strangers=${strangers.length} Auto=${auto.tolerance}`);
  for (const t of [0.46, 0.48, 0.5, 0.52, 0.54, 0.56, 0.58, 0.6]) {
    const plain = evalRule((r) => r.d1 <= t);
    const row = [`t=${t.toFixed(2)} plain ${pct(plain.top1)} ${pct(plain.wrong)} ${pct(plain.strangers)}`];
    for (const m of [0.02, 0.04, 0.06, 0.08]) {
      for (const s of [0.04, 0.08]) {
        const mr = evalRule((r) => r.d1 <= t && (r.d2 - r.d1 >= m || r.d1 <= t - s));
        row.push(`m${m}/s${s} ${pct(mr.top1)} ${pct(mr.strangers)}`);
      }
    }
    console.log(row.join(' | '));
  }
}
