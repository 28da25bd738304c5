/**
 * Draws the Teams app icons with nothing but node:zlib: `color.png` (192×192, the app's
 * colour tile) and `outline.png` (32×32, white on transparent, as Teams requires). A round
 * table seen from above with six seats around it. Run once; the PNGs are committed.
 *
 * Usage: npx tsx scripts/make-teams-icons.ts [output folder, default manifests/teams]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

/** A PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An RGBA, 8-bit, non-interlaced PNG of `size`×`size` pixels from `pixel(x, y)`. */
export function encodePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x++) rows.set(pixel(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of a shape over pixel (x, y), 4×4 supersampled. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

/** The drawing in a unit square: a ring (the table) and six seats around it. */
function tableShape(size: number): (px: number, py: number) => boolean {
  const c = size / 2;
  const ring = { outer: size * 0.27, inner: size * 0.17 };
  const seatRadius = size * 0.075;
  const seatDistance = size * 0.39;
  const seats = Array.from({ length: 6 }, (_, k) => {
    const a = (Math.PI / 3) * k - Math.PI / 2;
    return [c + seatDistance * Math.cos(a), c + seatDistance * Math.sin(a)] as const;
  });
  return (px, py) => {
    const d = Math.hypot(px - c, py - c);
    if (d <= ring.outer && d >= ring.inner) return true;
    return seats.some(([sx, sy]) => Math.hypot(px - sx, py - sy) <= seatRadius);
  };
}

/** The 192×192 colour icon: white drawing on a rounded blue tile. */
export function colorIcon(): Buffer {
  const size = 192;
  const shape = tableShape(size);
  const r = size * 0.18;
  const tile = (px: number, py: number) => {
    const dx = Math.max(r - px, 0, px - (size - r));
    const dy = Math.max(r - py, 0, py - (size - r));
    return Math.hypot(dx, dy) <= r;
  };
  const blue: Rgba = [0x1f, 0x5f, 0xa8, 255];
  return encodePng(size, (x, y) => {
    const t = coverage(x, y, tile);
    const s = coverage(x, y, shape);
    const mix = (a: number, b: number) => Math.round(a * (1 - s) + b * s);
    return [mix(blue[0], 255), mix(blue[1], 255), mix(blue[2], 255), Math.round(255 * t)];
  });
}

/** The 32×32 outline icon: the drawing in white on a transparent background. */
export function outlineIcon(): Buffer {
  const size = 32;
  const shape = tableShape(size);
  return encodePng(size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, shape))]);
}

const out = process.argv[2] ?? path.join('manifests', 'teams');
writeFileSync(path.join(out, 'color.png'), colorIcon());
writeFileSync(path.join(out, 'outline.png'), outlineIcon());
process.stdout.write(`Wrote ${path.join(out, 'color.png')} (192×192) and ${path.join(out, 'outline.png')} (32×32).\n`);
