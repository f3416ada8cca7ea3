import { describe, expect, it } from 'vitest';
import type { Orientation } from '../../src/domain/orientation';
import {
  denormaliseBox,
  displayedToStoredBox,
  displayedToStoredPoint,
  normaliseBox,
  storedSize,
  storedToDisplayedBox,
  storedToDisplayedPoint,
  toOrientation,
} from '../../src/domain/orientation';

const ALL: Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * An independent model of EXIF orientation on a real pixel grid: the displayed image is built from a
 * stored W×H grid by the operations the EXIF spec names (mirror, then rotate clockwise), and the test
 * checks where a stored pixel ends up.
 */
function displayPixel(o: Orientation, W: number, H: number, x: number, y: number): [number, number] {
  const mirror = (px: number, py: number, w: number): [number, number] => [w - 1 - px, py];
  const cw = (px: number, py: number, h: number): [number, number] => [h - 1 - py, px]; // 90° clockwise, h = height before
  switch (o) {
    case 1:
      return [x, y];
    case 2:
      return mirror(x, y, W);
    case 3:
      return [W - 1 - x, H - 1 - y];
    case 4:
      return [x, H - 1 - y];
    case 5: {
      // mirror horizontally, then rotate 270° clockwise (= transpose)
      const [mx, my] = mirror(x, y, W);
      const [a, b] = cw(mx, my, H);
      const [c, d] = cw(a, b, W);
      return cw(c, d, H);
    }
    case 6:
      return cw(x, y, H);
    case 7: {
      // mirror horizontally, then rotate 90° clockwise
      const [mx, my] = mirror(x, y, W);
      return cw(mx, my, H);
    }
    case 8: {
      const [a, b] = cw(x, y, H);
      const [c, d] = cw(a, b, W);
      return cw(c, d, H);
    }
  }
}

describe('EXIF orientation', () => {
  it('reads only whole numbers 1-8', () => {
    expect(toOrientation(6)).toBe(6);
    for (const bad of [0, 9, 6.5, '6', null, undefined, NaN]) expect(toOrientation(bad)).toBe(1);
  });

  it('swaps width and height for 5-8 only', () => {
    for (const o of ALL) {
      const s = storedSize({ width: 400, height: 300 }, o);
      expect(s).toEqual(o >= 5 ? { width: 300, height: 400 } : { width: 400, height: 300 });
    }
  });

  it.each(ALL)('orientation %i puts every stored pixel where the EXIF operations put it', (o) => {
    const W = 5;
    const H = 3;
    const D = storedSize({ width: W, height: H }, o); // same formula both ways
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const [px, py] = displayPixel(o, W, H, x, y);
        // pixel centres, normalised
        const [p, q] = storedToDisplayedPoint([(x + 0.5) / W, (y + 0.5) / H], o);
        expect(p * D.width - 0.5).toBeCloseTo(px, 9);
        expect(q * D.height - 0.5).toBeCloseTo(py, 9);
      }
    }
  });

  it.each(ALL)('orientation %i: displayed → stored is the inverse', (o) => {
    for (const point of [
      [0.1, 0.7],
      [0.9, 0.2],
      [0, 1],
    ] as const) {
      const back = displayedToStoredPoint(storedToDisplayedPoint(point, o), o);
      expect(back[0]).toBeCloseTo(point[0], 12);
      expect(back[1]).toBeCloseTo(point[1], 12);
    }
    const box = { x: 0.1, y: 0.2, width: 0.3, height: 0.25 };
    const round = storedToDisplayedBox(displayedToStoredBox(box, o), o);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(round[k]).toBeCloseTo(box[k], 12);
  });

  it('turns a box of a photo displayed 90° clockwise (6) back into the stored frame', () => {
    // Displayed 300×400 (stored 400×300). A face at the displayed top-right is at the stored top-left.
    const displayed = { width: 300, height: 400 };
    const stored = displayedToStoredBox(normaliseBox({ x: 240, y: 20, width: 50, height: 60 }, displayed), 6);
    const px = denormaliseBox(stored, storedSize(displayed, 6));
    expect(px.x).toBeCloseTo(20);
    expect(px.y).toBeCloseTo(10);
    expect(px.width).toBeCloseTo(60);
    expect(px.height).toBeCloseTo(50);
  });
});
