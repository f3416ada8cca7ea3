/**
 * Known people at scale: 30 LFW people × 3 photos dropped as a folder of folders go through the worker
 * pool with the same progress bar as photos to recognise (count, time left, Cancel); all are added when not
 * cancelled, and Cancel stops the rest. The photos are copied to a temporary folder outside the repository
 * (the folder picker needs one folder per person) and removed afterwards.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LFW_DIR, requireDir } from './fixtures/data';
import { knownFoldersInput, knownPeople, knownPhotoCounts, knownProgressBar, notices, openApp } from './fixtures/app';

const PEOPLE = 30;
const PER_PERSON = 3;
const TOTAL = PEOPLE * PER_PERSON;

let root = '';

test.beforeAll(() => {
  const lfw = requireDir(LFW_DIR, 'LFW_DIR');
  root = mkdtempSync(path.join(tmpdir(), 'facewise-known-'));
  const people = readdirSync(lfw)
    .filter((name) => name !== 'splits' && statSync(path.join(lfw, name)).isDirectory())
    .sort()
    .map((name) => ({ name, photos: readdirSync(path.join(lfw, name)).filter((f) => /\.jpe?g$/i.test(f)).sort() }))
    .filter((p) => p.photos.length >= PER_PERSON)
    .slice(0, PEOPLE);
  expect(people).toHaveLength(PEOPLE);
  for (const person of people) {
    mkdirSync(path.join(root, person.name));
    for (const photo of person.photos.slice(0, PER_PERSON)) cpSync(path.join(lfw, person.name, photo), path.join(root, person.name, photo));
  }
});

test.afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Known photos listed, over every person. */
const photoTotal = async (page: import('@playwright/test').Page) =>
  Object.values(await knownPhotoCounts(page)).reduce((a, b) => a + b, 0);

test('90 known photos: a progress bar that counts up, all added; Cancel stops the rest', async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page);
  const bar = knownProgressBar(page);

  await test.step('the progress bar appears, counts up with the time left, and every photo is added', async () => {
    await knownFoldersInput(page).setInputFiles(root);
    await expect(bar).toBeVisible({ timeout: 10_000 });
    await expect(bar).toHaveAttribute('aria-valuemax', String(TOTAL));
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    // Partway: some added, some not, and the text gives the count and the time left.
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000, intervals: [200] })
      .toBeGreaterThan(0);
    const midway = Number(await bar.getAttribute('aria-valuenow'));
    expect(midway).toBeLessThan(TOTAL);
    await expect(bar).toHaveAttribute('aria-valuetext', new RegExp(`^\\d+ of ${TOTAL} photos · .* left$`));
    await expect(bar).toHaveCount(0, { timeout: 300_000 });
    await expect(knownPeople(page)).toHaveCount(PEOPLE);
    const counts = await knownPhotoCounts(page);
    expect(Object.values(counts)).toEqual(Array(PEOPLE).fill(PER_PERSON));
    await expect(notices(page).filter({ hasText: `Added ${TOTAL} known faces` })).toHaveCount(1);
  });

  await test.step('Cancel: photos not started are not added, the page stays usable', async () => {
    await page.getByRole('button', { name: 'Forget all known people' }).click();
    await page.getByTestId('forget-dialog').getByRole('button', { name: /^Yes, forget \d+ people$/ }).click();
    await expect(knownPeople(page)).toHaveCount(0);
    await knownFoldersInput(page).setInputFiles(root);
    await expect(bar).toBeVisible({ timeout: 10_000 });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000, intervals: [200] }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(bar).toHaveCount(0, { timeout: 60_000 });
    await expect(notices(page).filter({ hasText: /^Cancelled: \d+ known-people photos were not added\./ })).toHaveCount(1);
    const added = await photoTotal(page);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(TOTAL);
    // Nothing more arrives later.
    await page.waitForTimeout(2_000);
    expect(await photoTotal(page)).toBe(added);
  });
});
