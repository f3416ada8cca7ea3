/**
 * Known people: turning dropped photos into stored known faces, one photo at a time, and forgetting
 * them. Every outcome other than a plain success becomes a notice naming the file.
 */
import { checkFileKind } from '../domain/file-kind';
import { newId } from '../domain/ids';
import { PIPELINE_ID } from '../domain/model-id';
import { checkKnownPhoto, largestFace as largestFaceOf } from '../domain/known-photo-checks';
import { nameProblem, personNameFromFileName, personNameFromPath } from '../domain/names';
import type { DetectedFace } from '../domain/types';
import type { FaceClient } from '../ml/client';
import { isUnreadableImageError } from '../ml/client';
import type { FacewiseStore, KnownFaceRecord } from '../storage/db';
import type { Serial } from './serial';
import type { Store } from './store';
import type { Notify } from './notices';
import { describeError } from './notices';

export interface EnrolDeps {
  store: Store;
  client: FaceClient;
  serial: Serial;
  notify: Notify;
  /** Resolves to null when storage can't be opened. */
  db: Promise<FacewiseStore | null>;
}

interface EnrolJob {
  file: File;
  /** Path inside a dropped folder ('alice/1.jpg'), or the bare file name. */
  path: string;
}

/** The person's name: the folder it was dropped in, else the file name without extension. */
export function nameForKnownPhoto(file: File, path: string): string {
  return /[\\/]/.test(path) ? personNameFromPath(path) : personNameFromFileName(file.name);
}

export function largestFace(faces: readonly DetectedFace[]): DetectedFace | undefined {
  return largestFaceOf(faces);
}

export function createEnrolment({ store, client, serial, notify, db }: EnrolDeps) {
  const jobs: EnrolJob[] = [];
  let running = false;
  /** Aborted by cancelAll (Erase everything): the photo in flight stops waiting and is not saved. */
  let abort = new AbortController();
  let drained: Promise<void> = Promise.resolve();

  const setPending = (delta: number) =>
    store.update((s) => ({ ...s, enrolPending: Math.max(0, s.enrolPending + delta) }));

  /** Returns the record added, or null when the photo was refused. */
  async function enrolOne({ file, path }: EnrolJob): Promise<KnownFaceRecord | null> {
    const label = path || file.name;
    const { signal } = abort;
    const name = nameForKnownPhoto(file, path);
    const badName = nameProblem(name);
    if (badName !== null) {
      notify(`${label}: the person's name ${badName}. Not added.`, 'warning');
      return null;
    }
    let analysis;
    try {
      // Kinds this browser can't decode (HEIC) or that aren't photos never reach the worker.
      const { reason } = await checkFileKind(file);
      if (reason !== null) {
        notify(`${label}: ${reason} Not added.`, 'warning');
        return null;
      }
      const jitter = store.getState().knownJitter;
      analysis = await serial(() => client.analyze(file, { thumbnail: true, jitter }, { signal }));
    } catch (error) {
      if (signal.aborted) return null;
      notify(
        isUnreadableImageError(error)
          ? `Couldn't read ${label} as an image — not added.`
          : `Couldn't analyse ${label} (${describeError(error)}) — not added.`,
        'warning',
      );
      return null;
    }
    const storage = await db;
    // Same bytes as a known face: stored earlier, or added moments ago from the same drop.
    let stored = false;
    try {
      stored = storage !== null && (await storage.findKnownFaceBySha256(analysis.sha256)) !== undefined;
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
      };
      await storage.addKnownFace(record);
      for (const warning of warnings) notify(warning.message, warning.code === 'several-faces' ? 'info' : 'warning');
      return record;
    } catch (error) {
      notify(`Couldn't save ${label}: ${describeError(error)}.`, 'error');
      return null;
    }
  }

  function drain(): Promise<void> {
    if (running) return drained;
    drained = drainJobs();
    return drained;
  }

  async function drainJobs(): Promise<void> {
    running = true;
    const added: string[] = [];
    try {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const record = await enrolOne(job);
        if (record) {
          added.push(record.name);
          // A reload prompted by another tab may already have listed it.
          store.update((s) => ({ ...s, known: [...s.known.filter((k) => k.id !== record.id), record] }));
        }
        setPending(-1);
      }
    } finally {
      running = false;
    }
    if (added.length > 0) {
      const names = [...new Set(added)].join(', ');
      notify(`Added ${added.length} known ${added.length === 1 ? 'face' : 'faces'}: ${names}.`);
    }
  }

  return {
    add(files: readonly File[], paths?: readonly string[]): void {
      if (files.length === 0) return;
      files.forEach((file, i) => jobs.push({ file, path: paths?.[i] ?? file.name }));
      setPending(files.length);
      void drain();
    },

    /**
     * Erase everything: drops the photos waiting, stops the one in flight (it is not saved) and resolves once
     * nothing more will be written.
     */
    async cancelAll(): Promise<void> {
      const dropped = jobs.splice(0);
      if (dropped.length > 0) setPending(-dropped.length);
      abort.abort();
      await drained;
      abort = new AbortController();
    },

    /** Drops photos that haven't started (used when the models can't load). */
    abandon(reason: string): void {
      if (jobs.length === 0) return;
      const dropped = jobs.splice(0);
      setPending(-dropped.length);
      notify(`${dropped.length} known-people ${dropped.length === 1 ? 'photo was' : 'photos were'} not added: ${reason}`, 'error');
    },

    async forgetAll(): Promise<void> {
      const storage = await db;
      const count = store.getState().known.length;
      try {
        if (storage) await storage.clearKnownFaces();
      } catch (error) {
        notify(`Couldn't forget known people: ${describeError(error)}.`, 'error');
        return;
      }
      store.update((s) => ({ ...s, known: [] }));
      notify(`Forgot ${count} known ${count === 1 ? 'face' : 'faces'}.`);
    },
  };
}
