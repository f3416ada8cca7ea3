/**
 * The tutorial's scenario end to end: real models (WASM backend), real photos from ../shared/faces
 * (FACES_DIR overrides; never copied into the repo), the built site in the system Chromium.
 *
 * 1. Known people from scenario/images, photos from scenario/test, names checked against
 *    scenario/expected.tsv on the cards and in the downloaded CSV; after a reload the known people come
 *    back from IndexedDB and still recognise a photo.
 * 2. Unreadable files (random bytes named .jpg, a text file) dropped with real photos: they fail alone,
 *    with a message a person understands, and leave the known people alone.
 *
 * Each test gets a fresh browser context, so IndexedDB starts empty.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  card,
  cardMismatches,
  downloadCsv,
  expectKnownThumbnails,
  faceLabels,
  knownNames,
  knownPeople,
  openApp,
  waitForCardsSettled,
  waitForEngineReady,
  waitForKnownPeople,
  waitForProgressComplete,
} from './fixtures/app';
import {
  describeExpectation,
  knownPhotos,
  namesMatch,
  NO_FACES,
  parseCsv,
  personName,
  readExpectations,
  testPhoto,
  testPhotos,
  UNKNOWN,
} from './fixtures/data';

const sorted = (names: readonly string[]): string[] => [...names].sort();

test('recognises the scenario photos, exports CSV, and remembers known people after a reload', async ({ page }) => {
  const known = knownPhotos();
  const knownNamesExpected = known.map(personName);
  const photos = testPhotos();
  const photoNames = photos.map((p) => path.basename(p));
  const expectations = readExpectations();

  expect(known, 'scenario/images has the 5 known people').toHaveLength(5);
  expect(photos, 'scenario/test has 11 photos').toHaveLength(11);
  expect(sorted(expectations.map((e) => e.file)), 'expected.tsv covers every test photo').toEqual(sorted(photoNames));

  await test.step('open the app on WASM', async () => {
    await openApp(page);
  });

  await test.step('add the known people', async () => {
    await addKnownPeople(page, known);
    expect(sorted(await knownNames(page))).toEqual(sorted(knownNamesExpected));
  });

  await test.step('recognise the test photos', async () => {
    await addPhotos(page, photos);
    await waitForProgressComplete(page, photos.length);
    const statuses = await waitForCardsSettled(page, photoNames);
    for (const [file, status] of Object.entries(statuses)) {
      expect(['done', 'no-face'], `status of ${file}`).toContain(status);
    }
  });

  await test.step('names on the cards match expected.tsv', async () => {
    expect(await cardMismatches(page, expectations), 'cards whose names differ from expected.tsv').toEqual([]);
  });

  await test.step("each card shows the worker's preview of its photo", async () => {
    const previews = page.locator('img.photo__img');
    await expect(previews.first()).toBeVisible();
    await expect.poll(() => previews.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(await previews.count());
    expect(await previews.count()).toBeGreaterThanOrEqual(photoNames.length - 2); // the unreadable ones show none
  });

  await test.step('download the results as CSV', async () => {
    const { fileName, text } = await downloadCsv(page);
    expect(fileName).toMatch(/\.csv$/i);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['file', 'name', 'distance', 'group']);

    const rowsByFile = new Map<string, string[][]>();
    for (const row of rows) {
      expect(row, `CSV row ${JSON.stringify(row)} has 4 fields`).toHaveLength(4);
      const list = rowsByFile.get(row[0] ?? '') ?? [];
      list.push(row);
      rowsByFile.set(row[0] ?? '', list);
    }

    const mismatches: string[] = [];
    for (const expectation of expectations) {
      const fileRows = rowsByFile.get(expectation.file) ?? [];
      const names = fileRows.map((row) => row[1] ?? '');
      if (!namesMatch(names, expectation)) {
        mismatches.push(`${expectation.file}: got ${JSON.stringify(names)}, expected ${describeExpectation(expectation)}`);
      }
      for (const [, name = '', distance = ''] of fileRows) {
        if (name !== UNKNOWN && name !== NO_FACES && !/^\d+\.\d{3}$/.test(distance)) {
          mismatches.push(`${expectation.file}: distance for ${name} is ${JSON.stringify(distance)}, want 3 decimals`);
        }
      }
    }
    expect(mismatches, 'CSV rows that differ from expected.tsv').toEqual([]);
  });

  await test.step('after a reload the known people come back from IndexedDB', async () => {
    await page.reload();
    await waitForKnownPeople(page, known.length);
    expect(sorted(await knownNames(page))).toEqual(sorted(knownNamesExpected));
    await expectKnownThumbnails(page);
    await waitForEngineReady(page);
  });

  await test.step('and still recognise a photo', async () => {
    await addPhotos(page, [testPhoto('biden2.jpg')]);
    const statuses = await waitForCardsSettled(page, ['biden2.jpg']);
    expect(statuses['biden2.jpg']).toBe('done');
    expect(await faceLabels(card(page, 'biden2.jpg'))).toEqual(['biden']);
    await expect(knownPeople(page)).toHaveCount(known.length);
  });
});

test('unreadable files fail on their own card and leave known people alone', async ({ page }, testInfo) => {
  const known = knownPhotos();

  // Generated here, outside the repo's data: random bytes posing as a JPEG, and a text file.
  const brokenJpg = testInfo.outputPath('broken.jpg');
  const notesTxt = testInfo.outputPath('notes.txt');
  const bytes = new Uint8Array(4096);
  let seed = 0x2545f491;
  for (let i = 0; i < bytes.length; i += 1) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    bytes[i] = seed & 0xff;
  }
  await writeFile(brokenJpg, bytes);
  await writeFile(notesTxt, 'Remember to buy milk.\nNot a photo.\n');

  const real = ['two_people.jpg', 'kit_with_rose.jpg'];
  const expectations = readExpectations().filter((e) => real.includes(e.file));
  expect(expectations).toHaveLength(real.length);

  await openApp(page);
  await addKnownPeople(page, known);
  const namesBefore = sorted(await knownNames(page));

  await addPhotos(page, [brokenJpg, notesTxt, ...real.map(testPhoto)]);
  await waitForProgressComplete(page, 2 + real.length);
  const statuses = await waitForCardsSettled(page, ['broken.jpg', 'notes.txt', ...real]);

  for (const file of ['broken.jpg', 'notes.txt']) {
    expect(statuses[file], `status of ${file}`).toBe('unreadable');
    await expect(card(page, file)).toContainText(/Couldn['’]t read/i);
  }
  for (const expectation of expectations) {
    expect(statuses[expectation.file], `status of ${expectation.file}`).toBe('done');
    const labels = await faceLabels(card(page, expectation.file));
    expect(namesMatch(labels, expectation), `${expectation.file}: got ${JSON.stringify(labels)}, expected ${describeExpectation(expectation)}`).toBe(true);
  }

  await expect(knownPeople(page)).toHaveCount(known.length);
  expect(sorted(await knownNames(page))).toEqual(namesBefore);
});
