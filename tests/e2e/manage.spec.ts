/**
 * Managing known people and results on the scenario photos: correct a result and see it learned on
 * another photo without a model run; rename and merge (results re-label); remove a photo or a person
 * and undo; export, erase everything, import, and the same names come back; malformed import files are
 * explained and change nothing. Real models (WASM backend), real photos from ../shared/faces.
 *
 * Each test gets a fresh browser context, so IndexedDB starts empty.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  card,
  faceLabels,
  knownPeople,
  knownPhotoCounts,
  modelRuns,
  notices,
  openApp,
  waitForCardsSettled,
  waitForEnrolmentIdle,
} from './fixtures/app';
import { KNOWN_DIR, knownPhotos, requireDir, testPhoto, UNKNOWN } from './fixtures/data';
import { ENCODING_LENGTH } from '../../src/domain/model-id';

const KIT = 'johnsnow_test1.jpg';
const KIT_ROSE = 'kit_with_rose.jpg';
const TWO = 'two_people.jpg';

function person(page: Page, name: string) {
  return page.locator(`[data-testid="known-person"][data-name="${name}"]`);
}

async function expectLabels(page: Page, file: string, names: string[]): Promise<void> {
  await expect.poll(() => faceLabels(card(page, file)), { message: `labels of ${file}` }).toEqual(names);
}

async function recognise(page: Page, files: string[]): Promise<void> {
  await addPhotos(page, files.map(testPhoto));
  await waitForCardsSettled(page, files);
}

async function download(page: Page, button: string): Promise<{ path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const filePath = await file.path();
  return { path: filePath, text: await readFile(filePath, 'utf8') };
}

async function importFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByLabel('Import known people file', { exact: true }).setInputFiles(file);
}

test('correct a result, rename and merge people, filter, sort and export results', async ({ page }) => {
  requireDir(KNOWN_DIR, 'FACES_DIR');
  const withoutKit = knownPhotos().filter((p) => !path.basename(p).startsWith('kit_harington'));
  let runs = 0;

  await test.step('known people without kit_harington: kit is unknown', async () => {
    await openApp(page);
    await addKnownPeople(page, withoutKit);
    await waitForEnrolmentIdle(page);
    await recognise(page, [KIT, KIT_ROSE]);
    await expectLabels(page, KIT, [UNKNOWN]);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', UNKNOWN]);
    runs = await modelRuns(page);
  });

  await test.step('"This is..." kit_harington on johnsnow_test1: learned on kit_with_rose, no model run', async () => {
    const kitCard = card(page, KIT);
    await kitCard.getByRole('button', { name: 'This is… (face 1)' }).click();
    await kitCard.getByLabel('Who is face 1?').fill('kit_harington');
    await kitCard.getByRole('button', { name: 'Save', exact: true }).click();
    await expectLabels(page, KIT, ['kit_harington']);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'kit_harington']);
    await expect(person(page, 'kit_harington')).toHaveAttribute('data-photos', '1');
    expect(await modelRuns(page)).toBe(runs);
  });

  await test.step('Show and Sort by', async () => {
    const show = page.getByLabel('Show', { exact: true });
    await show.selectOption({ label: 'rose_leslie' });
    await expect(page.getByTestId('photo-card')).toHaveCount(1);
    await expect(card(page, KIT_ROSE)).toBeVisible();
    await show.selectOption({ label: 'No face' });
    await expect(page.getByTestId('photo-card')).toHaveCount(0);
    await show.selectOption({ label: 'All photos' });
    await expect(page.getByTestId('photo-card')).toHaveCount(2);
    await page.getByLabel('Sort by', { exact: true }).selectOption({ label: 'File' });
    await expect
      .poll(() => page.getByTestId('photo-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-file'))))
      .toEqual([KIT, KIT_ROSE]);
  });

  await test.step('Download results (JSON)', async () => {
    const { text } = await download(page, 'Download results (JSON)');
    const json = JSON.parse(text) as { photos: Array<{ file: string; status: string; width: number; faces: Array<{ name: string; box: unknown; landmarks: unknown[]; distance: number }> }> };
    const kitRose = json.photos.find((p) => p.file === KIT_ROSE);
    expect(kitRose?.status).toBe('done');
    expect(kitRose?.width).toBeGreaterThan(0);
    expect(kitRose?.faces.map((f) => f.name)).toEqual(['rose_leslie', 'kit_harington']);
    expect(kitRose?.faces[0]?.landmarks).toHaveLength(68);
    expect(typeof kitRose?.faces[1]?.distance).toBe('number');
  });

  await test.step('rename kit_harington to jon_snow: results re-label', async () => {
    const kit = person(page, 'kit_harington');
    await kit.getByRole('button', { name: 'Rename kit_harington' }).click();
    await kit.getByLabel('New name for kit_harington').fill('jon_snow');
    await kit.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(person(page, 'jon_snow')).toHaveAttribute('data-photos', '1');
    await expectLabels(page, KIT, ['jon_snow']);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'jon_snow']);
  });

  await test.step('a second name for the same man, merged back: one person with 2 photos, results re-label', async () => {
    // People merge duplicates: the same person known under two names.
    const kitRose = card(page, KIT_ROSE);
    await kitRose.getByRole('button', { name: 'This is… (face 2)' }).click();
    await kitRose.getByLabel('Who is face 2?').fill('kit');
    await kitRose.getByRole('button', { name: 'Save', exact: true }).click();
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'kit']);
    const kit = person(page, 'kit');
    await kit.getByRole('button', { name: 'Merge kit into…', exact: true }).click();
    await kit.getByLabel('Merge kit into', { exact: true }).selectOption('jon_snow');
    await kit.getByRole('button', { name: 'Merge kit into the chosen person' }).click();
    await expect(person(page, 'kit')).toHaveCount(0);
    await expect(person(page, 'jon_snow')).toHaveAttribute('data-photos', '2');
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'jon_snow']);
    await expectLabels(page, KIT, ['jon_snow']);
    expect(await modelRuns(page)).toBe(runs);
  });
});

test('remove and undo; export, erase everything, import; malformed imports change nothing', async ({ page }) => {
  await test.step('all known people; recognise two photos', async () => {
    await openApp(page);
    await addKnownPeople(page, knownPhotos());
    await waitForEnrolmentIdle(page);
    await recognise(page, [KIT_ROSE, TWO]);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'kit_harington']);
    await expectLabels(page, TWO, ['obama', 'biden']);
  });

  await test.step('remove a photo, then undo it', async () => {
    await person(page, 'kit_harington').getByRole('button', { name: 'Remove photo kit_harington.jpeg of kit_harington' }).click();
    await expect(person(page, 'kit_harington')).toHaveCount(0);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', UNKNOWN]);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(person(page, 'kit_harington')).toHaveAttribute('data-photos', '1');
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'kit_harington']);
  });

  await test.step("remove two people: the notice undoes the latest; the history's Undo the one before", async () => {
    await person(page, 'biden').getByRole('button', { name: 'Remove biden', exact: true }).click();
    await expect(person(page, 'biden')).toHaveCount(0);
    await person(page, 'obama').getByRole('button', { name: 'Remove obama', exact: true }).click();
    await expect(person(page, 'obama')).toHaveCount(0);
    await expectLabels(page, TWO, [UNKNOWN, UNKNOWN]);
    await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(1);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(person(page, 'obama')).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(0);
    await expectLabels(page, TWO, ['obama', UNKNOWN]);
    // The history still holds the removal before: its button names it, and Ctrl+Z takes it back too.
    await expect(page.getByRole('button', { name: /^Undo: / })).toHaveText('Undo: remove biden');
    await page.locator('body').press('Control+z');
    await expect(person(page, 'biden')).toHaveCount(1);
    await expectLabels(page, TWO, ['obama', 'biden']);
    // The photo removed and restored in the step above was taken back already: nothing is left to undo.
    await expect(page.getByRole('button', { name: /^Undo: / })).toHaveCount(0);
  });

  const expectedCounts = { alex_lacamoire: 1, biden: 1, kit_harington: 1, obama: 1, rose_leslie: 1 };
  let exported = { path: '', text: '' };

  await test.step('export known people', async () => {
    exported = await download(page, 'Export known people');
    const file = JSON.parse(exported.text) as { format: string; version: number; model: { recognition: string }; people: Array<{ name: string; faces: Array<{ encoding: number[]; thumbnail: string | null }> }> };
    expect(file.format).toBe('facewise-known-people');
    expect(file.version).toBe(1);
    expect(file.model.recognition).toMatch(/faceRecognitionNet/);
    expect(file.people.map((p) => p.name).sort()).toEqual(Object.keys(expectedCounts));
    expect(file.people[0]?.faces[0]?.encoding).toHaveLength(ENCODING_LENGTH);
    expect(file.people[0]?.faces[0]?.thumbnail).toMatch(/^data:image\//);
  });

  await test.step('malformed files are explained and change nothing', async () => {
    const good = JSON.parse(exported.text) as { version: number; people: Array<{ faces: Array<{ encoding: number[] }> }> };
    const wrongVersion = { ...good, version: 99 };
    const shortEncoding = structuredClone(good);
    shortEncoding.people[0]!.faces[0]!.encoding = [1, 2, 3];
    const cases: Array<[string, string, RegExp]> = [
      ['not-json.json', '{ this is not json', /not JSON/],
      ['wrong-version.json', JSON.stringify(wrongVersion), /version: .*version 1 .*version 99/],
      ['short.json', JSON.stringify(shortEncoding), /people\[0\]\.faces\[0\]\.encoding: should hold 640 numbers \(or 128, face-api's alone; it holds 3\)/],
    ];
    for (const [name, text, message] of cases) {
      await importFile(page, { name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(notices(page).filter({ hasText: name }).last()).toContainText(message);
      await expect(notices(page).filter({ hasText: name }).last()).toContainText('nothing was changed');
      await expect(page.getByTestId('import-dialog')).toHaveCount(0);
      expect(await knownPhotoCounts(page)).toEqual(expectedCounts);
    }
  });

  await test.step('erase everything, after an in-page confirmation', async () => {
    await page.getByRole('button', { name: 'Erase everything', exact: true }).click();
    const dialog = page.getByTestId('erase-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Yes, erase everything' }).click();
    await expect(knownPeople(page)).toHaveCount(0);
    await expect(page.getByTestId('photo-card')).toHaveCount(0);
    await expect(notices(page).filter({ hasText: 'Erased everything' })).toHaveCount(1);
    const left = () =>
      page.evaluate(async () => {
        const keys = 'caches' in window ? await caches.keys() : [];
        const registrations = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
        return { caches: keys.length, registrations: registrations.length };
      });
    await expect.poll(left, { message: 'service worker caches and registration are gone' }).toEqual({ caches: 0, registrations: 0 });
  });

  await test.step('import the exported file (replace): the same names come back for the same photos', async () => {
    await importFile(page, exported.path);
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Replace known people' }).click();
    await expect.poll(() => knownPhotoCounts(page)).toEqual(expectedCounts);
    await recognise(page, [KIT_ROSE, TWO]);
    await expectLabels(page, KIT_ROSE, ['rose_leslie', 'kit_harington']);
    await expectLabels(page, TWO, ['obama', 'biden']);
  });
});
