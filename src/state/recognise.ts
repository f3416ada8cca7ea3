/**
 * Photos to recognise, at album scale: a queue drained by as many analyses at once as the face client has
 * workers ready (re-read each time one finishes, so workers that join later are used), a cache of analyses
 * keyed by each file's SHA-256 (a photo dropped again costs no model work; the store keeps the most recently
 * used, and its size is read into the state after each batch for "Your data"), and every result written to
 * storage as it finishes, so a reload shows the finished ones and says which files to drop again.
 *
 * This module holds the effects; what they do to the photos is data, actions of ./photos.ts's reducer.
 * Cards keep the order photos were dropped in, whatever order they finish in. While a batch runs, changes
 * reach the store a few times a second (PUBLISH_MS), not once per photo, and each worker has a photo prepared
 * ahead of it. Each photo's file is read once on the page (src/domain/photo-check.ts).
 */
import { PIPELINE_ID } from '../domain/model-id';
import { newId } from '../domain/ids';
import { claimRestored, isFinishedStatus, type FileIdentity } from '../domain/resume';
import { checkPhoto } from '../domain/photo-check';
import type { FaceClient } from '../ml/client';
import { isAbortError, isImageTooLargeError, isUnreadableImageError } from '../ml/client';
import type { FacewiseStore, PhotoResultRecord } from '../storage/db';
import type { Notify } from './notices';
import { describeError } from './notices';
import { isPending, photoList } from './photos';
import type { PhotoItem, ResumeEntry, Store } from './store';
import { isBatchRunning } from './store';

export const UNREADABLE_MESSAGE = "Couldn't read this file as an image.";
const NOT_ANALYSED_MESSAGE = `Not analysed: the face models didn't load.`;
/** Results are written to storage in one transaction at most this often. */
const WRITE_DELAY_MS = 250;
/** At most this many dropped photos enter the store per update (one render of the grid each). */
const ADD_SLICE = 100;
/**
 * A drop's files are described (name, size, date) for at most this long per task, the rest in the next:
 * the first read of a File's size or date asks the browser process, ~0.25 ms of the page's time each and
 * several times that in wall time while the workers keep both cores busy (100 at once was a 55 ms task).
 */
export const DESCRIBE_BUDGET_MS = 8;
/** At most this many records per write: a drop of thousands of photos is stored in several short tasks. */
const WRITE_SLICE = 200;
/**
 * While a batch runs, card and progress changes are gathered and put in the store at most this often: the
 * grid and the progress bar re-render a few times a second, not once per photo (a batch's first result and
 * its last are shown at once).
 */
export const PUBLISH_MS = 250;
/**
 * Photos taken from the queue per ready worker: one on the worker, one prepared ahead on the page (kind
 * checked, hashed, looked up in the cache) so the worker gets its next photo the moment it is free.
 */
export const IN_FLIGHT_PER_WORKER = 2;
/** Longer side of the small JPEG the worker makes for a card (cards are at most ~400 px wide). */
export const PREVIEW_SIDE = 480;

export interface RecognitionDeps {
  store: Store;
  /** Counts model runs and waits for the models (the controller's gated client). */
  client: FaceClient;
  db: Promise<FacewiseStore | null>;
  notify: Notify;
  /** The engine's failure message, or null while it loads or works. */
  engineError: () => string | null;
}

/** A dropped file with what the browser says of it, read once. */
interface DroppedFile extends FileIdentity {
  file: File;
  /** Who the photo is of, from the folder it was dropped in (null: not said). */
  expected: string | null;
}

function toRecord(photo: PhotoItem): PhotoResultRecord {
  return {
    id: photo.id,
    order: photo.order,
    name: photo.name,
    size: photo.size,
    lastModified: photo.lastModified,
    sha256: photo.sha256,
    // An analysis cut short by a reload is unfinished: stored as queued.
    status: photo.status === 'working' ? 'queued' : photo.status,
    width: photo.width,
    height: photo.height,
    faces: photo.faces,
    ...(photo.message === undefined ? {} : { message: photo.message }),
    ...(photo.metadata === undefined ? {} : { metadata: photo.metadata }),
    ...(photo.expected === undefined ? {} : { expected: photo.expected }),
  };
}

