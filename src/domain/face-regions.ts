/**
 * Face regions that travel with photos: what Facewise writes into sidecars (see ./xmp-sidecar.ts) and
 * what it reads back from photos and sidecars other tools wrote. Pure: no DOM, no XML parsing — the
 * metadata reader (exifr, src/metadata/) parses the XMP; this module interprets its output.
 *
 * Regions are kept normalised (0..1) in the photo's stored frame, as MWG requires; faces are found in
 * the displayed frame, so both directions go through ./orientation.ts.
 */
import type { Orientation, Size } from './orientation';
import { denormaliseBox, displayedToStoredBox, normaliseBox, storedSize, storedToDisplayedBox, toOrientation } from './orientation';
import type { Box } from './types';
import { UNKNOWN_PERSON } from './types';
import type { SidecarInput } from './xmp-sidecar';

/** A named face region a photo (or its sidecar) already carries: normalised, stored frame, top-left + size. */
export interface EmbeddedRegion {
  name: string;
  area: Box;
}

/** What the photo's own metadata says, read once at analysis time (kept with the analysis and the result). */
export interface PhotoMetadata {
  /** EXIF orientation (1-8) the decoder applied. */
  orientation: number;
  /** Named face regions embedded in the photo (MWG, else Microsoft's). */
  regions: EmbeddedRegion[];
}

/** A sidecar file dropped with the photos, read. */
export interface SidecarRegions {
  /** The sidecar's file name (`IMG_1.jpg.xmp` or `IMG_1.xmp`). */
  fileName: string;
  regions: EmbeddedRegion[];
}

/** Overlap (intersection over union) a region needs with a detected face to name it. */
export const MIN_REGION_IOU = 0.3;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function asNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references left in text by the reader (exifr keeps them), decoded. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** A language alternative (`{ value, lang }`), a plain string or a number, as a trimmed name; '' when none. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return decodeXmlEntities(value).trim();
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return textOf(value['value']);
  if (Array.isArray(value)) return textOf(value[0]);
  return '';
}

function validArea(x: number, y: number, w: number, h: number): Box | null {
  if (!(w > 0 && h > 0 && w <= 1.0001 && h <= 1.0001)) return null;
  if (x < -0.0001 || y < -0.0001 || x + w > 1.0001 || y + h > 1.0001) return null;
  return { x, y, width: w, height: h };
}

/** MWG regions (`mwg-rs:Regions`): Area x/y is the centre; named Face regions with a normalised Area only. */
function mwgRegions(regions: unknown): EmbeddedRegion[] {
  if (!isObject(regions)) return [];
  const found: EmbeddedRegion[] = [];
  for (const item of asList(regions['RegionList'])) {
    if (!isObject(item)) continue;
    const type = textOf(item['Type']);
    if (type !== '' && type !== 'Face') continue;
    const name = textOf(item['Name']);
    const area = item['Area'];
    if (name === '' || !isObject(area)) continue;
    const unit = textOf(area['unit']);
    if (unit !== '' && unit !== 'normalized') continue;
    const [cx, cy, w, h] = ['x', 'y', 'w', 'h'].map((k) => asNumber(area[k]));
    if (cx == null || cy == null || w == null || h == null) continue;
    const box = validArea(cx - w / 2, cy - h / 2, w, h);
    if (box) found.push({ name, area: box });
  }
  return found;
}

/** Microsoft's regions (`MP:RegionInfo/MPRI:Regions`): Rectangle "x, y, w, h" from the top-left. */
function microsoftRegions(info: unknown): EmbeddedRegion[] {
  if (!isObject(info)) return [];
  const found: EmbeddedRegion[] = [];
  for (const item of asList(info['Regions'])) {
    if (!isObject(item)) continue;
    const name = textOf(item['PersonDisplayName']);
    const numbers = textOf(item['Rectangle']).split(',').map((part) => asNumber(part));
    if (name === '' || numbers.length !== 4 || numbers.some((n) => n === null)) continue;
    const [x, y, w, h] = numbers as [number, number, number, number];
    const box = validArea(x, y, w, h);
    if (box) found.push({ name, area: box });
  }
  return found;
}

/**
 * The named face regions in a metadata reader's XMP output (exifr with `mergeOutput: false`: one object
 * per namespace prefix). MWG regions win; Microsoft's are used when a photo has no MWG ones.
 */
export function regionsFromXmp(xmp: unknown): EmbeddedRegion[] {
  if (!isObject(xmp)) return [];
  const mwg = mwgRegions(isObject(xmp['mwg-rs']) ? xmp['mwg-rs']['Regions'] : undefined);
  if (mwg.length > 0) return mwg;
  return microsoftRegions(isObject(xmp['MP']) ? xmp['MP']['RegionInfo'] : undefined);
}

function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The sidecar that belongs to a photo: `IMG_1.jpg.xmp` (digiKam, darktable, ExifTool) first, else
 * `IMG_1.xmp` (Lightroom, Capture One). Names are compared case-insensitively.
 */
