/**
 * SHA-256 of a 5 MB buffer: hash-wasm (WebAssembly) against @noble/hashes (plain JS) and WebCrypto, the
 * three ways a page could hash a photo. Node's V8 runs the same JS and WASM as Chromium's.
 * `npm run bench:hash [-- --mb 5 --runs 20]` prints the median milliseconds of each.
 */
import { webcrypto } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { createSHA256 } from 'hash-wasm';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const mb = arg('mb', 5);
const runs = arg('runs', 20);
const data = new Uint8Array(mb * 1024 * 1024);
for (let i = 0; i < data.length; i += 65536) webcrypto.getRandomValues(data.subarray(i, Math.min(data.length, i + 65536)));

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function median(label: string, fn: () => Promise<string> | string): Promise<string> {
  await fn(); // warm (WASM compile, JIT)
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)] ?? NaN;
  console.log(`${label.padEnd(16)} ${m.toFixed(1)} ms median of ${runs} (${(mb / (m / 1000)).toFixed(0)} MB/s)`);
  return out;
}

const hasher = await createSHA256();
const a = await median('hash-wasm', () => hasher.init().update(data).digest('hex'));
const b = await median('@noble/hashes', () => hex(nobleSha256(data)));
const c = await median('WebCrypto', async () => hex(new Uint8Array(await webcrypto.subtle.digest('SHA-256', data))));
if (a !== b || b !== c) throw new Error('the three digests differ');
console.log(`${mb} MB, digests agree: ${a}`);