function fromRecord(record: PhotoResultRecord): PhotoItem {
  return {
    id: record.id,
    file: null,
    name: record.name,
    size: record.size,
    lastModified: record.lastModified,
    order: record.order,
    sha256: record.sha256,
    cached: false,
    status: record.status,
    width: record.width,
    height: record.height,
    faces: record.faces,
    ...(record.message === undefined ? {} : { message: record.message }),
    ...(record.metadata === undefined ? {} : { metadata: record.metadata }),
    ...(record.expected === undefined ? {} : { expected: record.expected }),
  };
}

export function createRecognition({ store, client, db, notify, engineError }: RecognitionDeps) {
  const queue: string[] = [];
  let inFlight = 0;
  /** Aborted by Cancel: photos in flight stop waiting for their worker (src/ml/client.ts). */
  let batchAbort = new AbortController();
  /** Card order across reloads: restored results keep theirs, new photos come after. */
  let nextOrder = 0;

  // Results waiting to be written, newest state per photo; written together after WRITE_DELAY_MS.
  const unwritten = new Map<string, PhotoResultRecord>();
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  let writes: Promise<void> = Promise.resolve();
  let writeWarned = false;

  // Cache puts not finished yet: the cache's size is read after them.
  const cacheWrites = new Set<Promise<void>>();
  let usageRead: Promise<void> = Promise.resolve();
  /** Puts how many analyses are cached and their size in the state, once the puts made so far are done. */
  const readCacheUsage = (): Promise<void> =>
    (usageRead = usageRead.then(async () => {
      const storage = await db;
      if (!storage) return;
      await Promise.all(cacheWrites);
      try {
        const analysisCache = await storage.analyses.usage();
        store.update((s) => {
          const was = s.analysisCache;
          const same = was !== null && was.count === analysisCache.count && was.bytes === analysisCache.bytes && was.limit === analysisCache.limit;
          return same ? s : { ...s, analysisCache };
        });
      } catch (error) {
        // A closed connection (another tab upgraded the database, or the page is going) is no news.
        const closed = error instanceof DOMException && error.name === 'InvalidStateError';
        if (!closed) console.warn("Facewise: couldn't read the size of the analysis cache", error);
      }
    }));

  const inStorage = (task: (storage: FacewiseStore) => Promise<void>, what: string) => {
    writes = writes.then(async () => {
      const storage = await db;
      if (!storage) return;
      try {
        await task(storage);
      } catch (error) {
        if (writeWarned) return;
        writeWarned = true;
        notify(`Couldn't ${what}: ${describeError(error)}. Results still show on this page.`, 'warning');
      }
    });
  };
  const flush = () => {
    writeTimer = null;
    const records: PhotoResultRecord[] = [];
    for (const [id, record] of unwritten) {
      if (records.length === WRITE_SLICE) break;
      records.push(record);
      unwritten.delete(id);
    }
    if (unwritten.size > 0) writeTimer = setTimeout(flush, 0);
    inStorage((storage) => storage.results.put(records), 'save results for after a reload');
  };
  const persist = (photos: readonly PhotoItem[]) => {
    for (const photo of photos) unwritten.set(photo.id, toRecord(photo));
    writeTimer ??= setTimeout(flush, WRITE_DELAY_MS);
  };

  // Changes not yet in the store: newest patch per photo, photos finished since the last publish.
  const unpublished = new Map<string, Partial<PhotoItem>>();
  let finishedSince = 0;
  let publishTimer: ReturnType<typeof setTimeout> | null = null;

  /** A photo as it is now, unpublished changes included. */
  const findPhoto = (id: string): PhotoItem | undefined => {
    const photo = store.getState().photos.byId.get(id);
    const patch = unpublished.get(id);
    return photo && patch ? { ...photo, ...patch } : photo;
  };

  /** Puts every gathered change in the store in one update. */
  const publish = () => {
    if (publishTimer !== null) clearTimeout(publishTimer);
    publishTimer = null;
    if (unpublished.size === 0) return;
    const patches = new Map(unpublished);
    unpublished.clear();
    const finished = finishedSince;
    finishedSince = 0;
    store.dispatch({ type: 'photos/patched', patches, finished });
  };

  /** Applies `patch` to one photo; `finished` counts it in the batch and stores it. */
  const patchPhoto = (id: string, patch: Partial<PhotoItem>, finished = false) => {
    unpublished.set(id, { ...unpublished.get(id), ...patch });
    if (finished) {
      finishedSince++;
      const photo = findPhoto(id);
      if (photo) persist([photo]);
    }
    const batch = store.getState().batch;
    const firstResult = finished && batch !== null && batch.finished === 0 && finishedSince === 1;
    const lastResult = finished && batch !== null && batch.finished + finishedSince >= batch.total;
    if (firstResult || lastResult) publish();
    else publishTimer ??= setTimeout(publish, PUBLISH_MS);
  };

  // Worker slots: as many analyses handed to the client as it has workers ready; photos prepared ahead
  // (kind checked, hashed, looked up in the cache) wait here for one.
  let analysing = 0;
  const waitingForWorker: Array<(granted: boolean) => void> = [];
  const grantSlots = () => {
    while (waitingForWorker.length > 0 && analysing < Math.max(1, client.concurrency())) {
      analysing++;
      (waitingForWorker.shift() as (granted: boolean) => void)(true);
    }
  };
  const acquireSlot = () =>
    new Promise<boolean>((resolve) => {
      waitingForWorker.push(resolve);
      grantSlots();
    });
  const releaseSlot = () => {
    analysing--;
    grantSlots();
  };

  async function analyzeOne(id: string): Promise<void> {
    const photo = findPhoto(id);
    if (!photo || photo.status !== 'queued' || !photo.file) return; // cancelled or cleared while waiting
    const file = photo.file;
    const { signal } = batchAbort;
    // Cancel marks every photo not on a worker yet as cancelled (and aborts those on one): check before
    // each step that finishes it.
    const stillQueued = () => !signal.aborted && findPhoto(id)?.status === 'queued';
    let slot = false;
    try {
      // One read of the file: kinds this browser can't decode (HEIC) or that aren't photos never reach the
      // worker; the header's size and the hash go with the photo that does.
      const { reason, dims, sha256 } = await checkPhoto(file);
      if (!stillQueued()) return;
      if (reason !== null) {
        patchPhoto(id, { status: 'unreadable', message: reason }, true);
        return;
      }
      const storage = await db;
      const stored = sha256 !== null && storage ? await storage.analyses.get(sha256).catch(() => undefined) : undefined;
      if (!stillQueued()) return;
      // An analysis made by an earlier pipeline (another crop, detector or model) is not reused.
      const cached = stored?.pipeline === PIPELINE_ID ? stored : undefined;
      if (cached) {
        const status = cached.faces.length > 0 ? 'done' : 'no-face';
        const metadata = cached.metadata ? { metadata: cached.metadata } : {};
        patchPhoto(id, { status, sha256, cached: true, width: cached.width, height: cached.height, faces: cached.faces, ...metadata }, true);
        return;
      }
      slot = await acquireSlot();
      if (!slot || !stillQueued()) return;
      patchPhoto(id, { status: 'working' });
      const a = await client.analyze(file, { thumbnail: false, preview: PREVIEW_SIDE, ...(sha256 !== null ? { sha256 } : {}) }, { signal, dims });
      if (signal.aborted) return; // cancelled while it ran: cancel() marked it, and it is not counted twice
      const key = sha256 ?? a.sha256;
      const status = a.faces.length > 0 ? 'done' : 'no-face';
      const metadata = a.metadata ? { metadata: a.metadata } : {};
      const preview = a.preview ? { preview: a.preview } : {};
      patchPhoto(id, { status, sha256: key, width: a.width, height: a.height, faces: a.faces, ...metadata, ...preview }, true);
      const cacheWrite = storage
        ?.analyses.put({
          sha256: key,
          width: a.width,
          height: a.height,
          faces: a.faces,
          cachedAt: Date.now(),
          pipeline: PIPELINE_ID,
          ...metadata,
        })
        .catch((error: unknown) => console.warn('Facewise: could not cache an analysis', error));
      if (cacheWrite) {
        cacheWrites.add(cacheWrite);
        void cacheWrite.finally(() => cacheWrites.delete(cacheWrite));
      }
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return; // cancel() marked it cancelled
      if (engineError() !== null) {
        patchPhoto(id, { status: 'cancelled', message: NOT_ANALYSED_MESSAGE }, true);
      } else if (isUnreadableImageError(error)) {
        patchPhoto(id, { status: 'unreadable', message: UNREADABLE_MESSAGE }, true);
      } else if (isImageTooLargeError(error)) {
        patchPhoto(id, { status: 'unreadable', message: describeError(error) }, true);
      } else {
        patchPhoto(id, { status: 'unreadable', message: `Couldn't analyse this photo: ${describeError(error)}.` }, true);
      }
    } finally {
      if (slot) releaseSlot();
    }
  }

  /**
   * Starts queued photos until each ready worker has one being analysed and one prepared (its kind checked,
   * its file hashed and looked up in the cache) waiting for it, so a worker never waits for the page.
   */
  function pump(): void {
    while (queue.length > 0 && inFlight < Math.max(1, client.concurrency()) * IN_FLIGHT_PER_WORKER) {
      const id = queue.shift() as string;
      inFlight++;
      void analyzeOne(id).finally(() => {
        inFlight--;
        pump();
        // The batch is over (finished or cancelled): the cache may have grown.
        if (inFlight === 0) void readCacheUsage();
      });
    }
  }

  /** Queues described files; files a reload left unfinished take their old place. */
  function addNow(dropped: readonly DroppedFile[]): void {
    if (dropped.length === 0) return;
    publish();
    const failed = engineError();
    const state = store.getState();
    const restored: ResumeEntry[] = [...state.resume, ...photoList(state.photos).filter((p) => p.file === null)];
    const orderOf = new Map(restored.map((r) => [r.id, r.order]));
    const claims = restored.length === 0 ? [] : claimRestored(dropped, restored);
    const items: PhotoItem[] = dropped.map(({ file, name, size, lastModified, expected }, i) => {
      const claimed = claims[i] ?? null;
      return {
        id: claimed ?? newId(),
        file,
        name,
        size,
        lastModified,
        order: claimed === null ? nextOrder++ : (orderOf.get(claimed) ?? nextOrder++),
        sha256: null,
        cached: false,
        status: failed === null ? 'queued' : 'cancelled',
        width: 0,
        height: 0,
        faces: [],
        ...(failed === null ? {} : { message: NOT_ANALYSED_MESSAGE }),
        ...(expected ? { expected } : {}),
      };
    });
    store.dispatch({ type: 'photos/added', items, at: Date.now() });
    persist(items);
    if (failed !== null) return;
    queue.push(...items.map((item) => item.id));
    pump();
  }

  // A drop enters the batch in short tasks, the first at once: each task describes files for at most
  // DESCRIBE_BUDGET_MS, and the described ones enter the store ADD_SLICE at a time, or sooner when the
  // workers would otherwise wait for work. Cancel and Clear forget the files not added yet.
  let undescribed: Array<{ file: File; expected: string | null }> = [];
  let nextUndescribed = 0;
  let described: DroppedFile[] = [];
  let addTimer: ReturnType<typeof setTimeout> | null = null;
  const workersWantMore = () => queue.length < Math.max(1, client.concurrency()) * IN_FLIGHT_PER_WORKER;
  const addNextSlice = () => {
    addTimer = null;
    const started = performance.now();
    while (nextUndescribed < undescribed.length && described.length < ADD_SLICE && performance.now() - started < DESCRIBE_BUDGET_MS) {
      const { file, expected } = undescribed[nextUndescribed++] as { file: File; expected: string | null };
      described.push({ file, name: file.name, size: file.size, lastModified: file.lastModified, expected });
    }
    const allDescribed = nextUndescribed === undescribed.length;
    if (allDescribed) {
      undescribed = [];
      nextUndescribed = 0;
    }
    if (described.length >= ADD_SLICE || allDescribed || workersWantMore()) {
      const slice = described;
      described = [];
      addNow(slice);
    }
    if (!allDescribed || described.length > 0) addTimer = setTimeout(addNextSlice, 0);
  };
  const dropPendingAdds = () => {
    undescribed = [];
    nextUndescribed = 0;
    described = [];
    if (addTimer !== null) clearTimeout(addTimer);
    addTimer = null;
  };

  /** Ends the batch at once: photos waiting and photos in flight are marked cancelled. */
  function cancel(message?: string): number {
    dropPendingAdds();
    queue.length = 0;
    batchAbort.abort();
    batchAbort = new AbortController();
    // Photos prepared and waiting for a worker don't start (they are still 'queued': marked below).
    for (const resolve of waitingForWorker.splice(0)) resolve(false);
    publish();
    const pending = photoList(store.getState().photos).filter(isPending).map((p) => p.id);
    store.dispatch(message === undefined ? { type: 'photos/cancelled' } : { type: 'photos/cancelled', message });
    const byId = store.getState().photos.byId;
    const cancelled = pending.map((id) => byId.get(id)).filter((p): p is PhotoItem => p !== undefined);
    persist(cancelled);
    return cancelled.length;
  }

  return {
    /** Queues files (already filtered to images) in short tasks, the first at once; files a reload left unfinished take their old place. */
    add(files: readonly File[], expected?: ReadonlyArray<string | null>): void {
      files.forEach((file, i) => undescribed.push({ file, expected: expected?.[i] ?? null }));
      if (addTimer === null) addNextSlice();
    },

    cancel,

    /** The models are ready: more workers may be, too. */
    resume: () => pump(),

    /** Removes every card, unfinished entries and stored results (not while a batch runs). */
    clear(): void {
      publish();
      if (isBatchRunning(store.getState().batch)) return;
      dropPendingAdds();
      store.dispatch({ type: 'photos/cleared' });
      unwritten.clear();
      if (writeTimer !== null) clearTimeout(writeTimer);
      writeTimer = null;
      inStorage((storage) => storage.results.clear(), 'forget the stored results');
    },

    async clearCache(): Promise<void> {
      const storage = await db;
      if (!storage) return;
      try {
        await storage.analyses.clear();
        notify('Cache cleared: photos dropped again will be analysed again.');
      } catch (error) {
        notify(`Couldn't clear the cache: ${describeError(error)}.`, 'error');
      }
      await readCacheUsage();
    },

    readCacheUsage,

    /** Shows the stored batch: finished photos as cards (without their image), the rest as files to drop again. */
    async restore(storage: FacewiseStore): Promise<void> {
      let records: PhotoResultRecord[];
      try {
        records = await storage.results.list();
      } catch (error) {
        notify(`Couldn't load the results saved before: ${describeError(error)}.`, 'warning');
        return;
      }
      if (records.length === 0) return;
      publish();
      const maxOrder = records.reduce((m, r) => Math.max(m, r.order), -1);
      // Photos dropped while loading got orders from 0: move them after the stored ones.
      const shift = maxOrder + 1;
      nextOrder += shift;
      const finished = records.filter((r) => isFinishedStatus(r.status)).map(fromRecord);
      const resume: ResumeEntry[] = records
        .filter((r) => !isFinishedStatus(r.status))
        .map(({ id, order, name, size, lastModified }) => ({ id, order, name, size, lastModified }));
      store.dispatch({ type: 'photos/restored', finished, resume, shift });
    },
  };
}
