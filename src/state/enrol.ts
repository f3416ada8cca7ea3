/**
 * Known people: turning dropped photos into stored known faces, and forgetting them. Photos are analysed
 * through the worker pool like photos to recognise (one per ready worker at a time), while what follows
 * an analysis — the known-photo checks, the duplicate check, the write, the notices — runs one photo at a
 * time in the order they were dropped, so names, duplicates and messages come out as they did one by one.
 * Progress (count, speed, time left) is in `enrolBatch`; Cancel starts no new analysis. Every outcome other
 * than a plain success becomes a notice naming the file.
 */
import { checkPhoto } from '../domain/photo-check';
import { addedMismatches } from '../domain/gallery-check';
import { newId } from '../domain/ids';
import { PIPELINE_ID } from '../domain/model-id';
import { checkKnownPhoto, largestFace as largestFaceOf } from '../domain/known-photo-checks';
import { nameProblem, personNameFromFileName, personNameFromPath } from '../domain/names';
import type { DetectedFace } from '../domain/types';
import type { FaceClient, PhotoAnalysis } from '../ml/client';
import { isUnreadableImageError } from '../ml/client';
import type { FacewiseStore, KnownFaceRecord } from '../storage/db';
import type { Serial } from '../domain/serial';
import { selectTolerance } from './selectors';
import type { Store } from './store';
import { isBatchRunning } from './store';
import type { Notify } from './notices';
import { describeError } from './notices';

export interface EnrolDeps {
  store: Store;
  client: FaceClient;
  /** Runs the steps after each analysis one at a time, in drop order. */
  serial: Serial;
  notify: Notify;
  /** Resolves to null when storage can't be opened. */
  db: Promise<FacewiseStore | null>;
}

/** What an analysis came to: the analysis, a refusal to say, or nothing (cancelled before it started). */
type Analysed = { analysis: PhotoAnalysis } | { refusal: string } | { cancelled: true };

interface EnrolJob {
  file: File;
  /** Path inside a dropped folder ('alice/1.jpg'), or the bare file name. */
  path: string;
  /** Settles with the analysis once the pool has run it (or it was cancelled). */
  settle: (outcome: Analysed) => void;
  /** Aborted by cancelAll (Erase everything): the analysis stops waiting and nothing is saved. */
  signal: AbortSignal;
}

/** The person's name: the folder it was dropped in, else the file name without extension. */
export function nameForKnownPhoto(file: File, path: string): string {
  return /[\\/]/.test(path) ? personNameFromPath(path) : personNameFromFileName(file.name);
}

export function largestFace(faces: readonly DetectedFace[]): DetectedFace | undefined {
  return largestFaceOf(faces);
}

