/**
 * How a person's name is read from a photo's file name or folder. Pure: no DOM.
 *
 * Rule (file name):
 * 1. Drop any directory part (`a/b/c.jpg` -> `c.jpg`; both `/` and `\` separate folders).
 * 2. Drop the extension: everything from the last `.`, unless that dot is the first character
 *    (`taus.jpg` -> `taus`, `kit_harington.jpeg` -> `kit_harington`, `.hidden` -> `.hidden`).
 * 3. Trim whitespace.
 * 4. Drop ONE trailing copy number so that several photos of one person join one name:
 *    a run of digits preceded by a single `_`, `-` or space, or wrapped in parentheses as ` (N)`
 *    (`alice_2.jpg`, `alice-3.png`, `alice 4.jpg`, `alice (2).jpg` -> `alice`).
 *    Digits glued to a letter stay (`alice2.jpg` -> `alice2`, `r2-d2.png` -> `r2-d2`).
 *    Whitespace left at the end is trimmed again.
 * 5. If that would leave nothing, the stem from step 3 is kept (`2.jpg` -> `2`, `_1.jpg` -> `_1`).
 *
 * Names are NFC-normalised and trimmed (`normaliseName`); `unknown_person` and `no_persons_found` are
 * the app's own labels and never a person (`nameProblem`).
 *
 * Rule (path of a folder drop, e.g. `webkitRelativePath`): when the path has a folder
 * (`alice/img1.jpg`, `people/alice/img1.jpg`) the person is the innermost folder (`alice`);
 * otherwise the file-name rule applies.
 */
import { NO_PERSONS_FOUND, UNKNOWN_PERSON } from './types';

/** Labels the app writes itself: a person may not be called so (from a file, a folder, a rename or an import). */
export const RESERVED_NAMES: readonly string[] = [UNKNOWN_PERSON, NO_PERSONS_FOUND];
/** The longest person's name accepted (a file name's limit on most systems). */
export const MAX_NAME_LENGTH = 255;

/**
 * A name as stored: Unicode NFC (macOS hands folder names over in NFD: `Zoë` would otherwise be two
 * people that look the same) and trimmed.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim();
}

/** Whether `name` (normalised, any case) is one of the app's own labels. */
export function isReservedName(name: string): boolean {
  const n = normaliseName(name).toLowerCase();
  return RESERVED_NAMES.includes(n);
}

/** Null for an acceptable person's name; otherwise why not, in a sentence's end ("… is …"). */
export function nameProblem(name: string): string | null {
  const n = normaliseName(name);
  if (n === '') return 'is empty';
  if (isReservedName(n)) return `is "${n.toLowerCase()}", a label Facewise writes itself (${RESERVED_NAMES.join(', ')}), not a person's name`;
  if ([...n].length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  return null;
}

const COPY_NUMBER_SUFFIX = /(?:[_\- ]\d+|\s*\(\d+\))$/;

function pathSegments(path: string): string[] {
  return path.split(/[\\/]/).filter((segment) => segment.length > 0);
}

function baseName(path: string): string {
  const segments = pathSegments(path);
  return segments[segments.length - 1] ?? '';
}

function stripExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** The person a photo's file name names; see the module comment for the rule. */
export function personNameFromFileName(fileName: string): string {
  const stem = normaliseName(stripExtension(baseName(fileName)));
  const withoutCopyNumber = stem.replace(COPY_NUMBER_SUFFIX, '').trim();
  return withoutCopyNumber.length > 0 ? withoutCopyNumber : stem;
}

/**
 * The person for a file inside a dropped folder: the innermost folder's name when the path has one,
 * else the file-name rule.
 */
export function personNameFromPath(relativePath: string): string {
  const segments = pathSegments(relativePath);
  const folder = segments.length > 1 ? normaliseName(segments[segments.length - 2] ?? '') : undefined;
  return folder !== undefined && folder.length > 0 ? folder : personNameFromFileName(relativePath);
}

const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'avif', 'heic', 'heif', 'tif', 'tiff',
]);

/**
 * Whether a dropped file is worth decoding as a photo: an `image/*` MIME type or a common image
 * extension. macOS metadata files are skipped: `.DS_Store` (no image type) and AppleDouble
 * `._name.jpg` files (which browsers type as images by extension but hold no image).
 */
export function isLikelyImageFile(name: string, mimeType: string): boolean {
  const base = baseName(name);
  if (base.startsWith('._')) return false;
  if (mimeType.toLowerCase().startsWith('image/')) return true;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return false;
  return IMAGE_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}
