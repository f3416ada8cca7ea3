/**
 * The store's reducers (src/state/photos.ts, src/state/history.ts): photos by id through a batch, and the
 * undo history taking back several changes in turn, newest first.
 */
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/state/actions';
import { HISTORY_LIMIT, latestEntry } from '../../src/state/history';
import { photoList, photoTable } from '../../src/state/photos';
import { initialState, type AppState, type PhotoItem } from '../../src/state/store';
import type { KnownFaceRecord } from '../../src/storage/db';
import { NO_GROUP_EDITS } from '../../src/domain/groups';

const photo = (id: string, order: number, status: PhotoItem['status'] = 'queued'): PhotoItem => ({
  id, file: null, name: `${id}.jpg`, size: 1, lastModified: 1, order, sha256: null, cached: false, status, width: 0, height: 0, faces: [],
});
const known = (id: string, name: string, addedAt: number): KnownFaceRecord => ({
  id, name, encoding: Float32Array.from([addedAt]), thumbnail: null, sourceFile: `${id}.jpg`, sha256: id, addedAt,
});
const names = (s: AppState) => s.known.map((k) => `${k.id}:${k.name}`);

describe('photos reducer', () => {
  it('adds, patches by id, cancels what is pending, restores in order and clears', () => {
    let s = reduce(initialState, { type: 'photos/added', items: [photo('a', 0), photo('b', 1), photo('c', 2)], at: 5 });
    expect(s.batch).toEqual({ startedAt: 5, total: 3, finished: 0, cancelled: 0 });
    const before = s.photos;
    s = reduce(s, { type: 'photos/patched', patches: new Map([['b', { status: 'done' as const }], ['gone', { status: 'done' as const }]]), finished: 1 });
    expect(photoList(s.photos).map((p) => p.status)).toEqual(['queued', 'done', 'queued']);
    expect(s.photos.byId.get('a'), 'untouched photos keep their object').toBe(before.byId.get('a'));
    expect(s.photos.ids, 'the order is kept').toBe(before.ids);
    s = reduce(s, { type: 'photos/cancelled', message: 'stopped' });
    expect(photoList(s.photos).map((p) => `${p.status}:${p.message ?? ''}`)).toEqual(['cancelled:stopped', 'done:', 'cancelled:stopped']);
    expect(s.batch).toEqual({ startedAt: 5, total: 3, finished: 3, cancelled: 2 });
    expect(reduce(s, { type: 'photos/cancelled' }), 'nothing pending: the same state').toBe(s);
    // A stored batch restored: its photos first, the ones already shown move after them.
    s = reduce(s, { type: 'photos/restored', finished: [photo('old', 0, 'done')], resume: [{ id: 'r', order: 1, name: 'r.jpg', size: 1, lastModified: 1 }], shift: 2 });
    expect(photoList(s.photos).map((p) => `${p.id}@${p.order}`)).toEqual(['old@0', 'a@2', 'b@3', 'c@4']);
    // The unfinished file dropped again takes its place and leaves the resume list.
    s = reduce(s, { type: 'photos/added', items: [{ ...photo('r', 1), file: null }], at: 9 });
    expect(photoList(s.photos).map((p) => p.id)).toEqual(['old', 'r', 'a', 'b', 'c']);
    expect(s.resume).toEqual([]);
    expect(s.batch?.startedAt, 'the last batch was over: a new one').toBe(9);
    s = reduce(s, { type: 'photos/cleared' });
    expect(photoList(s.photos)).toEqual([]);
    expect(s.batch).toBeNull();
  });

  it('gives the same list for the same table', () => {
    const table = photoTable([photo('b', 1), photo('a', 0)]);
    expect(photoList(table).map((p) => p.id)).toEqual(['a', 'b']);
    expect(photoList(table)).toBe(photoList(table));
  });
});

describe('undo history', () => {
  const start: AppState = { ...initialState, known: [known('1', 'kit', 1), known('2', 'kit', 2), known('3', 'rose', 3)] };

  it('takes back several changes in turn, newest first, and stops at the first', () => {
    let s = reduce(start, { type: 'known/edited', edit: { put: [], remove: ['3'] }, label: 'remove rose', entryId: 1, noticeId: 10 });
    s = reduce(s, { type: 'known/edited', edit: { put: s.known.map((k) => ({ ...k, name: 'jon' })), remove: [] }, label: 'rename kit to jon', entryId: 2, noticeId: 11 });
    s = reduce(s, { type: 'groups/edited', edits: { ...NO_GROUP_EDITS, ignored: ['p:0'] }, label: 'ignore a group', entryId: 3, noticeId: 12 });
    expect(names(s)).toEqual(['1:jon', '2:jon']);
    expect(s.history.map((e) => e.label)).toEqual(['remove rose', 'rename kit to jon', 'ignore a group']);
    expect(reduce(s, { type: 'history/undone', entryId: 1 }), 'only the newest can be taken back').toBe(s);
    s = reduce(s, { type: 'history/undone', entryId: 3 });
    expect(s.groupEdits).toEqual(NO_GROUP_EDITS);
    s = reduce(s, { type: 'history/undone', entryId: latestEntry(s)!.id });
    expect(names(s)).toEqual(['1:kit', '2:kit']);
    s = reduce(s, { type: 'history/undone', entryId: latestEntry(s)!.id });
    expect(names(s)).toEqual(names(start));
    expect(latestEntry(s)).toBeNull();
  });

  it("keeps the Undo button on the newest change's notice only", () => {
    const notices = [10, 11].map((id) => ({ id, tone: 'info' as const, text: `n${id}`, undoable: true }));
    let s: AppState = { ...start, notices: [notices[0]!] };
    s = reduce(s, { type: 'known/edited', edit: { put: [], remove: ['1'] }, label: 'a', entryId: 1, noticeId: 10 });
    s = { ...s, notices: [...s.notices, notices[1]!] };
    s = reduce(s, { type: 'known/edited', edit: { put: [], remove: ['2'] }, label: 'b', entryId: 2, noticeId: 11 });
    expect(s.notices.map((n) => `${n.id}:${n.undoable === true}`)).toEqual(['10:false', '11:true']);
  });

  it('holds at most HISTORY_LIMIT changes; a reload from another tab empties it', () => {
    let s = start;
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      s = reduce(s, { type: 'known/edited', edit: { put: [known(`n${i}`, 'sam', 10 + i)], remove: [] }, label: `add ${i}`, entryId: 100 + i, noticeId: null });
    }
    expect(s.history).toHaveLength(HISTORY_LIMIT);
    expect(s.history[0]?.label).toBe('add 5');
    expect(reduce(s, { type: 'known/reloaded', known: start.known }).history).toEqual([]);
  });

  it('an empty edit is no change and no history', () => {
    expect(reduce(start, { type: 'known/edited', edit: { put: [], remove: [] }, label: 'x', entryId: 1, noticeId: null })).toBe(start);
  });
});
