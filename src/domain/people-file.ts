/**
 * The known-people file: every known face, grouped by person, as one versioned JSON document, and the
 * checks an imported one must pass. Pure: no DOM (thumbnails are data: URLs in the file and raw bytes
 * here; the state layer turns them into Blobs). Validation uses valibot: every problem comes back as
 * "where: what", in plain words, and a file with any problem imports nothing.
 */
import * as v from 'valibot';
import { comparableModel, ENCODING_LENGTH, FACE_API_ENCODING_LENGTH, MODEL_ID } from './model-id';
import { nameProblem, normaliseName } from './names';
import type { ModelId } from './model-id';

export const PEOPLE_FILE_FORMAT = 'facewise-known-people';
export const PEOPLE_FILE_VERSION = 1;
export const PEOPLE_FILE_NAME = 'facewise-known-people.json';
/** At most this many problems are listed; the rest are counted. */
const SHOWN_PROBLEMS = 5;

/** Limits an imported file must keep, checked before (size) and while (counts) it is read. */
export const PEOPLE_FILE_LIMITS = {
  /** Bytes: an export of 10,000 faces with thumbnails is about 60 MB. */
  maxBytes: 64 * 1024 * 1024,
  maxPeople: 10_000,
  maxFacesPerPerson: 1_000,
  maxFaces: 20_000,
  /** Characters of a thumbnail's data: URL (thumbnails the app makes are a few KB). */
  maxThumbnailChars: 512 * 1024,
  maxTextChars: 1_000,
  /**
   * L2 norm of an encoding: the network's are about 1.5 (1.38–1.51 on the golden photos, the chip and its
   * mirror averaged); anything
   * far off is not an encoding, whatever its numbers.
   */
  minNorm: 0.1,
  maxNorm: 10,
} as const;

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Null when a file of `bytes` may be read; otherwise why not (checked before a byte is parsed). */
export function peopleFileSizeProblem(bytes: number): string | null {
  return bytes > PEOPLE_FILE_LIMITS.maxBytes
    ? `the file: is ${mib(bytes)}, more than the ${mib(PEOPLE_FILE_LIMITS.maxBytes)} a known-people file may be`
    : null;
}

/** A number that is finite once stored as float32 (1e39 is finite as a double, Infinity as a float32). */
const isFloat32Finite = (x: number) => Number.isFinite(Math.fround(x));
const norm = (list: readonly number[]) => Math.sqrt(list.reduce((sum, x) => sum + x * x, 0));

/** One known face, as the app has it (thumbnail as a data: URL, or null when there is none). */
export interface ExportableFace {
  name: string;
  encoding: ArrayLike<number>;
  thumbnail: string | null;
  sourceFile: string;
  sha256: string;
  addedAt: number;
  /** The pipeline that made the encoding (PIPELINE_ID), where known. */
  pipeline?: string | undefined;
}

export interface PeopleFileFace {
  encoding: number[];
  thumbnail: string | null;
  sourceFile: string;
  sha256: string;
  addedAt: number;
  /** Optional in version 1 files: files exported before it was written don't say. */
  pipeline?: string;
}

export interface PeopleFile {
  format: typeof PEOPLE_FILE_FORMAT;
  version: typeof PEOPLE_FILE_VERSION;
  model: ModelId;
  exportedAt: string;
  people: Array<{ name: string; faces: PeopleFileFace[] }>;
}

/** A face read from a valid file, ready to be stored (thumbnail bytes decoded). */
export interface ImportedFace {
  name: string;
  encoding: Float32Array;
  thumbnail: { type: string; bytes: Uint8Array } | null;
  sourceFile: string;
  sha256: string;
  addedAt: number;
  pipeline?: string;
}

export type ImportResult = { ok: true; faces: ImportedFace[] } | { ok: false; problems: string[] };

