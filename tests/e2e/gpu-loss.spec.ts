/**
 * WebGL context lost in the middle of a batch: the worker switches to WASM, reloads the weights there,
 * finishes the batch and the page says so. Headless Chromium's WebGL here is SwiftShader (software), so
 * the test forces `?backend=webgl` and simulates the GPU reset through the test hook (WEBGL_lose_context).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  addPhotos,
  card,
  engineStatus,
  faceLabels,
  knownPeopleInput,
  logBrowserProblems,
  waitForKnownPeople,
  waitForProgressComplete,
} from './fixtures/app';
import { KNOWN_DIR, TEST_DIR } from './fixtures/data';

test('a lost WebGL context mid-batch switches to WASM, finishes the batch and says so', async ({ page }) => {
  test.setTimeout(300_000);
  logBrowserProblems(page);
  await page.goto('/?backend=webgl&workers=1&test-hooks');
  const status = engineStatus(page);
  await expect(status).toHaveAttribute('data-backend', 'webgl', { timeout: 240_000 });

  // Known people: the first photo runs on WebGL; then the context is lost and the rest must carry on.
  const known = ['obama.jpg', 'biden.jpg', 'kit_harington.jpeg', 'rose_leslie.jpg'].map((f) => path.join(KNOWN_DIR, f));
  await knownPeopleInput(page).setInputFiles(known);
  await expect(page.locator('[data-testid="known-person"]').first()).toBeVisible({ timeout: 120_000 });
  const lost = await page.evaluate(() =>
    (window as unknown as { facewiseTestHooks: { loseWebglContext(): Promise<boolean> } }).facewiseTestHooks.loseWebglContext(),
  );
  expect(lost).toBe(true);
  await waitForKnownPeople(page, known.length);

  await expect(status).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page.getByText(/WebGL context lost/i).first()).toBeVisible();

  const tests = ['two_people.jpg', 'kit_with_rose.jpg'];
  await addPhotos(page, tests.map((f) => path.join(TEST_DIR, f)));
  await waitForProgressComplete(page, tests.length);
  expect(await faceLabels(card(page, 'two_people.jpg'))).toEqual(['obama', 'biden']);
  expect(await faceLabels(card(page, 'kit_with_rose.jpg'))).toEqual(['rose_leslie', 'kit_harington']);
});
