/**
 * Names that travel: the face regions Facewise writes are read back by ExifTool (names, boxes, the stored
 * frame of an EXIF-rotated photo), and face regions ExifTool wrote into photos and sidecars are read back
 * by the page as known people (embedded in JPEG, PNG and WebP, in an EXIF-rotated JPEG, and in a sidecar). ExifTool is Debian's libimage-exiftool-perl (.ci/run installs it). Every
 * photo made here (a rotated copy, tagged copies, sidecars) lives in a temp folder, never in the repo.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import type { PhotoResultJson } from '../../src/domain/results-view';
import { addKnownPeople, addPhotos, card, faceLabels, knownNames, knownPhotoCounts, notices, openApp, waitForCardsSettled } from './fixtures/app';
import { KNOWN_DIR, knownPhotos, requireDir, testPhoto } from './fixtures/data';

/** Boxes written by Facewise are within this of the boxes it shows (fraction of the photo's side). */
const TOLERANCE = 0.02;

let work = '';
test.beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'facewise-regions-'));
});
test.afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function exiftool(args: string[]): string {
  return execFileSync('exiftool', args, { encoding: 'utf8' });
}

/** ExifTool's reading of files, as structures (-struct), numbers as numbers (-n). */
function exiftoolJson(files: string[], tags: string[]): Array<Record<string, unknown>> {
  return JSON.parse(exiftool(['-j', '-struct', '-n', ...tags.map((t) => `-${t}`), ...files])) as Array<Record<string, unknown>>;
}

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

async function resultsJson(page: Page): Promise<Map<string, PhotoResultJson>> {
  const { bytes } = await download(page, 'Download results (JSON)');
  const parsed = JSON.parse(bytes.toString('utf8')) as { photos: PhotoResultJson[] };
  return new Map(parsed.photos.map((p) => [p.file, p]));
}

/**
 * A copy of a photo whose pixels are stored turned 90° counter-clockwise, with EXIF Orientation 6
 * ("turn 90° clockwise to display"): it displays exactly as the original, from another stored frame.
 */
async function rotatedCopy(page: Page, source: string, target: string): Promise<string> {
  const base64 = await page.evaluate(async (jpeg) => {
    const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
    const canvas = new OffscreenCanvas(bitmap.height, bitmap.width);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.translate(0, bitmap.width);
    ctx.rotate(-Math.PI / 2);
    ctx.drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    const out = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of out) text += String.fromCharCode(b);
    return btoa(text);
  }, readFileSync(source).toString('base64'));
  const file = path.join(work, target);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  exiftool(['-q', '-overwrite_original', '-Orientation=6', '-n', file]);
  return file;
}

/** The photo re-encoded by the browser as PNG or WebP (same pixels, same frame), in the temp folder. */
async function reencoded(page: Page, source: string, type: 'image/png' | 'image/webp', target: string): Promise<string> {
  const base64 = await page.evaluate(
    async ({ jpeg, type }) => {
      const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      const out = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.95 })).arrayBuffer());
      let text = '';
      for (const b of out) text += String.fromCharCode(b);
      return btoa(text);
    },
    { jpeg: readFileSync(source).toString('base64'), type },
  );
  const file = path.join(work, target);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/** A displayed-frame box (0..1) in the stored frame of an Orientation 6 photo: u = q, v = 1 − p (EXIF: 0th row is the right side). */
function toStoredFrame6(b: { x: number; y: number; width: number; height: number }) {
  return { x: b.y, y: 1 - (b.x + b.width), width: b.height, height: b.width };
}

interface MwgRegion {
  Area: { X: number; Y: number; W: number; H: number; Unit: string };
  Name?: string;
  Type: string;
}

