/**
 * The JavaScript samples of a trace (`--trace-js`: the V8 CPU profiler's ProfileChunk events) inside given
 * tasks, named by the original source through the build's source maps: a minified `T main-xxxx.js:2`
 * becomes `addNextSlice src/state/recognise.ts:365`. Samples are taken on the wall clock, so a share here is
 * of the task's wall time, preemption included ("(program)" is native work: layout, style, IPC).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

export interface ProfileEvent {
  name: string;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** Per task: its samples, and the functions they were in, by self and by inclusive count (largest first). */
export interface TaskSamples {
  samples: number;
  self: Array<{ name: string; samples: number }>;
  /** Only the app's own functions (src/): which of ours the task was in. */
  app: Array<{ name: string; samples: number }>;
}

/**
 * Attributes the samples of thread `pid:tid` that fall inside each of `tasks` ([start, end] in the trace's
 * µs), naming frames through the source maps found in `distDir/assets` (the built site the trace ran).
 */
export function samplesInTasks(events: readonly ProfileEvent[], pid: number, tid: number, tasks: ReadonlyArray<readonly [number, number]>, distDir: string): TaskSamples[] {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
  const startTime = profile?.args?.data?.startTime;
  if (!profile || startTime === undefined) return tasks.map(() => ({ samples: 0, self: [], app: [] }));
  const nodes = new Map<number, ProfileNode>();
  const timed: Array<[number, number]> = [];
  let t = startTime;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || e.id !== profile.id) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    ids.forEach((id, i) => {
      t += deltas[i] ?? 0;
      timed.push([t, id]);
    });
  }
  const parentOf = new Map<number, number>();
  for (const n of nodes.values()) {
    if (n.parent !== undefined) parentOf.set(n.id, n.parent);
    for (const c of n.children ?? []) parentOf.set(c, n.id);
  }
  const maps = new Map<string, TraceMap | null>();
  const mapFor = (url: string): TraceMap | null => {
    const file = url.split('/').pop() ?? '';
    if (!maps.has(file)) {
      const path = join(distDir, 'assets', `${file}.map`);
      maps.set(file, existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
    }
    return maps.get(file) ?? null;
  };
  const names = new Map<number, string>();
  const nameOf = (n: ProfileNode): string => {
    let name = names.get(n.id);
    if (name !== undefined) return name;
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    name = functionName || '(anonymous)';
    const map = url ? mapFor(url) : null;
    if (map) {
      const at = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber });
      if (at.source) {
        const source = at.source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
        name = `${at.name ?? functionName ?? '(anonymous)'} ${source}:${at.line ?? 0}`;
      }
    }
    names.set(n.id, name);
    return name;
  };
  return tasks.map(([start, end]) => {
    const self = new Map<string, number>();
    const app = new Map<string, number>();
    let samples = 0;
    for (const [at, id] of timed) {
      if (at < start || at > end) continue;
      const node = nodes.get(id);
      if (!node) continue;
      samples++;
      const own = nameOf(node);
      self.set(own, (self.get(own) ?? 0) + 1);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
        const frame = nodes.get(cur);
        if (!frame) break;
        const name = nameOf(frame);
        if (!/ src\//.test(name) || seen.has(name)) continue;
        seen.add(name);
        app.set(name, (app.get(name) ?? 0) + 1);
      }
    }
    const top = (m: Map<string, number>) =>
      [...m]
        .map(([name, n]) => ({ name, samples: n }))
        .sort((a, b) => b.samples - a.samples)
        .slice(0, 5);
    return { samples, self: top(self), app: top(app) };
  });
}
