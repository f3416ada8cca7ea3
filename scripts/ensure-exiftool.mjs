#!/usr/bin/env node
/**
 * Makes sure ExifTool exists for the browser tests that read Facewise's XMP sidecars back
 * (tests/e2e/face-regions.spec.ts) and prints its version.
 *
 * Looks for `exiftool` on the PATH. If it is missing and we run as root on Debian/Ubuntu, installs
 * Debian's `libimage-exiftool-perl` with apt-get (the sibling of scripts/ensure-chromium.mjs).
 * Otherwise exits 1 and says how to install it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const HOW_TO_INSTALL = [
  'Install it, then re-run:',
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y libimage-exiftool-perl',
  '  macOS:          brew install exiftool',
  '  elsewhere:      https://exiftool.org/install.html (any ExifTool 12 or later on the PATH)',
].join('\n');

function fail(message) {
  console.error(`ensure-exiftool: ${message}`);
  process.exit(1);
}

function version() {
  const result = spawnSync('exiftool', ['-ver'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? (result.stdout ?? '').trim() : null;
}

function isDebianLike() {
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)].flatMap((m) => (m[1] ?? '').replace(/["']/g, '').split(/\s+/));
    return ids.includes('debian') || ids.includes('ubuntu');
  } catch {
    return false;
  }
}

function run(command, args) {
  console.log(`ensure-exiftool: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

let found = version();
if (!found) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !isDebianLike()) fail(`no exiftool on the PATH.\n${isRoot ? '' : 'Not root, so not installing it automatically.\n'}${HOW_TO_INSTALL}`);
  console.log("ensure-exiftool: no exiftool found; installing Debian's libimage-exiftool-perl with apt-get");
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'libimage-exiftool-perl']);
  found = version();
  if (!found) fail('apt-get installed libimage-exiftool-perl, but `exiftool -ver` still fails.');
}
console.log(`ensure-exiftool: ExifTool ${found}`);
