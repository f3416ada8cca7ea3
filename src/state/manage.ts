/**
 * Managing known people and results: rename, merge, remove, move, correct a result's face, export and
 * import the known people, undo, erase everything. Each change is an edit (src/domain/known-edits.ts)
 * stored in one transaction first; the store follows only once it is saved (the action `known/edited`,
 * which keeps its reversal in the history, ./history.ts), so a failure changes nothing on screen either.
 * Undo stores the newest reversal the same way. Labels are derived (./selectors.ts), so every change
 * re-labels every result at once, without a model run.
 */
import { cleanPersonName, isEmptyEdit, newFacesOnly, renameEdit, type KnownEdit } from '../domain/known-edits';
import { GROUP_EDITS_SETTING } from '../domain/groups';
import { newId } from '../domain/ids';
import { currentPipeline, PIPELINE_ID } from '../domain/model-id';
import { isReservedName } from '../domain/names';
import type { ImportedFace } from '../domain/people-file';

/** The known-people file's code (and valibot, which checks it) loads only when a file is exported or imported. */
const peopleFile = () => import('../domain/people-file');
import type { Box, DetectedFace } from '../domain/types';
import type { GroupEdits } from '../domain/groups';
import type { FacewiseStore, KnownFaceRecord } from '../storage/db';
import { UNRECORDED_PIPELINE } from '../storage/db';
import type { Notify } from './notices';
import { describeError, endUndo } from './notices';
import { latestEntry, type HistoryEntry } from './history';
import type { PhotoItem, Store } from './store';
import { initialState, isBatchRunning } from './store';

/** How long a change's notice keeps its Undo button (the history's Undo control stays). */
export const UNDO_MS = 10_000;
let nextEntryId = 1;
/** An id for a history entry (./history.ts): unique in the page. */
export const newEntryId = (): number => nextEntryId++;
/** Thumbnails made from a result's face: this wide (the known-people list shows them small). */
const THUMB_PX = 96;

/** A face of a result to add to a named person. */
export interface FaceToLearn {
  photoId: string;
  faceIndex: number;
  name: string;
}

export interface ManageDeps {
  store: Store;
  db: Promise<FacewiseStore | null>;
  notify: Notify;
  download: (blob: Blob, fileName: string) => void;
  /** Removes every photo card and the stored results. */
  clearPhotos: () => void;
  /** Stops every known photo in flight and resolves once nothing more will be saved (before an erase). */
  stopWork: () => Promise<void>;
}

