/**
 * Names people can trust (issue 11) through the page, real models (WASM), real LFW photos from
 * ../shared/lfw (LFW_DIR overrides), copied into a temporary folder tree only for the test run:
 * - Auto tolerance is the default, says what it is fitted to, the slider overrides it, Auto comes back,
 *   and the choice survives a reload;
 * - a wrong photo in a person's folder is said at once and listed by "Check known people" with the person
 *   it does look like, and the one-click move fixes it;
 * - photos to recognise dropped in folders named after people score themselves, with a confusion CSV.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  BATCH_TIMEOUT,
  knownFoldersInput,
  knownPhotoCounts,
  notices,
  openApp,
  toleranceSlider,
  waitForEnrolmentIdle,
  waitForEngineReady,
  waitForProgressComplete,
} from './fixtures/app';
import { LFW_DIR, requireDir } from './fixtures/data';

const photo = (person: string, n: number) => path.join(requireDir(LFW_DIR, 'LFW_DIR'), person, `${person}_${String(n).padStart(4, '0')}.jpg`);

/** Copies photos into `root/<folder>/<file>`. */
function lay(root: string, folders: Record<string, string[]>): string {
  for (const [folder, files] of Object.entries(folders)) {
    mkdirSync(path.join(root, folder), { recursive: true });
    for (const file of files) copyFileSync(file, path.join(root, folder, path.basename(file)));
  }
  return root;
}

let tmp = '';
test.beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'facewise-tolerance-'));
});
test.afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Four people, three photos each; Colin_Powell's folder also holds a photo of Tony_Blair. */
async function addKnownWithOneWrongPhoto(page: Page): Promise<void> {
  const known = lay(path.join(tmp, 'known'), {
    Colin_Powell: [1, 2, 3].map((n) => photo('Colin_Powell', n)).concat(photo('Tony_Blair', 10)),
    Tony_Blair: [1, 2, 3].map((n) => photo('Tony_Blair', n)),
    Donald_Rumsfeld: [1, 2, 3].map((n) => photo('Donald_Rumsfeld', n)),
    Gerhard_Schroeder: [1, 2, 3].map((n) => photo('Gerhard_Schroeder', n)),
  });
  await knownFoldersInput(page).setInputFiles(known);
  await expect
    .poll(() => knownPhotoCounts(page), { timeout: BATCH_TIMEOUT })
    .toEqual({ Colin_Powell: 4, Tony_Blair: 3, Donald_Rumsfeld: 3, Gerhard_Schroeder: 3 });
  await waitForEnrolmentIdle(page);
}

test('Auto tolerance, check known people with a one-click fix, labelled photos scored', async ({ page }) => {
  await openApp(page);
  const hint = page.getByTestId('tolerance-auto');
  const auto = page.getByRole('checkbox', { name: 'Auto' });

  await test.step('Auto is the default', async () => {
    await expect(auto).toBeChecked();
    await expect(hint).toContainText('Auto · fitted once someone is known');
  });

  await test.step('a wrong photo in a folder is said at once', async () => {
    await addKnownWithOneWrongPhoto(page);
    await expect(notices(page).filter({ hasText: "Tony_Blair_0010.jpg doesn't look like Colin_Powell's other photos" })).toHaveCount(1);
  });

  await test.step('Auto is fitted to the 4 people and in force', async () => {
    await expect(hint).toContainText(/Auto · 0\.\d\d for 4 people/);
    const fitted = /Auto · (0\.\d\d)/.exec((await hint.textContent()) ?? '')?.[1];
    await expect(toleranceSlider(page)).toHaveValue(String(Number(fitted)));
  });

  await test.step('the slider overrides Auto; the checkbox brings it back; the choice survives a reload', async () => {
    await toleranceSlider(page).fill('0.45');
    await expect(auto).not.toBeChecked();
    await expect(hint).toContainText('Set by you.');
    await expect(page.getByTestId('tolerance-value')).toHaveText('0.45');
    await page.reload();
    await waitForEngineReady(page);
    await expect(page.getByTestId('tolerance-value')).toHaveText('0.45');
    await auto.check();
    await expect(hint).toContainText(/^Auto · 0\.\d\d for 4 people/);
    await page.reload();
    await waitForEngineReady(page);
    await expect(auto).toBeChecked();
  });

  await test.step('"Check known people" lists the wrong photo with the person it looks like; Move fixes it', async () => {
    await page.getByRole('button', { name: 'Check known people' }).click();
    const report = page.getByTestId('gallery-check');
    await expect(report.getByTestId('check-summary')).toContainText('4 people with two photos or more');
    await expect(report.getByTestId('tradeoff-plot')).toBeVisible();
    await expect(report.getByTestId('plot-auto')).toHaveCount(1);
    const odd = report.getByTestId('odd-photo');
    await expect(odd).toHaveCount(1);
    await expect(odd).toContainText('Tony_Blair_0010.jpg');
    await expect(odd).toContainText('looks like Tony_Blair');
    await odd.getByRole('button', { name: 'Move to Tony_Blair' }).click();
    await expect
      .poll(() => knownPhotoCounts(page))
      .toEqual({ Colin_Powell: 3, Tony_Blair: 4, Donald_Rumsfeld: 3, Gerhard_Schroeder: 3 });
    await expect(report.getByTestId('odd-photo')).toHaveCount(0);
    await expect(report.getByTestId('check-summary')).toContainText('13 right, 0 wrong, 0 unknown');
  });

  await test.step('photos in folders named after people score themselves', async () => {
    const labelled = lay(path.join(tmp, 'test'), {
      Colin_Powell: [4, 5].map((n) => photo('Colin_Powell', n)),
      Tony_Blair: [4, 5].map((n) => photo('Tony_Blair', n)),
      unknown: [path.join(LFW_DIR, 'AJ_Cook', 'AJ_Cook_0001.jpg'), path.join(LFW_DIR, 'Aaron_Eckhart', 'Aaron_Eckhart_0001.jpg')],
    });
    await page.getByLabel('Folders of photos to recognize', { exact: true }).setInputFiles(labelled);
    await waitForProgressComplete(page, 6);
    const counts = page.getByTestId('labelled-counts');
    await expect(counts).toContainText('Of 6 photos in folders named after people');
    const text = (await counts.textContent()) ?? '';
    const [right, wrong, unknown] = [/(\d+) right/, /(\d+) wrong/, /(\d+) unknown/].map((re) => Number(re.exec(text)?.[1]));
    expect(right! + wrong! + unknown!).toBe(6);
    expect(right, text).toBeGreaterThanOrEqual(5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the score (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('facewise-confusion.csv');
    const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('expected,named_as,photos');
    const total = csv.slice(1).reduce((n, line) => n + Number(line.split(',')[2]), 0);
    expect(total).toBe(6);
    const rightInCsv = csv
      .slice(1)
      .map((line) => line.split(','))
      .filter(([expected, namedAs]) => expected === namedAs)
      .reduce((n, cells) => n + Number(cells[2]), 0);
    expect(rightInCsv).toBe(right);
  });
});
