/**
 * Recognition people can trust: several photos per person (folders), a tolerance slider that re-labels
 * without running the models, honest output, and checks on known photos. Real models (WASM backend),
 * real photos from ../shared/faces (FACES_DIR overrides; never copied into the repo).
 *
 * Each test gets a fresh browser context, so IndexedDB starts empty.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_TOLERANCE } from '../../src/domain/types';
import { EXTRA_ACCURACY_JITTER, JITTER_SETTING } from '../../src/domain/settings';
import {
  addPhotos,
  BATCH_TIMEOUT,
  card,
  engineStatus,
  faceLabels,
  knownFoldersInput,
  knownPeopleInput,
  knownPhotoCounts,
  modelRuns,
  notices,
  openApp,
  toleranceSlider,
  waitForCardsSettled,
  waitForEngineReady,
  waitForEnrolmentIdle,
  waitForKnownPeople,
  waitForProgressComplete,
} from './fixtures/app';
import { FACES_DIR, imagesIn, NO_FACES, requireDir, UNKNOWN } from './fixtures/data';

const KNN_DIR = path.join(FACES_DIR, 'examples', 'knn_examples');
const TRAIN_DIR = path.join(KNN_DIR, 'train');
const TEST_DIR = path.join(KNN_DIR, 'test');
const EXAMPLES_DIR = path.join(FACES_DIR, 'examples');

const EXPECTED_COUNTS = { alex_lacamoire: 1, biden: 2, kit_harington: 2, obama: 2, rose_leslie: 2 };

/** Named people on a card, unknown faces left out, left to right. */
const named = (labels: readonly string[]) => labels.filter((name) => name !== UNKNOWN && name !== NO_FACES);

/** Every card's labels, keyed by file name. */
async function allLabels(page: Page, files: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const file of files) out[file] = await faceLabels(card(page, file));
  return out;
}

async function addKnownFolders(page: Page): Promise<void> {
  await knownFoldersInput(page).setInputFiles(requireDir(TRAIN_DIR, 'FACES_DIR'));
  await expect.poll(() => knownPhotoCounts(page), { timeout: BATCH_TIMEOUT }).toEqual(EXPECTED_COUNTS);
  await waitForEnrolmentIdle(page);
}

