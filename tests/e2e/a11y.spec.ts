/**
 * Accessibility: every control is reachable and usable from the keyboard and has a name; the drop
 * zones open the file picker with Enter and Space; progress and results are announced politely; axe-core
 * finds no serious or critical violation with people known and photos recognised.
 *
 * axe is injected as an inline script, which the app's Content-Security-Policy rightly blocks: this
 * file's contexts bypass CSP (and only this file's).
 */
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { addKnownPeople, addPhotos, waitForCardsSettled } from './fixtures/app';
import { knownPhotos, testPhoto } from './fixtures/data';
import { openAppAt, useBuiltSite } from './fixtures/site';

const require = createRequire(import.meta.url);
const site = useBuiltSite();
test.use({ bypassCSP: true });

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string | undefined }>;
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

function seriousOrWorse(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Tabs through the page and returns a description of each focused element, in order. */
async function tabOrder(page: Page, max = 60): Promise<string[]> {
  const seen: string[] = [];
  await page.locator('body').focus();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const described = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const label = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '';
      return `${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? `[${el.type}]` : ''}:${label.trim().slice(0, 60)}`;
    });
    if (described === null || seen.includes(described)) break;
    seen.push(described);
  }
  return seen;
}

test('keyboard: every control is reachable; the drop zones open the picker with Enter and Space', async ({ page }) => {
  await openAppAt(page, site());
  const order = await tabOrder(page);
  for (const name of ['Known people photos', 'Photos to recognize']) {
    expect(order, `tab order reaches "${name}"`).toContain(`input[file]:${name}`);
  }
  expect(order.some((d) => d.startsWith('input[range]'))).toBe(true);

  for (const [name, key] of [
    ['Known people photos', 'Enter'],
    ['Photos to recognize', 'Space'],
    ['Known people photos', 'Space'],
    ['Photos to recognize', 'Enter'],
  ] as const) {
    await page.getByLabel(name, { exact: true }).focus();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press(key)]);
    expect(chooser.isMultiple(), `${name} picker takes several files`).toBe(true);
    if (name === 'Photos to recognize' && key === 'Enter') {
      // The picker is the real input: choosing a file through it works.
      await chooser.setFiles([testPhoto('biden2.jpg')]);
      await waitForCardsSettled(page, ['biden2.jpg']);
    }
  }
});

test('progress and results are announced politely', async ({ page }) => {
  await openAppAt(page, site());
  const announcer = page.getByTestId('announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('notices')).toHaveAttribute('aria-live', 'polite');
  await expect(announcer).toContainText('0 known people.');
  await addKnownPeople(page, knownPhotos());
  await expect(announcer).toContainText('5 known people.');
  await addPhotos(page, [testPhoto('two_people.jpg'), testPhoto('biden2.jpg')]);
  await waitForCardsSettled(page, ['two_people.jpg', 'biden2.jpg']);
  await expect(announcer).toContainText('Finished: 2 photos analysed, 2 with faces.');
});

test('axe-core: no serious or critical violations, empty and with results', async ({ page }) => {
  await openAppAt(page, site());
  expect(seriousOrWorse(await axeViolations(page)), 'empty app').toEqual([]);
  await addKnownPeople(page, knownPhotos());
  await addPhotos(page, [testPhoto('two_people.jpg'), testPhoto('kit_with_rose.jpg')]);
  await waitForCardsSettled(page, ['two_people.jpg', 'kit_with_rose.jpg']);
  expect(seriousOrWorse(await axeViolations(page)), 'with known people and results').toEqual([]);
});
