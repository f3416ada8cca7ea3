/**
 * After a reload, the stored results' faces are grouped again at once; past SPLIT_SCAN_FACES the grouping
 * worker shares the distance scan with its scan worker (src/grouping/scan.worker.ts, a worker started by a
 * worker). Real LFW photos of 4 people (View 1's pairsDevTest.txt), their stored results copied in IndexedDB
 * to 1,200 photos as a long album would hold; after the reload the groups must be the same people, each its
 * copies, and the scan worker must have run. Photos read from ../shared/lfw (LFW_DIR), never copied.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SPLIT_SCAN_FACES } from '../../src/grouping/engine';
import { SCAN_KERNEL_WASM } from '../../src/domain/scan-kernel-bytes';
import { addPhotos, openApp, waitForEngineReady } from './fixtures/app';
import { LFW_DIR, requireDir } from './fixtures/data';

const PEOPLE = 4;
const PHOTOS_EACH = 3;
const COPIES = 100;

function pick(): string[] {
  const dir = requireDir(LFW_DIR, 'LFW_DIR');
  const lines = readFileSync(path.join(dir, 'pairsDevTest.txt'), 'utf8').trim().split(/\r?\n/).slice(1);
  const photosOf = (name: string) => readdirSync(path.join(dir, name)).filter((f) => f.endsWith('.jpg')).sort();
  const several = [...new Set(lines.map((l) => l.split('\t')).filter((f) => f.length === 3).map((f) => f[0]!))].sort();
  return several
    .filter((n) => photosOf(n).length >= PHOTOS_EACH)
    .slice(0, PEOPLE)
    .flatMap((n) => photosOf(n).slice(0, PHOTOS_EACH).map((f) => path.join(dir, n, f)));
}

const personOf = (file: string) => file.replace(/(_copy\d+)?\.jpg$/, '').replace(/_\d{4}$/, '');

async function groupsOnPage(page: Page): Promise<Array<{ faces: number; photos: string[] }>> {
  return page.getByTestId('face-group').evaluateAll((groups) =>
    groups.map((g) => ({
      faces: Number(g.getAttribute('data-faces')),
      photos: [...g.querySelectorAll('[data-testid="group-face"]')].map((f) => f.getAttribute('data-photo') ?? ''),
    })),
  );
}

/** How many results the page has stored in IndexedDB so far (its writes are batched, a few hundred ms late). */
function storedResults(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(new Error(`IndexedDB open: ${open.error?.message}`));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('results', 'readonly').objectStore('results').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(new Error(`IndexedDB count: ${count.error?.message}`));
        };
      }),
  );
}

/** Copies every stored result `copies` times (new ids and file names, after the batch), in one transaction. */
async function multiplyStoredResults(page: Page, copies: number): Promise<number> {
  return page.evaluate(
    (copies) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('facewise');
        open.onerror = () => reject(new Error(`IndexedDB open: ${open.error?.message}`));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('results', 'readwrite');
          const store = tx.objectStore('results');
          const all = store.getAll();
          let written = 0;
          all.onsuccess = () => {
            const records = all.result as Array<{ id: string; order: number; name: string; status: string; faces: unknown[] }>;
            const done = records.filter((r) => r.status === 'done' && r.faces.length > 0);
            let order = Math.max(...records.map((r) => r.order)) + 1;
            for (let c = 1; c <= copies; c++)
              for (const r of done) {
                store.put({ ...r, id: `${r.id}-copy${c}`, order: order++, name: r.name.replace(/\.jpg$/, `_copy${c}.jpg`) });
                written += r.faces.length;
              }
          };
          tx.oncomplete = () => {
            db.close();
            resolve(written);
          };
          tx.onerror = () => reject(new Error(`IndexedDB write: ${tx.error?.message}`));
        };
      }),
    copies,
  );
}

test('a reload groups 1,200 stored faces again, sharing the scan with a second worker', async ({ page, context }) => {
  test.setTimeout(300_000);
  const files = pick();
  expect(files).toHaveLength(PEOPLE * PHOTOS_EACH);
  await openApp(page);
  await waitForEngineReady(page);
  await addPhotos(page, files);
  const line = page.getByTestId('results-summary');
  await expect.poll(async () => Number(await line.getAttribute('data-done')), { timeout: 200_000 }).toBe(files.length);
  await expect.poll(async () => (await groupsOnPage(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);

  // Every result stored before they are copied (the last ones are written just after their cards show).
  await expect.poll(() => storedResults(page), { timeout: 10_000 }).toBe(files.length);
  const copied = await multiplyStoredResults(page, COPIES);
  expect(copied).toBe(files.length * COPIES);
  expect(copied + files.length).toBeGreaterThan(SPLIT_SCAN_FACES);
  // Workers started by workers are CDP targets: watch for the scan worker by its name.
  const cdp = await context.newCDPSession(page);
  const names: string[] = [];
  const seen = ({ targetInfo }: { targetInfo: { title: string; url: string } }) => names.push(`${targetInfo.title} ${targetInfo.url}`);
  cdp.on('Target.targetCreated', seen);
  cdp.on('Target.targetInfoChanged', seen);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  await page.reload();
  await waitForEngineReady(page);
  await expect
    .poll(async () => (await groupsOnPage(page)).reduce((n, g) => n + g.faces, 0), { timeout: 120_000 })
    .toBe(files.length * (COPIES + 1));
  const groups = await groupsOnPage(page);
  // Each person's photos and their copies: one group per person at most, never two people in one.
  for (const g of groups) expect(new Set(g.photos.map(personOf)).size, JSON.stringify(g.photos)).toBe(1);
  expect(groups.filter((g) => g.faces >= COPIES).length).toBeGreaterThanOrEqual(PEOPLE - 1);
  expect(names.some((n) => n.includes('scan.worker') || n.includes('facewise-grouping-scan')), names.join(', ')).toBe(true);
  // The scan's WebAssembly SIMD kernel compiles where the grouping runs (the app's worker, its CSP, this
  // browser's SIMD); where it could not, the scan would fall back to JavaScript unseen.
  const grouping = page.workers().find((w) => w.url().includes('grouping'));
  expect(grouping, page.workers().map((w) => w.url()).join(', ')).toBeDefined();
  const compiles = await grouping!.evaluate((bytes) => {
    const module = Uint8Array.from(bytes);
    return WebAssembly.validate(module) && new WebAssembly.Module(module) instanceof WebAssembly.Module;
  }, [...SCAN_KERNEL_WASM]);
  expect(compiles).toBe(true);
});
