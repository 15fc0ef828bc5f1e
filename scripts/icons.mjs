// Draws the extension's icons (a bookmark with a branching mark on a green tile) and writes them
// as PNG files into icons/. Uses only Node's built-in modules: shapes are sampled on a 4×4 grid
// per pixel for anti-aliasing, and the PNG is assembled by hand (IHDR, one zlib IDAT, IEND).
//
//   node scripts/icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZES = [16, 32, 48, 128];
const SAMPLES = 4;
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');

const TILE_TOP = [38, 140, 110];
const TILE_BOTTOM = [20, 92, 74];
const PAPER = [255, 255, 255];
const INK = [24, 112, 89];

function insideRoundedSquare(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
}

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function nearSegment(x, y, [ax, ay], [bx, by], width) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  const dx = x - (ax + t * vx);
  const dy = y - (ay + t * vy);
  return dx * dx + dy * dy <= (width / 2) ** 2;
}

const BOOKMARK = [
  [0.3, 0.19],
  [0.7, 0.19],
  [0.7, 0.83],
  [0.5, 0.68],
  [0.3, 0.83],
];
/** The "ramify" mark: a stem that forks twice. */
const BRANCHES = [
  [[0.5, 0.6], [0.5, 0.3]],
  [[0.5, 0.5], [0.6, 0.38]],
  [[0.5, 0.43], [0.4, 0.32]],
];

/** The colour of one sample point, or undefined outside the tile. */
function colourAt(x, y, size) {
  const corner = size <= 16 ? 0.18 : 0.22;
  if (!insideRoundedSquare(x, y, size <= 16 ? 0 : 0.03, corner)) return undefined;
  if (insidePolygon(x, y, BOOKMARK)) {
    const stroke = size <= 16 ? 0 : size <= 32 ? 0.075 : 0.055;
    if (stroke > 0 && BRANCHES.some(([a, b]) => nearSegment(x, y, a, b, stroke))) return INK;
    return PAPER;
  }
  return TILE_TOP.map((top, i) => Math.round(top + (TILE_BOTTOM[i] - top) * y));
}

function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered += 1;
        }
      }
      const at = (py * size + px) * 4;
      if (covered > 0) {
        pixels[at] = Math.round(r / covered);
        pixels[at + 1] = Math.round(g / covered);
        pixels[at + 2] = Math.round(b / covered);
        pixels[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
      }
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each scanline starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  writeFileSync(join(out, `icon-${size}.png`), png(size, render(size)));
}
console.log(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')} to icons/`);
