/**
 * Golden encodings: the five known photos of the tutorial's scenario, encoded by the app (WASM backend),
 * against tests/e2e/fixtures/golden-encodings.json — their encodings (4 decimals) and the PIPELINE_ID they
 * were made with. Encodings that change while PIPELINE_ID does not fail the test (bump PIPELINE_ID in
 * src/domain/model-id.ts); a bumped PIPELINE_ID fails it until the fixture is made again with
 * `UPDATE_GOLDEN=1 npx playwright test tests/e2e/golden.spec.ts`.
 *
 * Then the flag: a known face whose stored pipeline is another one marks its person, with an offer to
 * re-add the photos; re-added, the new face is the current pipeline's. A gallery from before the second
 * recognizer (face-api's 128 numbers alone) keeps naming people, on face-api's part, and says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { PIPELINE_ID } from '../../src/domain/model-id';
import { ENCODING_LENGTH, FACE_API_ENCODING_LENGTH } from '../../src/domain/model-id';
import { addKnownPeople, addPhotos, card, faceLabels, knownPeople, openApp, waitForCardsSettled, waitForEngineReady, waitForKnownPeople } from './fixtures/app';
import { KNOWN_DIR, knownPhotos, REPO_ROOT, TEST_DIR } from './fixtures/data';

const FIXTURE = path.join(REPO_ROOT, 'tests/e2e/fixtures/golden-encodings.json');
const DECIMALS = 4;
/** WASM runs the same arithmetic each time: anything above rounding is a change. */
const TOLERANCE = 0.002;

interface Golden {
  pipeline: string;
  backend: string;
  decimals: number;
  encodings: Record<string, number[]>;
}

/** The known faces as stored in IndexedDB (the app's own record of what it computed). */
async function storedKnownFaces(page: Page): Promise<Array<{ id: string; name: string; sourceFile: string; pipeline?: string; encoding: number[] }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('knownFaces').objectStore('knownFaces').getAll();
          all.onerror = () => reject(all.error ?? new Error('IndexedDB request failed'));
          all.onsuccess = () => {
            db.close();
            resolve(
              (all.result as Array<{ id: string; name: string; sourceFile: string; pipeline?: string; encoding: Float32Array }>).map((r) => ({
                ...r,
                thumbnail: null,
                encoding: Array.from(r.encoding),
              })),
            );
          };
        };
      }),
  );
}

/**
 * Rewrites the stored known faces as an older Facewise left them: another pipeline, no kept chip, and
 * optionally only face-api's part of the encoding; only the people named, when names are given.
 */
async function storeAsOlderFacewise(page: Page, options: { names?: string[]; encodingLength?: number }): Promise<void> {
  await page.evaluate(
    ({ names, encodingLength }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('knownFaces', 'readwrite');
          const store = tx.objectStore('knownFaces');
          const all = store.getAll();
          all.onsuccess = () => {
            for (const r of all.result as Array<{ name: string; encoding: Float32Array; chip?: Blob | null }>) {
              if (names && !names.includes(r.name)) continue;
              const encoding = encodingLength ? r.encoding.slice(0, encodingLength) : r.encoding;
              store.put({ ...r, encoding, pipeline: 'an older pipeline', chip: undefined });
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB request failed'));
        };
        open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
      }),
    options,
  );
}