test('face regions written as XMP sidecars read back by ExifTool, also for an EXIF-rotated photo', async ({ page }) => {
  requireDir(KNOWN_DIR, 'FACES_DIR');
  await openApp(page);
  await addKnownPeople(page, knownPhotos());
  const rotated = await rotatedCopy(page, testPhoto('two_people.jpg'), 'two_people_rotated.jpg');
  const photos = [testPhoto('two_people.jpg'), testPhoto('kit_with_rose.jpg'), testPhoto('lin-manuel-miranda.png'), rotated];
  const names = photos.map((p) => path.basename(p));
  await addPhotos(page, photos);
  await waitForCardsSettled(page, names);
  expect(await faceLabels(card(page, 'two_people_rotated.jpg'))).toEqual(['obama', 'biden']);
  const results = await resultsJson(page);

  const zip = await download(page, 'Download face regions (XMP)');
  expect(zip.name).toBe('facewise-face-regions.zip');
  const entries = unzipSync(new Uint8Array(zip.bytes));
  // Unknown faces are left out unless asked for: the photo of a stranger has no sidecar.
  expect(Object.keys(entries).sort()).toEqual(['kit_with_rose.jpg.xmp', 'two_people.jpg.xmp', 'two_people_rotated.jpg.xmp']);
  for (const [name, bytes] of Object.entries(entries)) writeFileSync(path.join(work, name), bytes);

  const stored = new Map(exiftoolJson(photos, ['ImageWidth', 'ImageHeight', 'Orientation']).map((r) => [path.basename(String(r['SourceFile'])), r]));
  const sidecars = exiftoolJson(
    Object.keys(entries).map((n) => path.join(work, n)),
    ['RegionInfo', 'RegionInfoMP', 'PersonInImage'],
  );
  expect(sidecars).toHaveLength(3);
  for (const sidecar of sidecars) {
    const photoName = path.basename(String(sidecar['SourceFile'])).replace(/\.xmp$/, '');
    const result = results.get(photoName);
    const size = stored.get(photoName);
    if (!result || !size) throw new Error(`no result for ${photoName}`);
    const info = sidecar['RegionInfo'] as { AppliedToDimensions: { W: number; H: number; Unit: string }; RegionList: MwgRegion[] };
    // The stored pixel size, as ExifTool reads it from the photo itself (the rotated copy: 661 × 1126).
    expect(info.AppliedToDimensions, photoName).toEqual({ W: size['ImageWidth'], H: size['ImageHeight'], Unit: 'pixel' });
    const rotatedPhoto = size['Orientation'] === 6;
    expect(rotatedPhoto).toBe(photoName === 'two_people_rotated.jpg');
    const expected = result.faces.map((f) => {
      const shown = { x: f.box.x / result.width, y: f.box.y / result.height, width: f.box.width / result.width, height: f.box.height / result.height };
      return { name: f.name, area: rotatedPhoto ? toStoredFrame6(shown) : shown };
    });
    expect(info.RegionList.map((r) => r.Name)).toEqual(expected.map((e) => e.name));
    const mp = (sidecar['RegionInfoMP'] as { Regions: Array<{ Rectangle: string; PersonDisplayName: string }> }).Regions;
    expect(mp.map((r) => r.PersonDisplayName)).toEqual(expected.map((e) => e.name));
    expect([sidecar['PersonInImage']].flat().sort()).toEqual(expected.map((e) => e.name).sort());
    expected.forEach((e, i) => {
      const area = info.RegionList[i]?.Area;
      expect(area?.Unit).toBe('normalized');
      expect(info.RegionList[i]?.Type).toBe('Face');
      const rect = (mp[i]?.Rectangle ?? '').split(',').map(Number);
      const got = { cx: area?.X, cy: area?.Y, w: area?.W, h: area?.H, mx: rect[0], my: rect[1], mw: rect[2], mh: rect[3] };
      const want = {
        cx: e.area.x + e.area.width / 2,
        cy: e.area.y + e.area.height / 2,
        w: e.area.width,
        h: e.area.height,
        mx: e.area.x,
        my: e.area.y,
        mw: e.area.width,
        mh: e.area.height,
      };
      for (const key of Object.keys(want) as Array<keyof typeof want>) {
        expect(Math.abs((got[key] ?? NaN) - want[key]), `${photoName} face ${i} ${key}: ${got[key]} vs ${want[key]}`).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  }

  await test.step('include unknown faces: the stranger gets a region without a name', async () => {
    await page.getByLabel('Include unknown faces', { exact: true }).check();
    const all = unzipSync(new Uint8Array((await download(page, 'Download face regions (XMP)')).bytes));
    const stranger = all['lin-manuel-miranda.png.xmp'];
    expect(stranger).toBeDefined();
    writeFileSync(path.join(work, 'stranger.xmp'), stranger as Uint8Array);
    const [read] = exiftoolJson([path.join(work, 'stranger.xmp')], ['RegionInfo', 'PersonInImage']);
    const list = (read?.['RegionInfo'] as { RegionList: MwgRegion[] }).RegionList;
    expect(list.length).toBe(results.get('lin-manuel-miranda.png')?.faces.length);
    expect(list.every((r) => r.Name === undefined && r.Type === 'Face')).toBe(true);
    expect(read?.['PersonInImage']).toBeUndefined();
  });

  await test.step('write sidecars to a folder: new ones written, one already there left alone', async () => {
    // Headless Chromium can't show a folder picker: hand the page its origin-private folder instead (a real
    // FileSystemDirectoryHandle), holding one sidecar already.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getFileHandle('kit_with_rose.jpg.xmp', { create: true });
      const writable = await handle.createWritable();
      await writable.write('not ours');
      await writable.close();
      (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = () => navigator.storage.getDirectory();
    });
    await page.getByLabel('Include unknown faces', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Write sidecars to a folder…', exact: true }).click();
    await expect(notices(page).filter({ hasText: /^Wrote 2 sidecars to .*1 sidecar was already there/ })).toHaveCount(1);
    const files = await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const out: Record<string, string> = {};
      for await (const [name, handle] of (root as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'file') out[name] = await (await (handle as FileSystemFileHandle).getFile()).text();
      }
      return out;
    });
    expect(Object.keys(files).sort()).toEqual(['kit_with_rose.jpg.xmp', 'two_people.jpg.xmp', 'two_people_rotated.jpg.xmp']);
    expect(files['kit_with_rose.jpg.xmp']).toBe('not ours');
    expect(files['two_people_rotated.jpg.xmp']).toBe(new TextDecoder().decode(entries['two_people_rotated.jpg.xmp']));
  });
});

test('named face regions photos and sidecars already carry become known people', async ({ page }) => {
  await openApp(page);
  // Nobody is known: every face is unknown_person, and the page shows where it found them.
  const plain = [testPhoto('two_people.jpg'), testPhoto('kit_with_rose.jpg')];
  await addPhotos(page, plain);
  await waitForCardsSettled(page, ['two_people.jpg', 'kit_with_rose.jpg']);
  const results = await resultsJson(page);
  const normalised = (file: string) => {
    const r = results.get(file);
    if (!r) throw new Error(`no result for ${file}`);
    return r.faces.map((f) => ({ x: f.box.x / r.width, y: f.box.y / r.height, width: f.box.width / r.width, height: f.box.height / r.height }));
  };
  const two = normalised('two_people.jpg');
  const kit = normalised('kit_with_rose.jpg');
  expect(two).toHaveLength(2);
  expect(kit).toHaveLength(2);

  const regionInfo = (w: number, h: number, faces: Array<{ name: string; area: { x: number; y: number; width: number; height: number } }>) => ({
    AppliedToDimensions: { W: w, H: h, Unit: 'pixel' },
    RegionList: faces.map((f) => ({
      Area: { X: f.area.x + f.area.width / 2, Y: f.area.y + f.area.height / 2, W: f.area.width, H: f.area.height, Unit: 'normalized' },
      Name: f.name,
      Type: 'Face',
    })),
  });
  const writeRegions = (args: string[], info: object) => {
    const json = path.join(work, `regions-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(json, JSON.stringify([{ SourceFile: '*', RegionInfo: info }]));
    exiftool(['-q', `-json=${json}`, ...args]);
  };

  // 1. MWG regions embedded in a JPEG copy (names left to right: the tutorial's two_people.jpg is obama, biden).
  const tagged = path.join(work, 'tagged_two_people.jpg');
  writeFileSync(tagged, readFileSync(testPhoto('two_people.jpg')));
  writeRegions(['-overwrite_original', tagged], regionInfo(1126, 661, [{ name: 'Barack Obama', area: two[0]! }, { name: 'Joe Biden', area: two[1]! }]));
  // 2. An EXIF-rotated copy, its regions in its stored frame (as MWG wants).
  const rotated = await rotatedCopy(page, testPhoto('two_people.jpg'), 'rotated_two_people.jpg');
  writeRegions(
    ['-overwrite_original', rotated],
    regionInfo(661, 1126, [
      { name: 'Barack Obama', area: toStoredFrame6(two[0]!) },
      { name: 'Joe Biden', area: toStoredFrame6(two[1]!) },
    ]),
  );
  // 3. A sidecar for the photo already on the page (kit_with_rose.jpg: rose_leslie, kit_harington).
  const sidecar = path.join(work, 'kit_with_rose.jpg.xmp');
  writeRegions(['-o', sidecar, testPhoto('kit_with_rose.jpg')], regionInfo(501, 700, [{ name: 'Rose Leslie', area: kit[0]! }, { name: 'Kit Harington', area: kit[1]! }]));
  // 4. The same regions embedded in PNG and WebP copies (ExifTool writes XMP into both).
  const kitRegions = regionInfo(501, 700, [{ name: 'Rose Leslie', area: kit[0]! }, { name: 'Kit Harington', area: kit[1]! }]);
  const png = await reencoded(page, testPhoto('kit_with_rose.jpg'), 'image/png', 'kit_with_rose_copy.png');
  const webp = await reencoded(page, testPhoto('kit_with_rose.jpg'), 'image/webp', 'kit_with_rose_copy.webp');
  writeRegions(['-overwrite_original', png, webp], kitRegions);
  for (const file of [tagged, png, webp]) expect(exiftoolJson([file], ['RegionInfo'])[0]?.['RegionInfo'], file).toBeDefined();

  await addPhotos(page, [tagged, rotated, sidecar, png, webp]);
  await waitForCardsSettled(page, ['tagged_two_people.jpg', 'rotated_two_people.jpg', 'kit_with_rose_copy.png', 'kit_with_rose_copy.webp']);
  const offer = page.getByTestId('named-faces-offer');
  await expect(offer).toHaveAttribute('data-count', '10');
  await expect(offer).toContainText('10 faces are already named in these photos — add them as known people?');
  await offer.getByRole('button', { name: 'Add them as known people' }).click();
  await expect(offer).toHaveCount(0);
  await expect.poll(() => knownPhotoCounts(page)).toEqual({ 'Barack Obama': 2, 'Joe Biden': 2, 'Rose Leslie': 3, 'Kit Harington': 3 });
  expect((await knownNames(page)).sort()).toEqual(['Barack Obama', 'Joe Biden', 'Kit Harington', 'Rose Leslie']);
  // What was learned names the photos: the untagged original is now recognised.
  await expect.poll(() => faceLabels(card(page, 'two_people.jpg'))).toEqual(['Barack Obama', 'Joe Biden']);
  await expect.poll(() => faceLabels(card(page, 'kit_with_rose.jpg'))).toEqual(['Rose Leslie', 'Kit Harington']);
});