test('folders of known people, tolerance slider and honest output on the knn examples', async ({ page }) => {
  const testPhotos = imagesIn(TEST_DIR);
  const testNames = testPhotos.map((p) => path.basename(p));
  expect(testNames).toEqual([
    'alex_lacamoire1.jpg',
    'johnsnow_test1.jpg',
    'kit_with_rose.jpg',
    'obama1.jpg',
    'obama_and_biden.jpg',
  ]);

  await test.step('open the app; the slider starts at the default', async () => {
    await openApp(page);
    await expect(toleranceSlider(page)).toHaveValue(String(DEFAULT_TOLERANCE));
    await expect(toleranceSlider(page)).toHaveAttribute('min', '0.3');
    await expect(toleranceSlider(page)).toHaveAttribute('max', '0.8');
    await expect(engineStatus(page)).toHaveAttribute('data-model-runs', '0');
  });

  await test.step('drop the train folders: one person per folder, all their photos', async () => {
    await addKnownFolders(page);
    await expect(page.getByTestId('known-person').filter({ hasText: 'biden' })).toContainText('2 photos');
    await expect(page.getByTestId('known-person').filter({ hasText: 'alex_lacamoire' })).toContainText('1 photo');
    const thumbs = await page.getByTestId('known-person').locator('.known__thumb').count();
    expect(thumbs, 'a thumbnail per known photo').toBe(9);
    await expect(engineStatus(page)).toHaveAttribute('data-model-runs', '9');
    await expect(engineStatus(page)).toContainText('9 photos analysed');
  });

  await test.step('recognise the test photos', async () => {
    await addPhotos(page, testPhotos);
    await waitForProgressComplete(page, testPhotos.length);
    const statuses = await waitForCardsSettled(page, testNames);
    for (const file of testNames) expect(statuses[file], `status of ${file}`).toBe('done');
    await expect(engineStatus(page)).toHaveAttribute('data-model-runs', String(9 + testPhotos.length));
  });

  const atDefault = await test.step('names at the default tolerance', async () => {
    const labels = await allLabels(page, testNames);
    expect(labels['alex_lacamoire1.jpg']).toEqual(['alex_lacamoire']);
    expect(labels['johnsnow_test1.jpg']).toEqual(['kit_harington']);
    expect(labels['kit_with_rose.jpg']).toEqual(['rose_leslie', 'kit_harington']);
    expect(labels['obama1.jpg']).toEqual(['obama']);
    // A child and a cut-off adult may be found too: they must be unknown.
    expect(named(labels['obama_and_biden.jpg'] ?? []), JSON.stringify(labels['obama_and_biden.jpg'])).toEqual(['biden', 'obama']);
    return labels;
  });

  await test.step('no person is named twice in one photo', async () => {
    for (const [file, labels] of Object.entries(atDefault)) {
      const names = named(labels);
      expect(new Set(names).size, `${file}: ${JSON.stringify(labels)}`).toBe(names.length);
    }
  });

  await test.step('every named face shows its distance and a confidence; unsure faces are marked', async () => {
    const items = page.locator('[data-testid="photo-card"] li:has([data-testid="face-label"])');
    const rows = await items.evaluateAll((lis) =>
      lis.map((li) => ({
        name: li.querySelector('[data-testid="face-label"]')?.textContent ?? '',
        distance: li.querySelector('[data-testid="face-distance"]')?.textContent ?? '',
        confidence: li.querySelector('[data-testid="face-confidence"]')?.textContent ?? '',
        unsure: li.getAttribute('data-unsure'),
        unsureText: li.textContent?.includes('unsure') ?? false,
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      expect(row.distance, `distance of ${row.name}`).toMatch(/^\d+\.\d{3}$/);
      expect(row.confidence, `confidence of ${row.name}`).toMatch(/^\d{1,2}%$/);
      expect(['true', 'false']).toContain(row.unsure);
      expect(row.unsureText, `"unsure" text of ${row.name}`).toBe(row.unsure === 'true');
    }
  });

  const runsBefore = await modelRuns(page);

  await test.step('a strict tolerance turns weaker matches into unknown_person, without running the models', async () => {
    await toleranceSlider(page).fill('0.3');
    await expect(toleranceSlider(page)).toHaveValue('0.3');
    await expect(page.getByTestId('tolerance-value')).toHaveText('0.30');
    const strict = await allLabels(page, testNames);
    const namedStrict = Object.values(strict).flatMap(named).length;
    const namedDefault = Object.values(atDefault).flatMap(named).length;
    expect(namedStrict, `names at 0.30: ${JSON.stringify(strict)}`).toBeLessThan(namedDefault);
    for (const [file, labels] of Object.entries(strict)) {
      expect(labels.length, `${file} keeps its faces`).toBe(atDefault[file]?.length);
    }
    expect(await modelRuns(page)).toBe(runsBefore);
  });

  await test.step('back at the default the names return', async () => {
    await toleranceSlider(page).fill(String(DEFAULT_TOLERANCE));
    await expect(toleranceSlider(page)).toHaveValue(String(DEFAULT_TOLERANCE));
    expect(await allLabels(page, testNames)).toEqual(atDefault);
    expect(await modelRuns(page)).toBe(runsBefore);
  });

  await test.step('keyboard moves it too, and after a reload the slider keeps its value', async () => {
    await toleranceSlider(page).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const expected = (DEFAULT_TOLERANCE - 0.02).toFixed(2);
    await expect(page.getByTestId('tolerance-value')).toHaveText(expected);
    expect(await modelRuns(page)).toBe(runsBefore);
    await page.reload();
    await waitForKnownPeople(page, 5);
    await expect(page.getByTestId('tolerance-value')).toHaveText(expected);
    await expect(toleranceSlider(page)).toHaveValue(String(Number(expected)));
    await waitForEngineReady(page);
    await expect(engineStatus(page)).toHaveAttribute('data-model-runs', '0');
  });
});

/** Bytes of an image drawn in the page: a flat colour, or `source` scaled to `width`. */
async function imageFromCanvas(
  page: Page,
  spec: { width: number; height: number; fill?: string; source?: string; type: 'image/png' | 'image/jpeg' },
): Promise<Buffer> {
  const base64 = await page.evaluate(async ({ width, height, fill, source, type }) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    if (source !== undefined) {
      const bitmap = await createImageBitmap(await (await fetch(source)).blob());
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, width, height);
    } else {
      ctx.fillStyle = fill ?? '#808080';
      ctx.fillRect(0, 0, width, height);
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
    if (!blob) throw new Error('toBlob failed');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, spec);
  return Buffer.from(base64, 'base64');
}

test('known photos are checked: the same photo twice, several faces, a small face, no face', async ({ page }) => {
  await openApp(page);

  await test.step('the same photo twice in one drop is added once, and the second is named in a message', async () => {
    const bytes = await readFile(path.join(EXAMPLES_DIR, 'obama_small.jpg'));
    await knownPeopleInput(page).setInputFiles([
      { name: 'obama_small.jpg', mimeType: 'image/jpeg', buffer: bytes },
      { name: 'obama_small (2).jpg', mimeType: 'image/jpeg', buffer: bytes },
    ]);
    await expect(notices(page).filter({ hasText: 'obama_small (2).jpg is already known' })).toHaveCount(1, {
      timeout: BATCH_TIMEOUT,
    });
    await waitForEnrolmentIdle(page);
    expect(await knownPhotoCounts(page)).toEqual({ obama_small: 1 });
  });

  await test.step('a group photo: the largest face is used, and the message says so', async () => {
    await knownPeopleInput(page).setInputFiles(path.join(EXAMPLES_DIR, 'two_people.jpg'));
    await expect(
      notices(page).filter({ hasText: /two_people\.jpg has \d+ faces; used the largest for "two_people"/ }),
    ).toHaveCount(1, { timeout: BATCH_TIMEOUT });
    await waitForEnrolmentIdle(page);
    expect(await knownPhotoCounts(page)).toEqual({ obama_small: 1, two_people: 1 });
  });

  await test.step('a small face is added with a warning that gives its width', async () => {
    // The 1080p Oval Office frame (face ~180 px wide) drawn at 256x144: the face comes out about 25-30 px wide.
    const source = `data:image/jpeg;base64,${(await readFile(path.join(EXAMPLES_DIR, 'obama-1080p.jpg'))).toString('base64')}`;
    const small = await imageFromCanvas(page, { width: 256, height: 144, source, type: 'image/jpeg' });
    await knownPeopleInput(page).setInputFiles([{ name: 'tiny_obama.jpg', mimeType: 'image/jpeg', buffer: small }]);
    const warning = notices(page).filter({ hasText: /tiny_obama\.jpg.*the face is only \d+ px wide; a larger photo will recognise better\./ });
    await expect(warning).toHaveCount(1, { timeout: BATCH_TIMEOUT });
    await waitForEnrolmentIdle(page);
    expect(await knownPhotoCounts(page)).toEqual({ obama_small: 1, two_people: 1, tiny_obama: 1 });
  });

  await test.step('the extra-accuracy choice is remembered across a reload', async () => {
    const box = page.getByLabel('Extra accuracy for known photos (slower)', { exact: true });
    await expect(box).not.toBeChecked();
    await box.check();
    // The choice is written to IndexedDB asynchronously: reload once it is there (a busy machine may take a
    // moment), so what the reload tests is that the saved choice is read back.
    await expect
      .poll(
        () =>
          page.evaluate(
            (key) =>
              new Promise<unknown>((resolve, reject) => {
                const open = indexedDB.open('facewise');
                open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
                open.onsuccess = () => {
                  const get = open.result.transaction('settings').objectStore('settings').get(key);
                  get.onsuccess = () => {
                    open.result.close();
                    resolve(get.result);
                  };
                };
              }),
            JITTER_SETTING,
          ),
        { timeout: 30_000 },
      )
      .toBe(EXTRA_ACCURACY_JITTER);
    await page.reload();
    await waitForKnownPeople(page, 3);
    await expect(box).toBeChecked();
    await box.uncheck();
    await waitForEngineReady(page);
  });

  await test.step('a photo without a face is refused, with a message naming it', async () => {
    const plain = await imageFromCanvas(page, { width: 640, height: 480, fill: '#6a8caf', type: 'image/png' });
    await knownPeopleInput(page).setInputFiles([{ name: 'wall.png', mimeType: 'image/png', buffer: plain }]);
    await expect(notices(page).filter({ hasText: 'No face found in wall.png' })).toHaveCount(1, { timeout: BATCH_TIMEOUT });
    await waitForEnrolmentIdle(page);
    expect(await knownPhotoCounts(page)).toEqual({ obama_small: 1, two_people: 1, tiny_obama: 1 });
  });
});
