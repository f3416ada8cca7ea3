/**
 * EXIF orientation maths. A photo's pixels are stored in one frame; a viewer shows them turned and/or
 * mirrored by its EXIF Orientation (1-8). Facewise finds faces in the displayed frame (the decoder
 * applies the orientation); metadata standards (MWG regions) want regions in the stored frame.
 * Pure: no DOM.
 *
 * In normalised coordinates (0..1 of each frame's own width and height), a stored point (u, v) is
 * displayed at (p, q):
 *   1: ( u,   v)      2: (1-u, v)       3: (1-u, 1-v)     4: (u, 1-v)
 *   5: ( v,   u)      6: (1-v, u)       7: (1-v, 1-u)     8: (v, 1-u)
 * (6 = turned 90° clockwise to display, 8 = 90° counter-clockwise, 5 and 7 the mirrored diagonals.)
 */
import type { Box } from './types';

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** A valid EXIF orientation from any value (missing, out of range or not a whole number: 1). */
export function toOrientation(value: unknown): Orientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8 ? (value as Orientation) : 1;
}

/** Orientations 5-8 swap width and height between the stored and the displayed frame. */
export function swapsSides(orientation: Orientation): boolean {
  return orientation >= 5;
}

export interface Size {
  width: number;
  height: number;
}

/** The stored pixel size of a photo displayed at `displayed` (the other way round is the same formula). */
export function storedSize(displayed: Size, orientation: Orientation): Size {
  return swapsSides(orientation) ? { width: displayed.height, height: displayed.width } : { ...displayed };
}

type Point = readonly [number, number];

/** Stored (u, v) → displayed (p, q), normalised. */
export function storedToDisplayedPoint([u, v]: Point, orientation: Orientation): [number, number] {
  switch (orientation) {
    case 1:
      return [u, v];
    case 2:
      return [1 - u, v];
    case 3:
      return [1 - u, 1 - v];
    case 4:
      return [u, 1 - v];
    case 5:
      return [v, u];
    case 6:
      return [1 - v, u];
    case 7:
      return [1 - v, 1 - u];
    case 8:
      return [v, 1 - u];
  }
}

/** Displayed (p, q) → stored (u, v), normalised: the inverse of storedToDisplayedPoint. */
export function displayedToStoredPoint([p, q]: Point, orientation: Orientation): [number, number] {
  switch (orientation) {
    case 1:
      return [p, q];
    case 2:
      return [1 - p, q];
    case 3:
      return [1 - p, 1 - q];
    case 4:
      return [p, 1 - q];
    case 5:
      return [q, p];
    case 6:
      return [q, 1 - p];
    case 7:
      return [1 - q, 1 - p];
    case 8:
      return [1 - q, p];
  }
}

function mapBox(box: Box, map: (point: Point) => [number, number]): Box {
  const [x1, y1] = map([box.x, box.y]);
  const [x2, y2] = map([box.x + box.width, box.y + box.height]);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

/** A box normalised to the displayed frame → the same box normalised to the stored frame. */
export function displayedToStoredBox(box: Box, orientation: Orientation): Box {
  return mapBox(box, (point) => displayedToStoredPoint(point, orientation));
}

/** A box normalised to the stored frame → the same box normalised to the displayed frame. */
export function storedToDisplayedBox(box: Box, orientation: Orientation): Box {
  return mapBox(box, (point) => storedToDisplayedPoint(point, orientation));
}

/** Pixels → 0..1 of a frame of this size. */
export function normaliseBox(box: Box, size: Size): Box {
  return { x: box.x / size.width, y: box.y / size.height, width: box.width / size.width, height: box.height / size.height };
}

/** 0..1 of a frame of this size → pixels. */
export function denormaliseBox(box: Box, size: Size): Box {
  return { x: box.x * size.width, y: box.y * size.height, width: box.width * size.width, height: box.height * size.height };
}
