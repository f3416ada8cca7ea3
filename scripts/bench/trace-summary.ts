/**
 * Accounts for the time in a Chrome trace (Playwright's browser.startTracing): how busy each thread was,
 * and where the page's main thread spent its time (self time of each trace event, summed by name and
 * grouped: script, style and layout, paint, image decode, garbage collection, other).
 *
 * Two clocks: `dur` (wall time, what a task blocks the page for, stretched when the machine is loaded and
 * the thread is preempted) and `tdur` (the thread's own CPU time in it, which a loaded machine does not
 * stretch). CPU time is what the page takes from the model workers on the same cores, and what survives
 * other load on a shared machine: compare runs by main-thread CPU ms per photo.
 */
import { readFileSync } from 'node:fs';
import { samplesInTasks, type ProfileEvent, type TaskSamples } from './trace-js';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; type?: string; timerId?: number } };
}

export interface LongTask {
  /** Seconds after the trace's start. */
  atS: number;
  wallMs: number;
  cpuMs: number;
  /** The largest self-CPU events inside it, and the script entry points it ran. */
  top: Array<{ name: string; cpuMs: number }>;
  /** Its JavaScript samples by original function (./trace-js.ts), when the trace has them and the build's source maps were given. */
  js?: TaskSamples;
}

export interface TraceSummary {
  /** Wall time the trace covers, ms. */
  spanMs: number;
  /** Photos in the batch the trace covers (for per-photo figures), when known. */
  photos: number | null;
  /** Busy ms per thread name (threads of the same name summed), wall and CPU, busiest first. */
  threads: Array<{ thread: string; count: number; busyMs: number; cpuMs: number }>;
  /** The renderer main thread's busy time by group, ms (wall, self time). */
  mainGroups: Record<string, number>;
  /** The same by CPU time, ms. */
  mainCpuGroups: Record<string, number>;
  /** Its self time by event name, ms, largest first (wall, with the CPU of the same events). */
  mainTop: Array<{ name: string; ms: number; cpuMs: number }>;
  /** Script entry points (the outermost script event of each kind in a task) by inclusive CPU, ms. */
  scriptEntries: Array<{ name: string; count: number; cpuMs: number }>;
  /** Main-thread tasks (top-level events) over 50 ms of wall time, and of CPU time. */
  longTasks: { overWall: number; overCpu: number; longest: LongTask[] };
}

const GROUPS: Array<[string, RegExp]> = [
  ['garbage collection', /GC|Sweep|Mark|Scavenge/],
  ['image decode', /Decode|ImageDecode|Image/],
  ['style and layout', /Layout|Style|RecalculateStyles|UpdateLayoutTree|InvalidateLayout|ScheduleStyle/],
  ['paint, layerize, commit', /Paint|Layer|Composite|Commit|PrePaint|Raster|UpdateLayer|Frame|BeginMainThreadFrame|Animation/],
  ['script (React, store, app code)', /FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|TimerFire|EventDispatch|HandlePostMessage|ParseHTML|CompileScript|Callback|XHR|EventListener/],
];
const OTHER = 'other (task overhead, IPC, messages)';
/** Events that enter script: the outermost of them in a task is where its script time is charged. */
const SCRIPT_ENTRY = /^(FunctionCall|TimerFire|EventDispatch|RunMicrotasks|HandlePostMessage|FireAnimationFrame|XHRReadyStateChange|FireIdleCallback|EvaluateScript|V8\.Execute)$/;
const LONG_MS = 50;

function groupOf(name: string): string {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return OTHER;
}

function entryName(e: TraceEvent): string {
  const d = e.args?.data;
  if (!d) return e.name;
  if (d.functionName || d.url) {
    const file = (d.url ?? '').split('/').pop() ?? '';
    return `${e.name} ${d.functionName || '(anonymous)'}${file ? ` ${file}:${d.lineNumber ?? '?'}` : ''}`;
  }
  if (d.type) return `${e.name} ${d.type}`;
  return e.name;
}

