import { describe, expect, it } from 'vitest';
import { parseResultsFilter, parseResultsSort, resultsToJson, viewPhotos } from '../../src/domain/results-view';
import type { ViewablePhoto } from '../../src/domain/results-view';

const photos: ViewablePhoto[] = [
  { name: 'b.jpg', order: 0, status: 'done', labels: ['rose', 'unknown_person'] },
  { name: 'a10.jpg', order: 1, status: 'no-face', labels: [] },
  { name: 'a2.jpg', order: 2, status: 'done', labels: ['kit', 'rose'] },
  { name: 'c.jpg', order: 3, status: 'unreadable', labels: [] },
  { name: 'd.jpg', order: 4, status: 'done', labels: ['unknown_person'] },
];
const files = (list: ViewablePhoto[]) => list.map((p) => p.name);

describe('results view', () => {
  it('filters by person, unknown, no face and unreadable', () => {
    expect(files(viewPhotos(photos, 'person:rose', 'added'))).toEqual(['b.jpg', 'a2.jpg']);
    expect(files(viewPhotos(photos, 'unknown', 'added'))).toEqual(['b.jpg', 'd.jpg']);
    expect(files(viewPhotos(photos, 'no-face', 'added'))).toEqual(['a10.jpg']);
    expect(files(viewPhotos(photos, 'unreadable', 'added'))).toEqual(['c.jpg']);
    expect(files(viewPhotos(photos, 'all', 'added'))).toHaveLength(5);
  });

  it('sorts by file (numbers in order) and by name (nameless last)', () => {
    expect(files(viewPhotos(photos, 'all', 'file'))).toEqual(['a2.jpg', 'a10.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    expect(files(viewPhotos(photos, 'all', 'name'))).toEqual(['a2.jpg', 'b.jpg', 'a10.jpg', 'c.jpg', 'd.jpg']);
  });

  it('reads control values safely', () => {
    expect(parseResultsFilter('person:kit')).toBe('person:kit');
    expect(parseResultsFilter('bogus')).toBe('all');
    expect(parseResultsSort('name')).toBe('name');
    expect(parseResultsSort('bogus')).toBe('added');
  });

  it('exports JSON per photo: file, status, size, faces with box, name, distance, landmarks', () => {
    const json = JSON.parse(
      resultsToJson([
        {
          file: 'kit.jpg',
          status: 'done',
          width: 640,
          height: 480,
          faces: [{ box: { x: 1, y: 2, width: 3, height: 4 }, landmarks: [[5, 6]] }],
          labels: [{ name: 'kit', distance: 0.25 }],
        },
        { file: 'empty.jpg', status: 'no-face', width: 10, height: 10, faces: [], labels: [] },
      ]),
    ) as unknown;
    expect(json).toEqual({
      format: 'facewise-results',
      version: 1,
      photos: [
        {
          file: 'kit.jpg',
          status: 'done',
          width: 640,
          height: 480,
          faces: [{ box: { x: 1, y: 2, width: 3, height: 4 }, name: 'kit', distance: 0.25, group: null, landmarks: [[5, 6]] }],
        },
        { file: 'empty.jpg', status: 'no-face', width: 10, height: 10, faces: [] },
      ],
    });
  });
});