/** Builds the file: people in the order given (first face of each), faces in their order. */
export function buildPeopleFile(faces: readonly ExportableFace[], now: Date = new Date()): PeopleFile {
  const byName = new Map<string, PeopleFileFace[]>();
  for (const face of faces) {
    const entry: PeopleFileFace = {
      encoding: Array.from(face.encoding),
      thumbnail: face.thumbnail,
      sourceFile: face.sourceFile,
      sha256: face.sha256,
      addedAt: face.addedAt,
      ...(face.pipeline === undefined ? {} : { pipeline: face.pipeline }),
    };
    const list = byName.get(face.name);
    if (list) list.push(entry);
    else byName.set(face.name, [entry]);
  }
  return {
    format: PEOPLE_FILE_FORMAT,
    version: PEOPLE_FILE_VERSION,
    model: { recognition: MODEL_ID.recognition, crop: MODEL_ID.crop },
    exportedAt: now.toISOString(),
    people: [...byName].map(([name, list]) => ({ name, faces: list })),
  };
}

export function peopleFileToJson(file: PeopleFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

const DATA_URL = /^data:(image\/(?:jpeg|png|webp));base64,([A-Za-z0-9+/]*={0,2})$/;

const L = PEOPLE_FILE_LIMITS;
const Text = v.pipe(v.string('should be text'), v.maxLength(L.maxTextChars, `should be at most ${L.maxTextChars} characters`));

const FaceSchema = v.object({
  encoding: v.pipe(
    v.array(
      v.pipe(
        v.number('should be a number'),
        v.finite('should be a finite number'),
        v.check(isFloat32Finite, 'should fit a 32-bit float (it would become Infinity)'),
      ),
      'should be a list of numbers',
    ),
    // Both recognizers' parts, or face-api's alone (a face encoded before the second recognizer; it is flagged).
    v.check(
      (list) => list.length === ENCODING_LENGTH || list.length === FACE_API_ENCODING_LENGTH,
      (issue) => `should hold ${ENCODING_LENGTH} numbers (or ${FACE_API_ENCODING_LENGTH}, face-api's alone; it holds ${(issue.input as unknown[]).length})`,
    ),
    v.check(
      (list) => {
        const n = norm(list);
        return n >= L.minNorm && n <= L.maxNorm;
      },
      (issue) => `is not a face encoding: its length (norm) is ${norm(issue.input as number[]).toPrecision(3)}, a face's is about 1.5`,
    ),
  ),
  thumbnail: v.nullable(
    v.pipe(
      v.string('should be a data: URL or null'),
      v.maxLength(L.maxThumbnailChars, `should be a thumbnail of at most ${L.maxThumbnailChars / 1024} KB`),
      v.regex(DATA_URL, 'should be a base64 data: URL of a JPEG, PNG or WebP image, or null'),
    ),
  ),
  sourceFile: Text,
  sha256: Text,
  addedAt: v.pipe(v.number('should be a time in milliseconds'), v.finite('should be a finite number')),
  pipeline: v.optional(Text),
});

const PersonSchema = v.object({
  name: v.pipe(
    v.string('should be text'),
    v.transform(normaliseName),
    v.nonEmpty('should not be empty'),
    v.check((name) => nameProblem(name) === null, (issue) => `the name ${nameProblem(issue.input as string) ?? ''}`),
  ),
  faces: v.pipe(
    v.array(FaceSchema, 'should be a list of faces'),
    v.nonEmpty('should hold at least one face'),
    v.maxLength(L.maxFacesPerPerson, `should hold at most ${L.maxFacesPerPerson} faces`),
  ),
});

const BodySchema = v.object({
  people: v.pipe(
    v.array(PersonSchema, 'should be a list of people'),
    v.maxLength(L.maxPeople, `should hold at most ${L.maxPeople} people`),
    v.check(
      (people) => people.reduce((n, p) => n + p.faces.length, 0) <= L.maxFaces,
      `should hold at most ${L.maxFaces} faces in all`,
    ),
  ),
});

const HeaderSchema = v.object({
  format: v.unknown(),
  version: v.unknown(),
  model: v.optional(v.unknown()),
});

/** The people and faces limits, before the schema looks at each face. */
function countProblem(people: unknown): string | null {
  if (!Array.isArray(people)) return null;
  if (people.length > L.maxPeople) return `people: should hold at most ${L.maxPeople} people (it holds ${people.length})`;
  let faces = 0;
  for (const [i, person] of people.entries()) {
    const list = (person as { faces?: unknown } | null)?.faces;
    if (!Array.isArray(list)) continue;
    if (list.length > L.maxFacesPerPerson) return `people[${i}].faces: should hold at most ${L.maxFacesPerPerson} faces (it holds ${list.length})`;
    faces += list.length;
  }
  return faces > L.maxFaces ? `people: should hold at most ${L.maxFaces} faces in all (it holds ${faces})` : null;
}

/** `people.0.faces.1.encoding` -> `people[0].faces[1].encoding`. */
function formatPath(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  let out = '';
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'the file' : out;
}

function describeModel(model: unknown): string {
  if (typeof model === 'object' && model !== null) {
    const { recognition, crop } = model as { recognition?: unknown; crop?: unknown };
    if (typeof recognition === 'string' && typeof crop === 'string') return `${recognition}, ${crop}`;
  }
  return 'not stated';
}

function listProblems(problems: string[]): string[] {
  if (problems.length <= SHOWN_PROBLEMS) return problems;
  return [...problems.slice(0, SHOWN_PROBLEMS), `…and ${problems.length - SHOWN_PROBLEMS} more problems`];
}

/** Decodes base64 (no DOM: works in workers and Node too). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/**
 * Reads a known-people file. Anything wrong (not JSON, another format or version, encodings from
 * another model, a malformed face) gives `ok: false` with every problem as "where: what".
 */
export function parsePeopleFile(text: string): ImportResult {
  // A string's length is at most its UTF-8 size: a text longer than the limit is surely too big.
  const tooBig = peopleFileSizeProblem(text.length);
  if (tooBig !== null) return { ok: false, problems: [tooBig] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, problems: [`the file: is not JSON text${detail}`] };
  }
  const header = v.safeParse(HeaderSchema, data);
  if (!header.success) return { ok: false, problems: ['the file: should be a JSON object with format, version, model and people'] };
  const { format, version, model } = header.output;
  if (format !== PEOPLE_FILE_FORMAT) {
    return { ok: false, problems: [`format: should be "${PEOPLE_FILE_FORMAT}" (it is ${JSON.stringify(format) ?? 'missing'}): this is not a Facewise known-people file`] };
  }
  if (version !== PEOPLE_FILE_VERSION) {
    return { ok: false, problems: [`version: this Facewise reads version ${PEOPLE_FILE_VERSION} files; this one is version ${JSON.stringify(version) ?? 'missing'}`] };
  }
  const modelCheck = v.safeParse(v.object({ recognition: v.string(), crop: v.string() }), model);
  if (!modelCheck.success || !comparableModel(modelCheck.output)) {
    return {
      ok: false,
      problems: [`model: the encodings were made by another face model (${describeModel(model)}); this Facewise uses ${MODEL_ID.recognition}, ${MODEL_ID.crop}, and can't compare them`],
    };
  }
  // Counts first, cheaply: a file with a million faces is refused before each number is checked.
  const counts = countProblem((data as { people?: unknown }).people);
  if (counts !== null) return { ok: false, problems: [counts] };
  const body = v.safeParse(BodySchema, data);
  if (!body.success) {
    return { ok: false, problems: listProblems(body.issues.map((issue) => `${formatPath(issue)}: ${issue.message}`)) };
  }
  const faces: ImportedFace[] = [];
  for (const person of body.output.people) {
    for (const face of person.faces) {
      const match = face.thumbnail === null ? null : DATA_URL.exec(face.thumbnail);
      faces.push({
        name: person.name,
        encoding: Float32Array.from(face.encoding),
        thumbnail: match ? { type: match[1] as string, bytes: base64ToBytes(match[2] as string) } : null,
        sourceFile: face.sourceFile,
        sha256: face.sha256,
        addedAt: face.addedAt,
        ...(face.pipeline === undefined ? {} : { pipeline: face.pipeline }),
      });
    }
  }
  return { ok: true, faces };
}
