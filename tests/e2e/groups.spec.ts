/**
 * "Who is this?" on real photos: LFW photos of 8 people with 4 photos each plus 6 people with one photo
 * (people of View 1's pairsDevTest.txt, never used to choose the grouping), nobody known. The groups must
 * match the people (pairwise precision), naming one group names its photos, and the CSV's group column
 * follows. Real models on WASM; photos read from ../shared/lfw (LFW_DIR), never copied.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addPhotos, BATCH_TIMEOUT, downloadCsv, openApp, waitForEngineReady } from './fixtures/app';
import { LFW_DIR, parseCsv, requireDir, UNKNOWN } from './fixtures/data';

const PEOPLE = 8;
const PHOTOS_EACH = 4;
const SINGLETONS = 6;

function pick(): string[] {
  const dir = requireDir(LFW_DIR, 'LFW_DIR');
  const lines = readFileSync(path.join(dir, 'pairsDevTest.txt'), 'utf8').trim().split(/\r?\n/).slice(1);
  const photosOf = (name: string) => readdirSync(path.join(dir, name)).filter((f) => f.endsWith('.jpg')).sort();
  const several = [...new Set(lines.map((l) => l.split('\t')).filter((f) => f.length === 3).map((f) => f[0]!))].sort();
  const single = [...new Set(lines.map((l) => l.split('\t')).filter((f) => f.length === 4).flatMap((f) => [f[0]!, f[2]!]))].sort();
  const people = several.filter((n) => photosOf(n).length >= PHOTOS_EACH).slice(0, PEOPLE);
  const singles = single.filter((n) => photosOf(n).length === 1).slice(0, SINGLETONS);
  return [
    ...people.flatMap((n) => photosOf(n).slice(0, PHOTOS_EACH).map((f) => path.join(dir, n, f))),
    ...singles.map((n) => path.join(dir, n, photosOf(n)[0]!)),
  ];
}

/** LFW's file names say who: Aaron_Peirsol_0001.jpg is Aaron_Peirsol. */
const personOf = (file: string) => file.replace(/_\d{4}\.jpg$/, '');

/** The groups on the page: the photo file of each face, per group. */
async function groupsOnPage(page: Page): Promise<Array<{ label: string; photos: string[] }>> {
  return page.getByTestId('face-group').evaluateAll((groups) =>
    groups.map((g) => ({
      label: g.getAttribute('data-label') ?? '',
      photos: [...g.querySelectorAll('[data-testid="group-face"]')].map((f) => f.getAttribute('data-photo') ?? ''),
    })),
  );
}

test('unknown faces are grouped by person; naming a group names its photos and changes the CSV', async ({ page }) => {
  test.setTimeout(400_000);
  const files = pick();
  const names = files.map((f) => path.basename(f));
  await openApp(page);
  await waitForEngineReady(page);
  await addPhotos(page, files);
  // The card list is virtual: wait on the results summary, which counts every photo.
  const line = page.getByTestId('results-summary');
  await expect
    .poll(async () => Number(await line.getAttribute('data-done')) + Number(await line.getAttribute('data-no-face')), { timeout: 300_000 })
    .toBe(files.length);

  let groups: Array<{ label: string; photos: string[] }> = [];
  await test.step('the groups match the people', async () => {
    await expect(page.getByRole('heading', { name: 'Who is this?' })).toBeVisible({ timeout: BATCH_TIMEOUT });
    // Grouping is asynchronous (a worker): wait until every photo's faces have been grouped.
    await expect
      .poll(async () => (await groupsOnPage(page)).reduce((n, g) => n + g.photos.length, 0), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(PEOPLE * 3);
    groups = await groupsOnPage(page);
    let pairs = 0;
    let right = 0;
    for (const g of groups) {
      for (let i = 0; i < g.photos.length; i++) {
        for (let j = i + 1; j < g.photos.length; j++) {
          pairs++;
          if (personOf(g.photos[i]!) === personOf(g.photos[j]!)) right++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(0);
    expect(right / pairs, `pairwise precision of ${JSON.stringify(groups)}`).toBeGreaterThanOrEqual(0.98);
    // Most people are found as a group of their own (a person split in two is allowed, two people mixed is not).
    const found = new Set(groups.filter((g) => g.photos.length >= 2).map((g) => personOf(g.photos[0]!)));
    expect(found.size).toBeGreaterThanOrEqual(PEOPLE - 2);
    expect(groups[0]?.label).toBe('group_1');
    for (let i = 1; i < groups.length; i++) expect(groups[i]!.photos.length).toBeLessThanOrEqual(groups[i - 1]!.photos.length);
    // Each face shows its crop (a data: URL the page reads from the worker's JPEG, under the page's CSP).
    const crops = page.locator('[data-testid="face-group"][data-label="group_1"] img.group__crop');
    await expect(crops.first()).toBeVisible();
    await expect.poll(() => crops.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 64).length)).toBe(await crops.count());
  });

  const first = groups[0]!;
  const person = personOf(first.photos[0]!);
  await test.step('the CSV carries each unknown face\'s group', async () => {
    const [header, ...rows] = parseCsv((await downloadCsv(page)).text);
    expect(header).toEqual(['file', 'name', 'distance', 'group']);
    for (const file of first.photos) {
      expect(rows.filter((r) => r[0] === file).map((r) => [r[1], r[3]])).toContainEqual([UNKNOWN, 'group_1']);
    }
    // Singletons stand alone: no group.
    const lone = names.filter((n) => !groups.some((g) => g.photos.includes(n)));
    for (const file of lone) for (const r of rows.filter((row) => row[0] === file)) expect(r[3]).toBe('');
  });

  await test.step('name the largest group: its photos are named, the CSV follows', async () => {
    const group = page.locator('[data-testid="face-group"][data-label="group_1"]');
    await group.getByLabel('Who is this?').fill('mystery');
    await group.getByRole('button', { name: 'Name group 1' }).click();
    await expect(page.locator('[data-testid="known-person"][data-name="mystery"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('results-summary')).toBeVisible();
    const [, ...rows] = parseCsv((await downloadCsv(page)).text);
    const named = rows.filter((r) => r[1] === 'mystery');
    expect(new Set(named.map((r) => personOf(r[0]!)))).toEqual(new Set([person]));
    expect(named.map((r) => r[0]).sort()).toEqual(expect.arrayContaining([...new Set(first.photos)].sort()));
    for (const r of named) expect(r[3]).toBe('');
    // That person's group is gone from "Who is this?".
    await expect.poll(async () => (await groupsOnPage(page)).some((g) => g.photos.some((p) => personOf(p) === person))).toBe(false);
  });
});
