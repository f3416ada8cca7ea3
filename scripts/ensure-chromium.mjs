#!/usr/bin/env node
/**
 * Makes sure a system Chromium exists for the Playwright tests and prints its path.
 *
 * Looks at $CHROMIUM_PATH, then /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome.
 * If none is there and we run as root on Debian/Ubuntu, installs Debian's `chromium` with apt-get.
 * Otherwise exits 1 and says how to install one. (`npx playwright install` cannot work here: no CDN.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CHROMIUM_CANDIDATES, findChromium, isExecutableFile } from './chromium-path.mjs';

const HOW_TO_INSTALL = [
  'Install one, then re-run:',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
  '  elsewhere:      install Chromium or Google Chrome and set CHROMIUM_PATH=/path/to/the/binary',
  '(`npx playwright install` is not an option: its download CDN is unreachable.)',
].join('\n');

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)]
      .flatMap((m) => (m[1] ?? '').replace(/["']/g, '').split(/\s+/));
    return ids.includes('debian') || ids.includes('ubuntu');
  } catch {
    return false;
  }
}

function run(command, args) {
  console.log(`ensure-chromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function printVersion(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = (result.stdout ?? '').trim().split('\n')[0];
  if (version) console.log(`ensure-chromium: ${version}`);
}

const envPath = process.env.CHROMIUM_PATH?.trim();
let found = findChromium();

if (!found && envPath) {
  fail(`CHROMIUM_PATH=${envPath} is not an executable file. Fix or unset it.\n${HOW_TO_INSTALL}`);
}

if (!found) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && isDebianLike()) {
    console.log('ensure-chromium: no Chromium found; installing Debian\'s chromium package with apt-get');
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', 'chromium']);
    found = findChromium();
    if (!found) fail(`apt-get installed chromium, but none of ${CHROMIUM_CANDIDATES.join(', ')} exists.`);
  } else {
    fail(
      `no Chromium found (looked at $CHROMIUM_PATH, ${CHROMIUM_CANDIDATES.join(', ')}).\n` +
        (isRoot ? '' : 'Not root, so not installing one automatically.\n') +
        HOW_TO_INSTALL,
    );
  }
}

console.log(`ensure-chromium: using ${found}`);
printVersion(found);

// Firefox ESR for tests/e2e/firefox.spec.ts (driven over WebDriver BiDi by puppeteer-core).
const FIREFOX = process.env.FIREFOX_PATH?.trim() || '/usr/bin/firefox-esr';
if (!isExecutableFile(FIREFOX)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && isDebianLike()) {
    console.log("ensure-chromium: no Firefox ESR found; installing Debian's firefox-esr package with apt-get");
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', 'firefox-esr']);
  } else {
    fail(`no Firefox at ${FIREFOX} (the Firefox browser test needs it): sudo apt-get install -y firefox-esr, or set FIREFOX_PATH.`);
  }
}
console.log(`ensure-chromium: Firefox at ${FIREFOX}`);
printVersion(FIREFOX);