export function createEnrolment({ store, client, serial, notify, db }: EnrolDeps) {
  /** Jobs waiting for a worker. */
  const queue: EnrolJob[] = [];
  let inFlight = 0;
  /** Names added since the progress bar last started, for the closing notice. */
  let added: string[] = [];
  let addedIds = new Set<string>();
  /** Aborted by cancelAll (Erase everything); a new one is made for the photos dropped after. */
  let abort = new AbortController();
  /** Every photo's steps after its analysis, until they are done: cancelAll waits for them. */
  const commits = new Set<Promise<void>>();

  async function analyse({ file, path, signal }: EnrolJob): Promise<Analysed> {
    const label = path || file.name;
    const badName = nameProblem(nameForKnownPhoto(file, path));
    if (badName !== null) return { refusal: `${label}: the person's name ${badName}. Not added.` };
    try {
      // One read of the file: kinds this browser can't decode (HEIC) or that aren't photos never reach the
      // worker; the header's size and the hash go with the photo that does.
      const { reason, dims, sha256 } = await checkPhoto(file);
      if (reason !== null) return { refusal: `${label}: ${reason} Not added.` };
      const jitter = store.getState().knownJitter;
      return { analysis: await client.analyze(file, { thumbnail: true, jitter, ...(sha256 !== null ? { sha256 } : {}) }, { signal, dims }) };
    } catch (error) {
      if (signal.aborted) return { cancelled: true };
      return {
        refusal: isUnreadableImageError(error)
          ? `Couldn't read ${label} as an image — not added.`
          : `Couldn't analyse ${label} (${describeError(error)}) — not added.`,
      };
    }
  }

  /** Starts waiting jobs until every ready worker has one. */
  function pump(): void {
    while (queue.length > 0 && inFlight < Math.max(1, client.concurrency())) {
      const job = queue.shift() as EnrolJob;
      inFlight++;
      void analyse(job).then((outcome) => {
        inFlight--;
        job.settle(outcome);
        pump();
      });
    }
  }

  /** After the analysis, in drop order: checks, duplicate check, the write. The record added, or null. */
  async function commit(file: File, path: string, outcome: Analysed, signal: AbortSignal): Promise<KnownFaceRecord | null> {
    if ('cancelled' in outcome || signal.aborted) return null;
    if ('refusal' in outcome) {
      notify(outcome.refusal, 'warning');
      return null;
    }
    const { analysis } = outcome;
    const label = path || file.name;
    const name = nameForKnownPhoto(file, path);
    const storage = await db;
    // Same bytes as a known face: stored earlier, or added moments ago from the same drop.
    let stored = false;
    try {
      stored = storage !== null && (await storage.known.findBySha256(analysis.sha256)) !== undefined;
    } catch {
      // A failing lookup will fail the add below too, with a message.
    }
    const knownNow = new Set(store.getState().known.map((k) => k.sha256));
    const verdict = checkKnownPhoto(analysis, { label, name, isKnownSha256: (sha) => stored || knownNow.has(sha) });
    if (!verdict.accepted) {
      notify(verdict.refusal.message, verdict.refusal.code === 'duplicate' ? 'info' : 'warning');
      return null;
    }
    const { face, warnings } = verdict;
    if (signal.aborted) return null;
    if (!storage) {
      notify(`Couldn't save ${label}: this browser's storage isn't available.`, 'error');
      return null;
    }
    try {
      const record: KnownFaceRecord = {
        id: newId(),
        name,
        encoding: face.encoding,
        thumbnail: analysis.thumbnail,
        sourceFile: label,
        sha256: analysis.sha256,
        addedAt: Date.now(),
        pipeline: PIPELINE_ID,
        chip: analysis.chip ?? null,
      };
      await storage.known.add(record);
      for (const warning of warnings) notify(warning.message, warning.code === 'several-faces' ? 'info' : 'warning');
      return record;
    } catch (error) {
      notify(`Couldn't save ${label}: ${describeError(error)}.`, 'error');
      return null;
    }
  }

  /** Photos just added that look like none of their person's other photos: said at once. */
  function warnMismatches(addedIds: ReadonlySet<string>): void {
    const state = store.getState();
    const fileOf = new Map(state.known.map((k) => [k.id, k.sourceFile]));
    for (const m of addedMismatches(state.known, addedIds, selectTolerance(state))) {
      notify(
        m.kind === 'joined'
          ? `The ${m.ids.length} photos named ${m.name} don't look like one person: if the file names joined different people, fix it with "Check known people".`
          : `${fileOf.get(m.id) ?? 'A photo'} doesn't look like ${m.name}'s other photos (${m.distance.toFixed(2)} from the nearest): is it the right person? See "Check known people".`,
        'warning',
      );
    }
  }

  /** One photo handled (added, refused or cancelled): counts it, and closes the batch when it was the last. */
  function finishOne(record: KnownFaceRecord | null, cancelled: boolean): void {
    store.update((s) => ({
      ...s,
      // A reload prompted by another tab may already have listed it.
      known: record ? [...s.known.filter((k) => k.id !== record.id), record] : s.known,
      enrolPending: Math.max(0, s.enrolPending - 1),
      enrolBatch: s.enrolBatch && {
        ...s.enrolBatch,
        finished: s.enrolBatch.finished + 1,
        cancelled: s.enrolBatch.cancelled + (cancelled ? 1 : 0),
      },
    }));
    if (record) {
      added.push(record.name);
      addedIds.add(record.id);
    }
    if (isBatchRunning(store.getState().enrolBatch) || added.length === 0) return;
    const names = [...new Set(added)].join(', ');
    notify(`Added ${added.length} known ${added.length === 1 ? 'face' : 'faces'}: ${names}.`);
    warnMismatches(addedIds);
    added = [];
    addedIds = new Set();
  }

  /** Settles every job not yet started as cancelled; returns how many. */
  function dropWaiting(): number {
    const dropped = queue.splice(0);
    for (const job of dropped) job.settle({ cancelled: true });
    return dropped.length;
  }

  return {
    add(files: readonly File[], paths?: readonly string[]): void {
      if (files.length === 0) return;
      store.update((s) => ({
        ...s,
        enrolPending: s.enrolPending + files.length,
        enrolBatch:
          isBatchRunning(s.enrolBatch) && s.enrolBatch
            ? { ...s.enrolBatch, total: s.enrolBatch.total + files.length }
            : { startedAt: Date.now(), total: files.length, finished: 0, cancelled: 0 },
      }));
      files.forEach((file, i) => {
        const path = paths?.[i] ?? file.name;
        const { signal } = abort;
        const analysed = new Promise<Analysed>((settle) => queue.push({ file, path, settle, signal }));
        const committed = serial(async () => {
          const outcome = await analysed;
          let record: KnownFaceRecord | null = null;
          try {
            record = await commit(file, path, outcome, signal);
          } finally {
            finishOne(record, 'cancelled' in outcome || signal.aborted);
          }
        });
        commits.add(committed);
        const forget = () => void commits.delete(committed);
        committed.then(forget, forget);
      });
      pump();
    },

    /** The progress bar's Cancel: photos not started are not added (the ones in flight finish). */
    cancel(): void {
      const n = dropWaiting();
      if (n > 0) notify(`Cancelled: ${n} known-people ${n === 1 ? 'photo was' : 'photos were'} not added.`, 'info');
    },

    /**
     * Erase everything: drops the photos waiting, stops the ones in flight (they are not saved) and resolves
     * once nothing more will be written.
     */
    async cancelAll(): Promise<void> {
      dropWaiting();
      abort.abort();
      await Promise.allSettled([...commits]);
      abort = new AbortController();
    },

    /** Drops photos that haven't started (used when the models can't load). */
    abandon(reason: string): void {
      const n = dropWaiting();
      if (n > 0) notify(`${n} known-people ${n === 1 ? 'photo was' : 'photos were'} not added: ${reason}`, 'error');
    },

    /** The models are ready: more workers may be, too. */
    resume: () => pump(),

    async forgetAll(): Promise<void> {
      const storage = await db;
      const count = store.getState().known.length;
      try {
        if (storage) await storage.known.clear();
      } catch (error) {
        notify(`Couldn't forget known people: ${describeError(error)}.`, 'error');
        return;
      }
      // Nothing before this can be undone: the history's reversals would bring some of them back.
      store.dispatch({ type: 'known/reloaded', known: [] });
      notify(`Forgot ${count} known ${count === 1 ? 'face' : 'faces'}.`);
    },
  };
}
