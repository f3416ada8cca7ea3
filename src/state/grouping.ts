/**
 * Keeps the grouping worker (src/grouping) in step with the store: every finished photo's faces go to
 * the worker once (as photos finish), photos cleared leave it, known people and the tolerance are sent
 * when they change; then the worker's groups land in `state.groups`. Calls are coalesced: many photos
 * finishing at once cost one grouping. The main thread only diffs references here; labelling and
 * grouping run in the worker. The user's group edits (take out, ignore, merge, "Is this …?" no) are
 * remembered in settings and join the undo history (./history.ts, through ./manage.ts); naming a group
 * teaches the gallery through ./manage.ts's learnGroup.
 */
import { bestFaces, GROUP_EDITS_SETTING, parseFaceKey, parseGroupEdits, sameGroup, type FaceGroup, type GroupEdits } from '../domain/groups';
import type { GroupingClient } from '../grouping/client';
import type { FacewiseStore } from '../storage/db';
import type { DetectedFace } from '../domain/types';
import type { Management } from './manage';
import { newEntryId } from './manage';
import type { Notify } from './notices';
import { describeError } from './notices';
import { isBatchRunning, type AppState, type Store } from './store';
import { selectTolerance } from './selectors';
import { photoList } from './photos';

/** Updates within this long of each other are grouped once. */
const COALESCE_MS = 150;
/**
 * While a batch runs, the groups are updated at most this often: every update re-renders and re-lays out
 * the "Who is this?" panel, main-thread time the workers need on a 2-core machine.
 */
const BATCH_COALESCE_MS = 1500;

export interface GroupingDeps {
  store: Store;
  client: GroupingClient;
  db: Promise<FacewiseStore | null>;
  notify: Notify;
  manage: Management;
}

function sameGroups(a: readonly FaceGroup[], b: readonly FaceGroup[]): boolean {
  return a.length === b.length && a.every((g, i) => sameGroup(g, b[i] as FaceGroup));
}

