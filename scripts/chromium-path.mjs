/**
 * Where the Chromium used by the browser tests lives. Playwright's own browser download is unavailable
 * here (no CDN), so we drive a system Chromium (Debian's `chromium` package) through `executablePath`.
 *
 * Shared by scripts/ensure-chromium.mjs and playwright.config.ts so both agree on the same binary.
 * Order: $CHROMIUM_PATH, then the usual system locations.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** System locations tried after $CHROMIUM_PATH, in order. */
export const CHROMIUM_CANDIDATES = Object.freeze([
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]);

/** Flags every test browser is launched with (root in CI needs --no-sandbox; no background traffic). */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** @param {string} path */
export function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to use, or null when none is found.
 * A set but unusable $CHROMIUM_PATH is not silently replaced by another browser: it yields null.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null}
 */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return isExecutableFile(fromEnv) ? fromEnv : null;
  return CHROMIUM_CANDIDATES.find((candidate) => isExecutableFile(candidate)) ?? null;
}
