/**
 * Storage faults, simulated in the page before the app starts (page.addInitScript):
 * 1. Quota exceeded on write: a message per photo, nothing half-written (one transaction per change),
 *    what was saved before survives a reload.
 * 2. IndexedDB unavailable (as in some private windows): the app works in memory and says known people
 *    won't be remembered.
 * 3. Two tabs: known people added or forgotten in one appear in the other (BroadcastChannel).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  addKnownPeople,
  addPhotos,
  card,
  faceLabels,
  knownNames,
  knownPeople,
  knownPeopleInput,
  logBrowserProblems,
  notices,
  waitForCardsSettled,
  waitForEnrolmentIdle,
  waitForKnownPeople,
} from './fixtures/app';
import { KNOWN_DIR, testPhoto } from './fixtures/data';
import { openAppAt, useBuiltSite } from './fixtures/site';

const site = useBuiltSite();
const known = (name: string) => path.join(KNOWN_DIR, name);

/** Known faces as stored in IndexedDB right now (read directly, not through the app). */
async function storedNames(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('knownFaces').objectStore('knownFaces').getAll();
          request.onsuccess = () => {
            db.close();
            resolve((request.result as Array<{ name: string }>).map((r) => r.name).sort());
          };
          request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
        };
      }),
  );
}

test('storage full: a clear message, nothing half-written, earlier people kept', async ({ page }) => {
  await page.addInitScript(() => {
    const flag = window as unknown as { __facewiseQuotaFull?: boolean };
    for (const method of ['add', 'put'] as const) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied below with the store as `this`
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if (flag.__facewiseQuotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
  await openAppAt(page, site());
  await addKnownPeople(page, [known('obama.jpg'), known('biden.jpg')]);

  await page.evaluate(() => {
    (window as unknown as { __facewiseQuotaFull?: boolean }).__facewiseQuotaFull = true;
  });
  await knownPeopleInput(page).setInputFiles([known('alex_lacamoire.jpg'), known('rose_leslie.jpg')]);
  await waitForEnrolmentIdle(page);
  const text = (await notices(page).allTextContents()).join('\n');
  expect(text).toMatch(/Couldn't save alex_lacamoire\.jpg: this browser's storage is full/);
  expect(text).toMatch(/Couldn't save rose_leslie\.jpg: this browser's storage is full/);
  expect([...(await knownNames(page))].sort()).toEqual(['biden', 'obama']);
  expect(await storedNames(page)).toEqual(['biden', 'obama']);

  // Space again: the app still works and saves.
  await page.evaluate(() => {
    (window as unknown as { __facewiseQuotaFull?: boolean }).__facewiseQuotaFull = false;
  });
  await addKnownPeople(page, [known('rose_leslie.jpg')], 3);
  await page.reload();
  await waitForKnownPeople(page, 3);
  expect([...(await knownNames(page))].sort()).toEqual(['biden', 'obama', 'rose_leslie']);
});

test('IndexedDB unavailable: works in memory and says known people will not be remembered', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
  });
  await openAppAt(page, site());
  await expect(notices(page).filter({ hasText: 'will not be remembered' })).toHaveCount(1);
  await addKnownPeople(page, [known('obama.jpg'), known('biden.jpg')]);
  await addPhotos(page, [testPhoto('two_people.jpg')]);
  await waitForCardsSettled(page, ['two_people.jpg']);
  expect(await faceLabels(card(page, 'two_people.jpg'))).toEqual(['obama', 'biden']);
  // The in-memory cache is counted like the stored one.
  await expect(page.getByTestId('analysis-cache-size')).toHaveText(/^Remembered analyses: 1 photo, less than 1 MB/);

  await page.reload();
  await expect(notices(page).filter({ hasText: 'will not be remembered' })).toHaveCount(1);
  await expect(page.getByText('Nobody yet')).toBeVisible();
  await expect(knownPeople(page)).toHaveCount(0);
});

test('two tabs see the same known people', async ({ context, page }) => {
  const other = await context.newPage();
  logBrowserProblems(other);
  await openAppAt(page, site());
  await other.goto(`${site().url}?backend=wasm`);
  await expect(other.getByText('Nobody yet')).toBeVisible();

  await addKnownPeople(page, [known('obama.jpg'), known('biden.jpg'), known('kit_harington.jpeg')]);
  await waitForKnownPeople(other, 3);
  expect([...(await knownNames(other))].sort()).toEqual(['biden', 'kit_harington', 'obama']);

  // This tab's enrolment has ended (its notice is in): a notice arriving moves the page under the pointer.
  await expect(page.getByTestId('notice').filter({ hasText: 'Added 3 known faces' })).toBeVisible();
  await page.getByRole('button', { name: 'Forget all known people' }).click();
  // One click is not enough: it asks first.
  const dialog = page.getByTestId('forget-dialog');
  await expect(dialog).toContainText('3 known faces of 3 people');
  await expect(knownPeople(page)).toHaveCount(3);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(knownPeople(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Forget all known people' }).click();
  await page.getByTestId('forget-dialog').getByRole('button', { name: 'Yes, forget 3 people' }).click();
  await expect(knownPeople(page)).toHaveCount(0);
  await expect(knownPeople(other)).toHaveCount(0);
  await expect(other.getByText('Nobody yet')).toBeVisible();
});