/** `distDir`: the built site the trace ran, whose source maps name the JavaScript samples of long tasks. */
export function summarizeTrace(path: string, photos: number | null = null, distDir: string | null = null): TraceSummary {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const complete = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of complete) {
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  let first = Infinity;
  let last = -Infinity;
  for (const e of complete) {
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts + (e.dur ?? 0));
  }
  interface PerThread {
    busy: number;
    cpu: number;
    self: Map<string, { wall: number; cpu: number }>;
    entries: Map<string, { count: number; cpu: number }>;
    tasks: Array<{ e: TraceEvent; self: Map<string, number> }>;
  }
  const threadBusy = new Map<string, { count: number; busy: number; cpu: number }>();
  let main: { key: string; busy: number } | null = null;
  const perThread = new Map<string, PerThread>();
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const t: PerThread = { busy: 0, cpu: 0, self: new Map(), entries: new Map(), tasks: [] };
    const stack: Array<{ e: TraceEvent; end: number; children: number; childrenCpu: number; entry: boolean }> = [];
    let taskSelf: Map<string, number> | null = null;
    const pop = () => {
      const top = stack.pop();
      if (!top) return;
      const own = Math.max(0, (top.e.dur ?? 0) - top.children);
      const ownCpu = Math.max(0, (top.e.tdur ?? 0) - top.childrenCpu);
      const was = t.self.get(top.e.name) ?? { wall: 0, cpu: 0 };
      t.self.set(top.e.name, { wall: was.wall + own, cpu: was.cpu + ownCpu });
      if (taskSelf) {
        const label = top.entry ? entryName(top.e) : top.e.name;
        taskSelf.set(label, (taskSelf.get(label) ?? 0) + ownCpu);
      }
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.children += top.e.dur ?? 0;
        parent.childrenCpu += top.e.tdur ?? 0;
      }
    };
    for (const e of list) {
      while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= e.ts) pop();
      if (stack.length === 0) {
        t.busy += e.dur ?? 0;
        t.cpu += e.tdur ?? 0;
        taskSelf = new Map();
        t.tasks.push({ e, self: taskSelf });
      }
      // The outermost script entry of a task carries the script it ran (inclusive CPU).
      const entry = SCRIPT_ENTRY.test(e.name) && !stack.some((s) => SCRIPT_ENTRY.test(s.e.name));
      if (entry) {
        const label = entryName(e);
        const was = t.entries.get(label) ?? { count: 0, cpu: 0 };
        t.entries.set(label, { count: was.count + 1, cpu: was.cpu + (e.tdur ?? 0) });
      }
      stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0, childrenCpu: 0, entry });
    }
    while (stack.length > 0) pop();
    const name = names.get(key) ?? key;
    const entry = threadBusy.get(name) ?? { count: 0, busy: 0, cpu: 0 };
    threadBusy.set(name, { count: entry.count + 1, busy: entry.busy + t.busy, cpu: entry.cpu + t.cpu });
    perThread.set(key, t);
    if (name === 'CrRendererMain' && (!main || t.busy > main.busy)) main = { key, busy: t.busy };
  }
  const mainThread = main ? perThread.get(main.key) : undefined;
  const mainSelf = mainThread?.self ?? new Map<string, { wall: number; cpu: number }>();
  const mainGroups: Record<string, number> = {};
  const mainCpuGroups: Record<string, number> = {};
  for (const [name, v] of mainSelf) {
    const group = groupOf(name);
    mainGroups[group] = (mainGroups[group] ?? 0) + v.wall / 1000;
    mainCpuGroups[group] = (mainCpuGroups[group] ?? 0) + v.cpu / 1000;
  }
  const tasks = mainThread?.tasks ?? [];
  const longestTasks = tasks
    .filter((t) => (t.e.dur ?? 0) > LONG_MS * 1000)
    .sort((a, b) => (b.e.dur ?? 0) - (a.e.dur ?? 0))
    .slice(0, 8);
  const [mainPid, mainTid] = (main?.key ?? '0:0').split(':').map(Number) as [number, number];
  const js =
    distDir === null
      ? null
      : samplesInTasks(events as ProfileEvent[], mainPid, mainTid, longestTasks.map((t) => [t.e.ts, t.e.ts + (t.e.dur ?? 0)] as const), distDir);
  const longest = longestTasks.map(
      (t, i): LongTask => ({
        atS: (t.e.ts - first) / 1e6,
        wallMs: (t.e.dur ?? 0) / 1000,
        cpuMs: (t.e.tdur ?? 0) / 1000,
        top: [...t.self]
          .map(([name, us]) => ({ name, cpuMs: us / 1000 }))
          .sort((a, b) => b.cpuMs - a.cpuMs)
          .slice(0, 4),
        ...(js?.[i]?.samples ? { js: js[i] } : {}),
      }),
    );
  return {
    spanMs: (last - first) / 1000,
    photos,
    threads: [...threadBusy]
      .map(([thread, t]) => ({ thread, count: t.count, busyMs: t.busy / 1000, cpuMs: t.cpu / 1000 }))
      .sort((a, b) => b.busyMs - a.busyMs),
    mainGroups,
    mainCpuGroups,
    mainTop: [...mainSelf]
      .map(([name, v]) => ({ name, ms: v.wall / 1000, cpuMs: v.cpu / 1000 }))
      .sort((a, b) => b.cpuMs - a.cpuMs)
      .slice(0, 15),
    scriptEntries: [...(mainThread?.entries ?? new Map<string, { count: number; cpu: number }>())]
      .map(([name, v]) => ({ name, count: v.count, cpuMs: v.cpu / 1000 }))
      .sort((a, b) => b.cpuMs - a.cpuMs)
      .slice(0, 12),
    longTasks: {
      overWall: tasks.filter((t) => (t.e.dur ?? 0) > LONG_MS * 1000).length,
      overCpu: tasks.filter((t) => (t.e.tdur ?? 0) > LONG_MS * 1000).length,
      longest,
    },
  };
}

