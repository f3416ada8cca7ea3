// Writes the app's PNG icons (public/icons/*.png) with nothing but node built-ins: a dark rounded
// square with a light face outline drawn by signed distance, anti-aliased. Run once; the PNGs are
// committed (they're tiny), favicon.svg is hand-written beside them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size, 1 / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const clamp = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const BG = [37, 99, 235];
const FG = [255, 255, 255];

/** `maskable`: full-bleed background (the platform crops it); otherwise a rounded square. */
function icon(maskable) {
  return (u, v, px) => {
    const x = u - 0.5;
    const y = v - 0.5;
    const r = maskable ? 0.5 : 0.42;
    const corner = maskable ? 0 : 0.1;
    const qx = Math.abs(x) - (r - corner);
    const qy = Math.abs(y) - (r - corner);
    const square = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - corner;
    const alpha = clamp(0.5 - square / px);
    const s = maskable ? 0.7 : 1;
    // Face: an ellipse outline, two eyes, a smile.
    const head = Math.abs(Math.hypot(x / 0.24, y / 0.3) - 1) * 0.24 - 0.025 * s;
    const eye = Math.min(Math.hypot(x + 0.085 * s, y + 0.05 * s), Math.hypot(x - 0.085 * s, y + 0.05 * s)) - 0.03 * s;
    const mouthR = Math.hypot(x, y + 0.02 * s);
    const mouth = y > 0.06 * s ? Math.abs(mouthR - 0.13 * s) - 0.018 * s : 1;
    const face = Math.min(head, eye, mouth);
    const t = clamp(0.5 - face / px);
    return [...mix(BG, FG, t), Math.round(alpha * 255)];
  };
}

mkdirSync('public/icons', { recursive: true });
for (const size of [192, 512]) writeFileSync(`public/icons/icon-${size}.png`, png(size, icon(false)));
writeFileSync('public/icons/maskable-512.png', png(512, icon(true)));
writeFileSync('public/icons/apple-touch-icon.png', png(180, icon(true)));
writeFileSync('public/favicon.png', png(32, icon(false)));
