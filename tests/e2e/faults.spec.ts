/**
 * A batch always ends. Faults are injected through `?test-hooks` (main.tsx; no control in the UI reaches
 * them): the worker handed a named file hangs, or crashes (an uncaught error), on its next `times` tries.
 * - crash once: the worker is terminated and replaced, the photo retried on the new one and named right;
 * - hang on both tries: after the photo's time limit (scaled to its pixels: 123 s for 1200×1200; 10 s for a file with an injected fault) the worker
 *   is replaced, the retry hangs too, the card says why, the batch ends, and the next photos are analysed;
 * - Cancel while a photo hangs: the batch ends at once, the photo in flight is marked cancelled.
 * Known photos go through the same pool, so they get the same limits.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  APP_URL,
  card,
  faceLabels,
  logBrowserProblems,
  waitForCardsSettled,
  waitForEngineReady,
  waitForProgressComplete,
} from './fixtures/app';
import { knownPhotos, testPhoto } from './fixtures/data';

async function inject(page: Page, kind: 'hang' | 'crash', file: string, times: number): Promise<void> {
  await page.evaluate(
    ([k, f, t]) => (window as unknown as { facewiseTestHooks: { injectFault(k: string, f: string, t: number): void } }).facewiseTestHooks.injectFault(k, f, t),
    [kind, file, times] as const,
  );
}

async function workersStarted(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { facewiseTestHooks: { workersStarted(): number } }).facewiseTestHooks.workersStarted());
}

test.beforeEach(async ({ page }) => {
  logBrowserProblems(page);
  await page.goto(`${APP_URL}&test-hooks`);
  await waitForEngineReady(page);
  await addKnownPeople(page, knownPhotos());
});

test('a worker that crashes is replaced and the photo retried on the new one', async ({ page }) => {
  const before = await workersStarted(page);
  await inject(page, 'crash', 'biden2.jpg', 1);
  await addPhotos(page, ['biden2.jpg', 'obama1.jpg', 'two_people.jpg'].map(testPhoto));
  const statuses = await waitForCardsSettled(page, ['biden2.jpg', 'obama1.jpg', 'two_people.jpg']);
  expect(statuses).toEqual({ 'biden2.jpg': 'done', 'obama1.jpg': 'done', 'two_people.jpg': 'done' });
  expect(await faceLabels(card(page, 'biden2.jpg'))).toEqual(['biden']);
  expect(await workersStarted(page)).toBe(before + 1);
});

test('a photo that hangs its worker twice is marked failed with why, and the batch ends', async ({ page }) => {
  test.setTimeout(240_000);
  const before = await workersStarted(page);
  await inject(page, 'hang', 'biden2.jpg', 2);
  await addPhotos(page, ['biden2.jpg', 'kit_with_rose.jpg'].map(testPhoto));
  await expect(card(page, 'biden2.jpg')).toHaveAttribute('data-status', 'unreadable', { timeout: 150_000 });
  await expect(card(page, 'biden2.jpg')).toContainText(/took longer than 10 s on it 2 times \(it was restarted each time\)/);
  await expect(card(page, 'kit_with_rose.jpg')).toHaveAttribute('data-status', 'done');
  await waitForProgressComplete(page, 2);
  expect(await workersStarted(page)).toBe(before + 2);
  // The pool is whole again: the next photo is analysed.
  await addPhotos(page, [testPhoto('obama_small.jpg')]);
  await waitForCardsSettled(page, ['obama_small.jpg']);
  expect(await faceLabels(card(page, 'obama_small.jpg'))).toEqual(['obama']);
});

test('Cancel ends a batch at once, the hung photo in flight marked cancelled', async ({ page }) => {
  await inject(page, 'hang', 'kit_with_rose.jpg', 5);
  const files = ['kit_with_rose.jpg', 'obama1.jpg', 'obama2.jpg', 'obama3.jpg', 'johnsnow_test1.jpg', 'alex_lacamoire1.jpg'];
  await addPhotos(page, files.map(testPhoto));
  await expect(card(page, 'kit_with_rose.jpg')).toHaveAttribute('data-status', 'working', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  const statuses = await waitForCardsSettled(page, files);
  expect(statuses['kit_with_rose.jpg']).toBe('cancelled');
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout: 2_000 });
  await waitForProgressComplete(page, files.length);
  expect(Object.values(statuses).filter((s) => s === 'cancelled').length).toBeGreaterThanOrEqual(1);
  // Clear photos works again (the batch ended), and a new photo is analysed by the free worker.
  await addPhotos(page, [testPhoto('biden2.jpg')]);
  await waitForCardsSettled(page, ['biden2.jpg']);
  expect(await faceLabels(card(page, 'biden2.jpg'))).toEqual(['biden']);
});
