import { describe, expect, it } from 'vitest';
import { iou, SMALL_FACE_SHARE, tinyIsEnough, unionOfFaces } from '../../src/ml/worker/detection-policy';

const box = (x: number, y: number, width: number, height = width) => ({ box: { x, y, width, height } });

describe('tiny-first detection policy', () => {
  it('trusts tiny alone only when it found faces and none of them is small', () => {
    expect(tinyIsEnough([], 250, 250)).toBe(false);
    expect(tinyIsEnough([box(60, 60, 110)], 250, 250)).toBe(true);
    const side = 1600;
    const small = SMALL_FACE_SHARE * side - 1;
    expect(tinyIsEnough([box(100, 100, 400), box(900, 100, small)], side, 900)).toBe(false);
    expect(tinyIsEnough([box(100, 100, 400), box(900, 100, small + 2)], side, 900)).toBe(true);
  });

  it('measures overlap as intersection over union', () => {
    expect(iou(box(0, 0, 10).box, box(0, 0, 10).box)).toBe(1);
    expect(iou(box(0, 0, 10).box, box(20, 20, 10).box)).toBe(0);
    expect(iou(box(0, 0, 10).box, box(5, 0, 10).box)).toBeCloseTo(50 / 150);
  });

  it('keeps every SSD face and adds only the tiny faces SSD did not find', () => {
    const ssd = [box(0, 0, 100), box(300, 0, 50)];
    const tiny = [box(5, 5, 100), box(600, 0, 40)];
    const merged = unionOfFaces(ssd, tiny);
    expect(merged).toHaveLength(3);
    expect(merged.slice(0, 2)).toEqual(ssd);
    expect(merged[2]).toEqual(tiny[1]);
  });
});