export function sidecarFor(photoName: string, sidecars: readonly SidecarRegions[]): SidecarRegions | undefined {
  const full = `${photoName}.xmp`.toLowerCase();
  const bare = `${withoutExtension(photoName)}.xmp`.toLowerCase();
  return sidecars.find((s) => s.fileName.toLowerCase() === full) ?? sidecars.find((s) => s.fileName.toLowerCase() === bare);
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

export interface RegionMatch {
  faceIndex: number;
  name: string;
  iou: number;
}

/**
 * Names detected faces from regions: each region (stored frame) is turned into the displayed frame,
 * and regions and faces are paired best overlap first, each at most once, with at least `minIou`.
 */
export function matchRegionsToFaces(
  faceBoxes: readonly Box[],
  displayed: Size,
  orientation: number,
  regions: readonly EmbeddedRegion[],
  minIou = MIN_REGION_IOU,
): RegionMatch[] {
  const o = toOrientation(orientation);
  const regionBoxes = regions.map((r) => denormaliseBox(storedToDisplayedBox(r.area, o), displayed));
  const pairs: Array<{ face: number; region: number; iou: number }> = [];
  faceBoxes.forEach((face, f) =>
    regionBoxes.forEach((box, r) => {
      const overlap = iou(face, box);
      if (overlap >= minIou) pairs.push({ face: f, region: r, iou: overlap });
    }),
  );
  pairs.sort((a, b) => b.iou - a.iou);
  const usedFaces = new Set<number>();
  const usedRegions = new Set<number>();
  const matches: RegionMatch[] = [];
  for (const pair of pairs) {
    if (usedFaces.has(pair.face) || usedRegions.has(pair.region)) continue;
    usedFaces.add(pair.face);
    usedRegions.add(pair.region);
    matches.push({ faceIndex: pair.face, name: (regions[pair.region] as EmbeddedRegion).name, iou: pair.iou });
  }
  return matches.sort((a, b) => a.faceIndex - b.faceIndex);
}

export interface ExportablePhoto {
  /** Displayed (oriented) size, as the faces' boxes. */
  width: number;
  height: number;
  orientation: number;
  /** Each face's box (displayed pixels) and its label (a name or UNKNOWN_PERSON). */
  faces: ReadonlyArray<{ box: Box; name: string }>;
}

/**
 * What a photo's sidecar holds: its faces in the stored frame, normalised; unknown faces (unnamed) only
 * when `includeUnknown`. Null when no face is left to write.
 */
export function sidecarInputFor(photo: ExportablePhoto, includeUnknown: boolean): SidecarInput | null {
  if (!(photo.width > 0 && photo.height > 0)) return null;
  const o: Orientation = toOrientation(photo.orientation);
  const displayed = { width: photo.width, height: photo.height };
  const faces = photo.faces
    .filter((face) => includeUnknown || face.name !== UNKNOWN_PERSON)
    .map((face) => ({
      name: face.name === UNKNOWN_PERSON ? null : face.name,
      area: displayedToStoredBox(normaliseBox(face.box, displayed), o),
    }));
  if (faces.length === 0) return null;
  const stored = storedSize(displayed, o);
  return { storedWidth: stored.width, storedHeight: stored.height, faces };
}

/** Zip entry names for sidecars: a photo name seen before goes into a numbered folder, so none is overwritten. */
export function uniqueEntryNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? name : `${count}/${name}`;
  });
}

/** A photo to recognise as the offer sees it (a PhotoItem fits). */
export interface OfferPhoto {
  id: string;
  name: string;
  status: string;
  sha256: string | null;
  width: number;
  height: number;
  faces: ReadonlyArray<{ box: Box }>;
  metadata?: PhotoMetadata;
}

/** A detected face that a photo's metadata (or its sidecar) names. */
export interface NamedFace {
  /** namedFaceKey(photoId, faceIndex). */
  key: string;
  photoId: string;
  faceIndex: number;
  name: string;
}

export function namedFaceKey(photoId: string, faceIndex: number): string {
  return `${photoId}#${faceIndex}`;
}

/**
 * The detected faces that the photos' embedded regions — or, for a photo without any, its sidecar's —
 * name, to offer as known people. Left out: names that are empty or the unknown label, faces declined
 * before (`dismissed`), and faces whose photo already gave that person a known face (added before).
 */
export function namedFacesToOffer(
  photos: readonly OfferPhoto[],
  sidecars: readonly SidecarRegions[],
  known: ReadonlyArray<{ name: string; sha256: string; sourceFile: string }>,
  dismissed: readonly string[],
): NamedFace[] {
  const declined = new Set(dismissed);
  const learned = new Set(known.map((k) => `${k.sha256}\u0000${k.sourceFile}\u0000${k.name}`));
  const offer: NamedFace[] = [];
  for (const photo of photos) {
    if (photo.status !== 'done' || photo.faces.length === 0) continue;
    const embedded = photo.metadata?.regions ?? [];
    const regions = embedded.length > 0 ? embedded : (sidecarFor(photo.name, sidecars)?.regions ?? []);
    if (regions.length === 0) continue;
    const matches = matchRegionsToFaces(
      photo.faces.map((f) => f.box),
      { width: photo.width, height: photo.height },
      photo.metadata?.orientation ?? 1,
      regions,
    );
    for (const match of matches) {
      const name = match.name.trim();
      const key = namedFaceKey(photo.id, match.faceIndex);
      if (name === '' || name === UNKNOWN_PERSON || declined.has(key)) continue;
      if (learned.has(`${photo.sha256 ?? ''}\u0000${photo.name}\u0000${name}`)) continue;
      offer.push({ key, photoId: photo.id, faceIndex: match.faceIndex, name });
    }
  }
  return offer;
}