export function formatTraceSummary(s: TraceSummary): string {
  const sec = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const perPhoto = (v: number) => (s.photos ? ` (${(v / s.photos).toFixed(2)} ms/photo)` : '');
  const lines = [`trace: ${sec(s.spanMs)} covered${s.photos ? `, ${s.photos} photos` : ''}`];
  lines.push('  busy per thread, wall / CPU: ' + s.threads.filter((t) => t.busyMs > 50).map((t) => `${t.thread}${t.count > 1 ? ` ×${t.count}` : ''} ${sec(t.busyMs)} / ${sec(t.cpuMs)}`).join(', '));
  const main = s.threads.find((t) => t.thread === 'CrRendererMain');
  const mainCpu = Object.values(s.mainCpuGroups).reduce((a, b) => a + b, 0);
  if (main) lines.push(`  main thread CPU: ${sec(mainCpu)}${perPhoto(mainCpu)}; wall busy ${sec(Object.values(s.mainGroups).reduce((a, b) => a + b, 0))}${perPhoto(Object.values(s.mainGroups).reduce((a, b) => a + b, 0))}`);
  const cpuGroups = Object.entries(s.mainCpuGroups).sort((a, b) => b[1] - a[1]);
  lines.push('  main thread CPU by group: ' + cpuGroups.map(([g, v]) => `${g} ${sec(v)}${perPhoto(v)}`).join(', '));
  const groups = Object.entries(s.mainGroups).sort((a, b) => b[1] - a[1]);
  lines.push('  main thread wall by group: ' + groups.map(([g, v]) => `${g} ${sec(v)}`).join(', '));
  lines.push('  main thread top events (self CPU / wall): ' + s.mainTop.map((t) => `${t.name} ${sec(t.cpuMs)} / ${sec(t.ms)}`).join(', '));
  lines.push('  script entry points (inclusive CPU, count): ' + s.scriptEntries.map((t) => `${t.name} ${sec(t.cpuMs)} (${t.count})`).join(', '));
  lines.push(`  main-thread tasks over ${LONG_MS} ms: ${s.longTasks.overWall} by wall, ${s.longTasks.overCpu} by CPU; longest:`);
  for (const t of s.longTasks.longest) {
    lines.push(`    at ${t.atS.toFixed(1)} s: ${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU — ${t.top.map((x) => `${x.name} ${x.cpuMs.toFixed(0)}`).join(', ')}`);
    if (t.js) {
      const share = (n: number) => `${Math.round((100 * n) / (t.js?.samples ?? 1))}%`;
      lines.push(`      JavaScript samples (${t.js.samples}), self: ${t.js.self.map((x) => `${x.name} ${share(x.samples)}`).join(', ')}`);
      if (t.js.app.length > 0) lines.push(`      in the app's code: ${t.js.app.map((x) => `${x.name} ${share(x.samples)}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

// `tsx scripts/bench/trace-summary.ts TRACE.json [PHOTOS [DIST]]`: the same account of a trace recorded before
// (DIST, e.g. dist-bench: the build it ran, to name its JavaScript samples).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [file, photos, dist] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/trace-summary.ts TRACE.json [PHOTOS [DIST]]');
  console.log(formatTraceSummary(summarizeTrace(file, photos ? Number(photos) : null, dist ?? null)));
}