/** A JPEG of one face cut from the photo on this thread (cheap: one crop, one small encode); null if it fails. */
export async function faceThumbnail(file: Blob, box: Box): Promise<Blob | null> {
  try {
    if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
    const pad = Math.round(Math.max(box.width, box.height) * 0.15);
    const sx = Math.max(0, Math.round(box.x - pad));
    const sy = Math.max(0, Math.round(box.y - pad));
    const sw = Math.max(1, Math.round(box.width + 2 * pad));
    const sh = Math.max(1, Math.round(box.height + 2 * pad));
    const bitmap = await createImageBitmap(file, sx, sy, sw, sh, {
      resizeWidth: THUMB_PX,
      resizeHeight: Math.max(1, Math.round((THUMB_PX * sh) / sw)),
      resizeQuality: 'medium',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  } catch {
    return null;
  }
}

async function blobToDataUrl(blob: Blob | null, bytesToBase64: (bytes: Uint8Array) => string): Promise<string | null> {
  if (!blob) return null;
  const type = /^image\/(jpeg|png|webp)$/.test(blob.type) ? blob.type : 'image/jpeg';
  return `data:${type};base64,${bytesToBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

function toRecord(face: ImportedFace): KnownFaceRecord {
  return {
    id: newId(),
    name: face.name,
    encoding: face.encoding,
    thumbnail: face.thumbnail ? new Blob([face.thumbnail.bytes as Uint8Array<ArrayBuffer>], { type: face.thumbnail.type }) : null,
    sourceFile: face.sourceFile,
    sha256: face.sha256,
    addedAt: face.addedAt,
    pipeline: face.pipeline ?? UNRECORDED_PIPELINE,
  };
}

/** The service worker's caches and registration: the offline copy of the app. */
/**
 * Whether a Cache Storage cache is this app's: Workbox names its caches `workbox-<what>-<registration
 * scope>`, so another app on the same origin (another path, or not Workbox) keeps its caches.
 */
export function isOwnCacheName(cacheName: string, scope: string): boolean {
  return cacheName.startsWith('workbox-') && cacheName.endsWith(scope);
}

/** Unregisters this app's service worker (its scope only) and deletes its caches; says what it found. */
async function eraseOfflineCopy(): Promise<{ worker: boolean; caches: number }> {
  const scope = new URL('./', document.baseURI).href;
  let worker = false;
  // Unregister first, so the worker doesn't fill the caches again.
  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    const registration = await navigator.serviceWorker.getRegistration(scope);
    if (registration?.scope === scope) worker = await registration.unregister();
  }
  let deleted = 0;
  if (typeof caches !== 'undefined') {
    const own = (await caches.keys()).filter((key) => isOwnCacheName(key, scope));
    await Promise.all(own.map((key) => caches.delete(key)));
    deleted = own.length;
  }
  return { worker, caches: deleted };
}

const faces = (n: number) => `${n} known ${n === 1 ? 'face' : 'faces'}`;

export function createManagement({ store, db, notify, download, clearPhotos, stopWork }: ManageDeps) {
  /** A checked import file waiting for merge or replace. */
  let pending: ImportedFace[] | null = null;
  /** An undo being stored: a second click waits for none, it is ignored. */
  let undoing = false;

  /**
   * After an erase, back to a fresh page by construction: every field of the initial state (the history
   * too) except what describes the page and its engine rather than the user's data (a field added later
   * is reset too).
   */
  const forgetOnScreen = () => {
    pending = null;
    clearPhotos();
    store.update((s) => ({
      ...initialState,
      engine: s.engine,
      knownLoaded: s.knownLoaded,
      enrolPending: s.enrolPending,
      enrolBatch: s.enrolBatch,
      modelRuns: s.modelRuns,
      storagePersistence: s.storagePersistence,
      // The cache was erased with the rest.
      analysisCache: s.analysisCache && { ...s.analysisCache, count: 0, bytes: 0 },
    }));
  };

  /** Runs a storage change; says what failed and returns false when it did. */
  async function save(what: string, change: (storage: FacewiseStore) => Promise<unknown>): Promise<boolean> {
    const storage = await db;
    if (!storage) {
      notify(`Couldn't ${what}: this browser's storage isn't available.`, 'error');
      return false;
    }
    try {
      await change(storage);
      return true;
    } catch (error) {
      notify(`Couldn't ${what}: ${describeError(error)}. Nothing was changed.`, 'error');
      return false;
    }
  }

  /** A notice with an Undo button for UNDO_MS; the history's own Undo control outlives it. */
  const notifyUndoable = (text: string): number => {
    const noticeId = notify(text, 'info', { undoable: true });
    setTimeout(() => endUndo(store, noticeId), UNDO_MS);
    return noticeId;
  };

  /**
   * Stores an edit of the known people in one transaction, then shows it and keeps its reversal for Undo
   * (`label` names it there: "remove kit"); `text` tells the user. False when there was nothing to do, or
   * it failed and said so.
   */
  async function commit(edit: KnownEdit<KnownFaceRecord>, label: string, what: string, text: string): Promise<boolean> {
    if (isEmptyEdit(edit)) return false;
    if (!(await save(what, (s) => s.known.apply(edit)))) return false;
    store.dispatch({ type: 'known/edited', edit, label, entryId: newEntryId(), noticeId: notifyUndoable(text) });
    return true;
  }

  /** Takes back one history entry (the newest): its reversal is stored first, then shown. */
  async function undoEntry(entry: HistoryEntry): Promise<void> {
    if (undoing) return;
    undoing = true;
    try {
      const { known, groupEdits } = entry.undo;
      if (!isEmptyEdit(known) && !(await save(`undo "${entry.label}"`, (s) => s.known.apply(known)))) return;
      if (groupEdits) {
        const storage = await db;
        await storage?.settings.set(GROUP_EDITS_SETTING, groupEdits).catch((error: unknown) => {
          notify(`Couldn't remember the groups as they were: ${describeError(error)}.`, 'warning');
        });
      }
      store.dispatch({ type: 'history/undone', entryId: entry.id });
      notify(`Undone: ${entry.label}.`);
    } finally {
      undoing = false;
    }
  }

  /**
   * Faces of results join named people as known faces, in one transaction (the "This is..." correction,
   * a named group, names photos already carry), with Undo; returns the records saved (none: nothing to
   * learn, or it failed and said so).
   */
  async function learn(faces: readonly FaceToLearn[], what: string, label: string, text: (n: number) => string): Promise<KnownFaceRecord[]> {
    const photos = store.getState().photos.byId;
    const records: KnownFaceRecord[] = [];
    for (const { photoId, faceIndex, name } of faces) {
      const photo = photos.get(photoId);
      const face = photo?.faces[faceIndex];
      if (photo && face) records.push(await knownFaceFromResult(photo, face, name));
    }
    if (!(await commit({ put: records, remove: [] }, label, what, text(records.length)))) return [];
    return records;
  }

  const hasPerson = (name: string) => store.getState().known.some((k) => k.name === name);

  /** A known face of `name` made from a result's face (the "This is…" correction, a named group). */
  async function knownFaceFromResult(photo: PhotoItem, face: DetectedFace, name: string): Promise<KnownFaceRecord> {
    return {
      id: newId(),
      name,
      encoding: face.encoding,
      thumbnail: face.crop ?? (photo.file ? await faceThumbnail(photo.file, face.box) : null),
      sourceFile: photo.name,
      sha256: photo.sha256 ?? '',
      addedAt: Date.now(),
      pipeline: PIPELINE_ID,
    };
  }

  const remove = (ids: string[], text: string, what: string): Promise<boolean> => commit({ put: [], remove: ids }, what, what, text);

  return {
    async rename(from: string, typed: string): Promise<void> {
      const to = cleanPersonName(typed);
      if (to === '' || to === from) return;
      if (isReservedName(to)) {
        notify(`"${to}" is a label Facewise writes itself (for faces nobody knows, or photos without one); choose another name.`, 'warning');
        return;
      }
      const merging = hasPerson(to);
      const edit = renameEdit(store.getState().known, from, to);
      const label = merging ? `merge ${from} into ${to}` : `rename ${from} to ${to}`;
      await commit(edit, label, `rename ${from}`, merging ? `Merged ${from} into ${to}.` : `Renamed ${from} to ${to}.`);
    },

    async merge(from: string, into: string): Promise<void> {
      if (from === into || !hasPerson(into)) return;
      const label = `merge ${from} into ${into}`;
      await commit(renameEdit(store.getState().known, from, into), label, label, `Merged ${from} into ${into}.`);
    },

    async removeFace(id: string): Promise<void> {
      const record = store.getState().known.find((k) => k.id === id);
      if (!record) return;
      await remove([id], `Removed a photo of ${record.name} (${record.sourceFile}).`, `remove a photo of ${record.name}`);
    },

    /** One known photo moves to another person (an existing one, or a new one: a split). */
    async moveFace(id: string, typed: string): Promise<void> {
      const to = cleanPersonName(typed);
      const record = store.getState().known.find((k) => k.id === id);
      if (!record || to === '' || to === record.name) return;
      if (isReservedName(to)) {
        notify(`"${to}" is a label Facewise writes itself; choose another name.`, 'warning');
        return;
      }
      const moved: KnownFaceRecord = { ...record, name: to };
      const label = `move ${record.sourceFile} to ${to}`;
      await commit({ put: [moved], remove: [] }, label, label, `Moved ${record.sourceFile} from ${record.name} to ${to}. Every result was matched again.`);
    },

    async removePerson(name: string): Promise<void> {
      const ids = store.getState().known.filter((k) => k.name === name).map((k) => k.id);
      await remove(ids, `Removed ${name} (${ids.length} ${ids.length === 1 ? 'photo' : 'photos'}).`, `remove ${name}`);
    },

    /** Removes a person's faces made by another pipeline (with Undo), before their photos are added again. */
    async removeOtherPipelines(name: string): Promise<void> {
      const ids = store.getState().known.filter((k) => k.name === name && !currentPipeline(k.pipeline)).map((k) => k.id);
      if (ids.length === 0) return;
      await remove(ids, `Removed ${faces(ids.length)} of ${name} made by another pipeline; their photos are being added again.`, `remove ${name}'s old encodings`);
    },

    /** A notice's Undo: takes back the change it told of, if it is still the newest. */
    async undo(noticeId: number): Promise<void> {
      const entry = latestEntry(store.getState());
      if (entry && entry.noticeId === noticeId) await undoEntry(entry);
    },

    /** The history's Undo: takes back the newest change not yet taken back. */
    async undoLatest(): Promise<void> {
      const entry = latestEntry(store.getState());
      if (entry) await undoEntry(entry);
    },

    /** A change to the groups (./grouping.ts) was made: it joins the history, with a notice that can undo it. */
    recordGroupEdit(edits: GroupEdits, label: string, text: string): void {
      store.dispatch({ type: 'groups/edited', edits, label, entryId: newEntryId(), noticeId: notifyUndoable(text) });
    },

    /** "This is...": the face's encoding joins the named person (a new one, or one already known). */
    async correctFace(photoId: string, faceIndex: number, typed: string): Promise<void> {
      const name = cleanPersonName(typed);
      const photo = store.getState().photos.byId.get(photoId);
      if (!photo || !photo.faces[faceIndex] || name === '') return;
      if (isReservedName(name)) {
        notify(`"${name}" is a label Facewise writes itself (for faces nobody knows, or photos without one); type the person's name.`, 'warning');
        return;
      }
      await learn([{ photoId, faceIndex, name }], `add this face to ${name}`, `learn a face of ${name}`, () => `Learned: this face in ${photo.name} is ${name}. Every result was matched again.`);
    },

    /** Faces of results, each with its person's name, become known faces; returns how many were saved. */
    async learnFaces(toLearn: readonly FaceToLearn[], what: string, text: (n: number) => string): Promise<number> {
      return (await learn(toLearn, what, `add ${faces(toLearn.length)} named in the photos`, text)).length;
    },

    /**
     * These results' faces are `typed` (a named group's best faces): each becomes a known face of that
     * person in one transaction, every result is matched again, and Undo forgets them.
     */
    async learnGroup(refs: ReadonlyArray<{ photoId: string; faceIndex: number }>, typed: string): Promise<boolean> {
      const name = cleanPersonName(typed);
      if (name === '') return false;
      if (isReservedName(name)) {
        notify(`"${name}" is a label Facewise writes itself (for faces nobody knows, or photos without one); type the person's name.`, 'warning');
        return false;
      }
      const records = await learn(
        refs.map((r) => ({ ...r, name })),
        `add these faces to ${name}`,
        `name a group ${name}`,
        (n) => `Learned ${faces(n)} of ${name}. Every result was matched again.`,
      );
      return records.length > 0;
    },

    async exportKnown(): Promise<void> {
      const known = store.getState().known;
      if (known.length === 0) return;
      try {
        const { buildPeopleFile, bytesToBase64, PEOPLE_FILE_NAME, peopleFileToJson } = await peopleFile();
        const exportable = await Promise.all(known.map(async (k) => ({ ...k, thumbnail: await blobToDataUrl(k.thumbnail, bytesToBase64) })));
        const json = peopleFileToJson(buildPeopleFile(exportable));
        download(new Blob([json], { type: 'application/json' }), PEOPLE_FILE_NAME);
      } catch (error) {
        notify(`Couldn't export known people: ${describeError(error)}.`, 'error');
      }
    },

    /** Checks a known-people file; a good one waits for merge or replace, a bad one changes nothing. */
    async chooseImportFile(file: File): Promise<void> {
      pending = null;
      store.update((s) => ({ ...s, pendingImport: null }));
      let checks: Awaited<ReturnType<typeof peopleFile>>;
      try {
        checks = await peopleFile();
      } catch (error) {
        notify(`Couldn't load the import's checks: ${describeError(error)}. Nothing was imported.`, 'error');
        return;
      }
      const { parsePeopleFile, peopleFileSizeProblem } = checks;
      const tooBig = peopleFileSizeProblem(file.size);
      if (tooBig !== null) {
        notify(`${file.name} can't be imported, nothing was changed. ${tooBig}.`, 'error');
        return;
      }
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        notify(`Couldn't read ${file.name}: ${describeError(error)}. Nothing was imported.`, 'error');
        return;
      }
      const result = parsePeopleFile(text);
      if (!result.ok) {
        notify(`${file.name} can't be imported, nothing was changed. ${result.problems.join('; ')}.`, 'error');
        return;
      }
      pending = result.faces;
      const people = new Set(result.faces.map((f) => f.name)).size;
      store.update((s) => ({ ...s, pendingImport: { fileName: file.name, people, faces: result.faces.length } }));
    },

    cancelImport(): void {
      pending = null;
      store.update((s) => ({ ...s, pendingImport: null }));
    },

    async confirmImport(mode: 'merge' | 'replace'): Promise<void> {
      const imported = pending;
      const info = store.getState().pendingImport;
      pending = null;
      store.update((s) => ({ ...s, pendingImport: null }));
      if (!imported || !info) return;
      const known = store.getState().known;
      const records = (mode === 'merge' ? newFacesOnly(known, imported) : imported).map(toRecord);
      // A replace removes every known face this page shows (kept in step with other tabs' changes).
      const edit = { put: records, remove: mode === 'merge' ? [] : known.map((k) => k.id) };
      const skipped = imported.length - records.length;
      if (isEmptyEdit(edit)) {
        notify(`Nothing new in ${info.fileName}: its ${faces(skipped)} are already known.`);
        return;
      }
      await commit(
        edit,
        `import ${info.fileName}`,
        'import known people',
        mode === 'merge'
          ? `Imported ${faces(records.length)} from ${info.fileName}${skipped > 0 ? ` (${skipped} already known)` : ''}.`
          : `Replaced the known people with ${faces(records.length)} from ${info.fileName}.`,
      );
    },

    /**
     * Storage (every store), the analysis cache, this app's offline copy; not while a batch runs. Known photos
     * being added are stopped first (nothing of them is saved after the erase); other tabs are told
     * (FacewiseStore.onErased) and stop too.
     */
    async eraseEverything(): Promise<void> {
      if (isBatchRunning(store.getState().batch)) return;
      await stopWork();
      const storage = await db;
      if (!(await save('erase everything', (s) => s.eraseAll()))) return;
      forgetOnScreen();
      const inMemory = storage !== null && !storage.persistent;
      const what = inMemory
        ? "Erased what this page held: known people, results, the cache and settings were only in this page's memory (this browser's storage wasn't available, so none of them was written to disk)"
        : 'Erased everything: known people, results, the cache, settings';
      try {
        const offline = await eraseOfflineCopy();
        const copy = offline.worker || offline.caches > 0 ? ' and the offline copy of the app' : ' (there was no offline copy of the app)';
        notify(`${what}${copy}.`);
      } catch (error) {
        notify(`${what}, but not the offline copy: ${describeError(error)}.`, 'warning');
      }
    },

    /** Another tab erased everything: forget what this one shows (its work was stopped by the controller). */
    erasedElsewhere(): void {
      forgetOnScreen();
      notify('Everything was erased in another tab: known people, results, the cache and settings are gone here too.', 'warning');
    },
  };
}

export type Management = ReturnType<typeof createManagement>;