test('the known photos encode as the golden fixture says, for this PIPELINE_ID', async ({ page }) => {
  await openApp(page);
  const photos = knownPhotos();
  await addKnownPeople(page, photos);
  const faces = await storedKnownFaces(page);
  expect(faces.map((f) => f.pipeline)).toEqual(photos.map(() => PIPELINE_ID));
  // Both recognizers' parts, and each known face keeps its aligned ArcFace chip: a 112×112 JPEG.
  expect(faces.map((f) => f.encoding.length)).toEqual(photos.map(() => ENCODING_LENGTH));
  const chips = await page.evaluate(
    () =>
      new Promise<Array<{ type: string; width: number; height: number } | null>>((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
        open.onsuccess = () => {
          const all = open.result.transaction('knownFaces').objectStore('knownFaces').getAll();
          all.onsuccess = async () => {
            open.result.close();
            const out = [];
            for (const r of all.result as Array<{ chip?: Blob | null }>) {
              if (!r.chip) out.push(null);
              else {
                const bitmap = await createImageBitmap(r.chip);
                out.push({ type: r.chip.type, width: bitmap.width, height: bitmap.height });
              }
            }
            resolve(out);
          };
        };
      }),
  );
  expect(chips).toEqual(photos.map(() => ({ type: 'image/jpeg', width: 112, height: 112 })));
  const round = (x: number) => Number(x.toFixed(DECIMALS));
  const now: Record<string, number[]> = Object.fromEntries(faces.map((f) => [f.sourceFile, f.encoding.map(round)]));

  if (process.env.UPDATE_GOLDEN === '1') {
    const golden: Golden = { pipeline: PIPELINE_ID, backend: 'wasm', decimals: DECIMALS, encodings: now };
    writeFileSync(FIXTURE, `${JSON.stringify(golden, null, 1)}\n`);
    console.log(`golden: wrote ${FIXTURE}`);
    return;
  }
  const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Golden;
  expect(
    golden.pipeline,
    `PIPELINE_ID changed: check the new encodings are meant, then remake the fixture with UPDATE_GOLDEN=1 npx playwright test tests/e2e/golden.spec.ts`,
  ).toBe(PIPELINE_ID);
  expect(Object.keys(now).sort()).toEqual(Object.keys(golden.encodings).sort());
  const drift = Object.entries(now).map(([file, encoding]) => ({
    file,
    maxDiff: Math.max(...encoding.map((x, i) => Math.abs(x - (golden.encodings[file]?.[i] ?? Number.NaN)))),
  }));
  expect(
    drift.filter((d) => !(d.maxDiff <= TOLERANCE)),
    `encodings changed while PIPELINE_ID (${PIPELINE_ID}) did not: bump it in src/domain/model-id.ts`,
  ).toEqual([]);
});

test('a person whose encodings came from another pipeline is flagged, and re-adding a photo makes a current one', async ({ page }) => {
  await openApp(page);
  const obama = path.join(KNOWN_DIR, 'obama.jpg');
  await addKnownPeople(page, [obama, path.join(KNOWN_DIR, 'biden.jpg')]);
  await expect(page.getByTestId('stale-pipeline')).toHaveCount(0);
  // As an older Facewise would have stored it.
  await storeAsOlderFacewise(page, { names: ['obama'] });
  await page.reload();
  await waitForEngineReady(page);
  await waitForKnownPeople(page, 2);
  const obamaItem = knownPeople(page).and(page.locator('[data-name="obama"]'));
  await expect(obamaItem.getByTestId('stale-pipeline')).toContainText('another version');
  await expect(knownPeople(page).and(page.locator('[data-name="biden"]')).getByTestId('stale-pipeline')).toHaveCount(0);
  // The same photo again: the old encoding is replaced by one of this pipeline; the flag goes.
  await page.getByLabel('Re-add photos of obama', { exact: true }).setInputFiles([obama]);
  await expect(obamaItem.getByTestId('stale-pipeline')).toHaveCount(0, { timeout: 60_000 });
  await waitForKnownPeople(page, 2);
  await expect(obamaItem).toHaveAttribute('data-photos', '1');
  const faces = await storedKnownFaces(page);
  expect(faces.filter((f) => f.name === 'obama').map((f) => f.pipeline)).toEqual([PIPELINE_ID]);
});

test("a gallery from before the second recognizer keeps naming people on face-api's part, flagged", async ({ page }) => {
  await openApp(page);
  await addKnownPeople(page, [path.join(KNOWN_DIR, 'obama.jpg'), path.join(KNOWN_DIR, 'biden.jpg')]);
  // As Facewise stored faces before the second recognizer: face-api's 128 numbers, an older pipeline.
  await storeAsOlderFacewise(page, { encodingLength: FACE_API_ENCODING_LENGTH });
  await page.reload();
  await waitForEngineReady(page);
  await waitForKnownPeople(page, 2);
  expect((await storedKnownFaces(page)).map((f) => f.encoding.length)).toEqual([FACE_API_ENCODING_LENGTH, FACE_API_ENCODING_LENGTH]);
  const obamaItem = knownPeople(page).and(page.locator('[data-name="obama"]'));
  await expect(obamaItem.getByTestId('stale-pipeline')).toContainText("before Facewise's second face network");
  await expect(obamaItem.getByLabel('Re-add photos of obama', { exact: true })).toBeAttached();
  // New photos are encoded by both networks and still matched against the older known faces.
  await addPhotos(page, [path.join(TEST_DIR, 'obama1.jpg'), path.join(TEST_DIR, 'biden2.jpg')]);
  await waitForCardsSettled(page, ['obama1.jpg', 'biden2.jpg']);
  expect(await faceLabels(card(page, 'obama1.jpg'))).toEqual(['obama']);
  expect(await faceLabels(card(page, 'biden2.jpg'))).toEqual(['biden']);
});