export function createGrouping({ store, client, db, notify, manage }: GroupingDeps) {
  const sent = new Map<string, DetectedFace[]>();
  let sentKnown: AppState['known'] | null = null;
  let seen: { photos: AppState['photos']; known: AppState['known']; tolerance: number; edits: GroupEdits } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asked: { tolerance: number; edits: GroupEdits } | null = null;
  let running = false;
  let again = false;

  const schedule = () => {
    if (timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        void run();
      },
      isBatchRunning(store.getState().batch) ? BATCH_COALESCE_MS : COALESCE_MS,
    );
  };

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const s = store.getState();
      const present = new Set<string>();
      const put: Array<{ id: string; encodings: Float32Array[] }> = [];
      for (const photo of photoList(s.photos)) {
        if (photo.status !== 'done' || photo.faces.length === 0) continue;
        present.add(photo.id);
        if (sent.get(photo.id) === photo.faces) continue;
        sent.set(photo.id, photo.faces);
        put.push({ id: photo.id, encodings: photo.faces.map((f) => f.encoding) });
      }
      const gone = [...sent.keys()].filter((id) => !present.has(id));
      for (const id of gone) sent.delete(id);
      if (gone.length > 0) await client.removePhotos(gone);
      if (put.length > 0) await client.putPhotos(put);
      const knownChanged = sentKnown !== s.known;
      if (knownChanged) {
        sentKnown = s.known;
        await client.setKnown(s.known.map((k) => ({ id: k.id, name: k.name, encoding: k.encoding })));
      }
      // Nothing the groups depend on changed (photos without faces finishing): no call to the worker.
      if (put.length === 0 && gone.length === 0 && !knownChanged && asked?.tolerance === selectTolerance(s) && asked.edits === s.groupEdits) return;
      asked = { tolerance: selectTolerance(s), edits: s.groupEdits };
      const result = await client.group(selectTolerance(s), s.groupEdits);
      // Unchanged groups (the usual case while photos without new unknown faces finish) change nothing.
      store.update((state) => (sameGroups(state.groups, result.groups) ? state : { ...state, groups: result.groups }));
    } catch (error) {
      console.warn('Facewise: grouping failed', error);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  /** Shows and remembers the group edits, as a change Undo can take back; `text` is its notice's (null: none). */
  const saveEdits = (edits: GroupEdits, label: string, text: string | null) => {
    if (text === null) store.dispatch({ type: 'groups/edited', edits, label, entryId: newEntryId(), noticeId: null });
    else manage.recordGroupEdit(edits, label, text);
    void db.then(async (storage) => {
      try {
        await storage?.settings.set(GROUP_EDITS_SETTING, edits);
      } catch (error) {
        notify(`Couldn't remember that change to the groups: ${describeError(error)}.`, 'warning');
      }
    });
  };
  const edit = (change: (edits: GroupEdits) => GroupEdits, label: string, text: string | null) =>
    saveEdits(change(store.getState().groupEdits), label, text);
  const groupByKey = (key: string) => store.getState().groups.find((g) => g.key === key);

  /** The faces of a group, with what the best-reference choice needs. */
  const facesOf = (key: string) => {
    const photos = store.getState().photos.byId;
    return (groupByKey(key)?.faces ?? []).flatMap((faceKey) => {
      const at = parseFaceKey(faceKey);
      const face = at ? photos.get(at.photoId)?.faces[at.faceIndex] : undefined;
      return at && face ? [{ key: faceKey, ...at, box: face.box, landmarks: face.landmarks, sharpness: face.sharpness }] : [];
    });
  };

  return {
    start(): void {
      store.subscribe(() => {
        const s = store.getState();
        if (seen && seen.photos === s.photos && seen.known === s.known && seen.tolerance === selectTolerance(s) && seen.edits === s.groupEdits) return;
        seen = { photos: s.photos, known: s.known, tolerance: selectTolerance(s), edits: s.groupEdits };
        schedule();
      });
      void db.then(async (storage) => {
        try {
          const stored = await storage?.settings.get<unknown>(GROUP_EDITS_SETTING);
          if (stored !== undefined) store.update((s) => ({ ...s, groupEdits: parseGroupEdits(stored) }));
        } catch (error) {
          console.warn("Facewise: couldn't read the group edits", error);
        }
      });
      schedule();
    },

    /** Names a group: its best faces (sharpest, largest, most frontal, at most ten) become known faces of `name`. */
    async nameGroup(key: string, name: string): Promise<void> {
      const best = bestFaces(facesOf(key));
      if (best.length === 0) return;
      await manage.learnGroup(best, name);
    },

    /** "Is this alice?" — no: not asked again for this group. */
    declineSuggestion(key: string, name: string): void {
      edit((e) => ({ ...e, declined: [...e.declined, [key, name] as const] }), `answer no to "Is this ${name}?"`, null);
    },

    /** The known person this group is just beyond the tolerance of (found by the worker), unless declined. */
    suggestionFor(key: string): { name: string; distance: number } | null {
      const s = store.getState();
      const group = groupByKey(key);
      const miss = group?.suggestion;
      if (!group || !miss) return null;
      const faces = new Set(group.faces);
      return s.groupEdits.declined.some(([face, name]) => name === miss.name && faces.has(face)) ? null : miss;
    },

    merge(keyA: string, keyB: string): void {
      if (keyA === keyB || !groupByKey(keyA) || !groupByKey(keyB)) return;
      edit((e) => ({ ...e, merges: [...e.merges, [keyA, keyB] as const] }), 'merge two groups', 'Merged two groups.');
    },

    /** "Not this person": the face leaves its group and every group. */
    takeOut(faceKey: string): void {
      edit((e) => ({ ...e, takenOut: [...e.takenOut, faceKey] }), 'take a face out of its group', 'Took the face out of its group: it is not asked about again.');
    },

    ignore(key: string): void {
      const group = groupByKey(key);
      if (!group) return;
      const n = group.faces.length;
      edit((e) => ({ ...e, ignored: [...e.ignored, ...group.faces] }), 'ignore a group', `Ignored a group of ${n} ${n === 1 ? 'face' : 'faces'}: it is not asked about again.`);
    },
  };
}

export type Grouping = ReturnType<typeof createGrouping>;
