/**
 * Accounts for the time in a Chrome trace (Playwright's browser.startTracing): how busy each thread was,
 * and where the page's main thread spent its time (self time of each trace event, summed by name and
 * grouped: script, style and layout, paint, image decode, garbage collection, other).
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TraceSummary {
  /** Wall time the trace covers, ms. */
  spanMs: number;
  /** Busy ms per thread name (threads of the same name summed), busiest first. */
  threads: Array<{ thread: string; count: number; busyMs: number }>;
  /** The renderer main thread's busy time by group, ms. */
  mainGroups: Record<string, number>;
  /** Its self time by event name, ms, largest first. */
  mainTop: Array<{ name: string; ms: number }>;
}

const GROUPS: Array<[string, RegExp]> = [
  ['garbage collection', /GC|Sweep|Mark|Scavenge/],
  ['image decode', /Decode|ImageDecode|Image/],
  ['style and layout', /Layout|Style|RecalculateStyles|UpdateLayoutTree|InvalidateLayout|ScheduleStyle/],
  ['paint, layerize, commit', /Paint|Layer|Composite|Commit|PrePaint|Raster|UpdateLayer|Frame|BeginMainThreadFrame|Animation/],
  ['script (React, store, app code)', /FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|TimerFire|EventDispatch|HandlePostMessage|ParseHTML|CompileScript|Callback|XHR|EventListener/],
];

function groupOf(name: string): string {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return 'other (task overhead, IPC, messages)';
}

export function summarizeTrace(path: string): TraceSummary {
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
  const threadBusy = new Map<string, { count: number; busy: number }>();
  let main: { key: string; busy: number } | null = null;
  const selfTimes = new Map<string, Map<string, number>>();
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let busy = 0;
    const self = new Map<string, number>();
    const stack: Array<{ e: TraceEvent; end: number; children: number }> = [];
    const pop = () => {
      const top = stack.pop();
      if (!top) return;
      const own = Math.max(0, (top.e.dur ?? 0) - top.children);
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + own);
      const parent = stack[stack.length - 1];
      if (parent) parent.children += top.e.dur ?? 0;
    };
    for (const e of list) {
      while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= e.ts) pop();
      if (stack.length === 0) busy += e.dur ?? 0;
      stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
    }
    while (stack.length > 0) pop();
    const name = names.get(key) ?? key;
    const entry = threadBusy.get(name) ?? { count: 0, busy: 0 };
    threadBusy.set(name, { count: entry.count + 1, busy: entry.busy + busy });
    selfTimes.set(key, self);
    if (name === 'CrRendererMain' && (!main || busy > main.busy)) main = { key, busy };
  }
  const mainSelf = main ? (selfTimes.get(main.key) ?? new Map<string, number>()) : new Map<string, number>();
  const mainGroups: Record<string, number> = {};
  for (const [name, us] of mainSelf) {
    const group = groupOf(name);
    mainGroups[group] = (mainGroups[group] ?? 0) + us / 1000;
  }
  return {
    spanMs: (last - first) / 1000,
    threads: [...threadBusy]
      .map(([thread, t]) => ({ thread, count: t.count, busyMs: t.busy / 1000 }))
      .sort((a, b) => b.busyMs - a.busyMs),
    mainGroups,
    mainTop: [...mainSelf]
      .map(([name, us]) => ({ name, ms: us / 1000 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
  };
}

export function formatTraceSummary(s: TraceSummary): string {
  const ms = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const lines = [`trace: ${ms(s.spanMs)} covered`];
  lines.push('  busy per thread: ' + s.threads.filter((t) => t.busyMs > 50).map((t) => `${t.thread}${t.count > 1 ? ` ×${t.count}` : ''} ${ms(t.busyMs)}`).join(', '));
  const groups = Object.entries(s.mainGroups).sort((a, b) => b[1] - a[1]);
  lines.push('  main thread by group: ' + groups.map(([g, v]) => `${g} ${ms(v)}`).join(', '));
  lines.push('  main thread top events (self time): ' + s.mainTop.map((t) => `${t.name} ${ms(t.ms)}`).join(', '));
  return lines.join('\n');
}
