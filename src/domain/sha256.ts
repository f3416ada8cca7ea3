/**
 * Hex SHA-256 of a file's bytes, in any context. WebCrypto (`crypto.subtle`, native and off the calling
 * thread) exists only in secure contexts (https, localhost); a page served over plain http from another
 * name falls back to hash-wasm (WebAssembly, 3.4× @noble/hashes on 5 MB: `npm run bench:hash`), fed in
 * 1 MiB slices with a yield between them so the page never holds a long task. hash-wasm is loaded only
 * when it is needed (a chunk of its own: secure contexts never fetch it).
 */
const SLICE_BYTES = 1 << 20;

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Whether WebCrypto's digest is here (secure contexts only). */
export function hasSubtleDigest(): boolean {
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  return typeof subtle?.digest === 'function';
}

/** SHA-256 with hash-wasm, whatever the context: of a Blob read a slice at a time, or of bytes already read. */
export async function sha256HexWasm(data: Blob | Uint8Array): Promise<string> {
  const { createSHA256 } = await import('hash-wasm');
  const hasher = await createSHA256();
  hasher.init();
  const size = data instanceof Uint8Array ? data.byteLength : data.size;
  for (let at = 0; at < size; at += SLICE_BYTES) {
    const end = Math.min(size, at + SLICE_BYTES);
    hasher.update(data instanceof Uint8Array ? data.subarray(at, end) : new Uint8Array(await data.slice(at, end).arrayBuffer()));
    // Let the event loop breathe between slices (await above already yields to microtasks only).
    if (end < size) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return hasher.digest('hex');
}

/** SHA-256 of a Blob's bytes, or of bytes already read, hex: WebCrypto where the context allows it, hash-wasm elsewhere. */
export async function sha256Hex(data: Blob | Uint8Array): Promise<string> {
  if (!hasSubtleDigest()) return sha256HexWasm(data);
  const bytes = data instanceof Uint8Array ? data : await data.arrayBuffer();
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}
