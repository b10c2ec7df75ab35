// Large test files on disk: random bytes written 1 MiB at a time (never the whole file in
// memory), with their SHA-256; and the SHA-256 of a file on disk, streamed.
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';

/**
 * Writes `bytes` random bytes to `path` and resolves to their SHA-256 (hex).
 * @param {string} path
 * @param {number} bytes
 */
export function writeRandomFile(path, bytes) {
  const h = createHash('sha256');
  const fd = openSync(path, 'w');
  const piece = new Uint8Array(1 << 20);
  try {
    for (let left = bytes; left > 0; left -= piece.length) {
      const p = piece.subarray(0, Math.min(piece.length, left));
      randomFillSync(p);
      h.update(p);
      writeSync(fd, p);
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** The SHA-256 (hex) of a file, streamed. */
export async function sha256File(path) {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c);
  return h.digest('hex');
}
