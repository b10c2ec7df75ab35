// The node's streaming multipart reader, fed in awkward chunk sizes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headerParams, multipartBoundary, readMultipart } from '../../tools/ipfs-node/lib/multipart.mjs';
import { pseudoRandomBytes } from './helpers.mjs';

const BOUNDARY = 'xYz-boundary-42';

function body(parts, { preamble = '', epilogue = '' } = {}) {
  const pieces = [Buffer.from(preamble)];
  for (const part of parts) {
    pieces.push(Buffer.from(`--${BOUNDARY}\r\n${part.headers.join('\r\n')}\r\n\r\n`), part.data, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\n${epilogue}`));
  return Buffer.concat(pieces);
}

async function* chunked(buf, sizes) {
  let i = 0;
  let k = 0;
  while (i < buf.length) {
    const n = sizes[k++ % sizes.length];
    yield buf.subarray(i, i + n);
    i += n;
  }
}

async function parse(source) {
  const out = [];
  for await (const part of readMultipart(source, BOUNDARY)) {
    const chunks = [];
    for await (const c of part.body) chunks.push(c);
    out.push({ filename: part.filename, type: part.contentType, data: Buffer.concat(chunks) });
  }
  return out;
}

const TRICKY = Buffer.concat([
  Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n`), // an almost-delimiter
  Buffer.from('\r\n\r\n--\r\n'),
  pseudoRandomBytes(70_000, 'multipart'),
  Buffer.from(`\r\n-${BOUNDARY}`),
]);

const PARTS = [
  {
    headers: [
      'Content-Disposition: form-data; name="file"; filename="a%2Fb.txt"',
      'Content-Type: application/octet-stream',
    ],
    data: TRICKY,
  },
  {
    headers: ['Content-Disposition: form-data; name="file"; filename="dir"', 'Content-Type: application/x-directory'],
    data: Buffer.alloc(0),
  },
  { headers: ['Content-Disposition: form-data; name="file"; filename="empty"'], data: Buffer.alloc(0) },
  { headers: ['Content-Disposition: form-data; name="file"; filename="q\\"uote.bin"'], data: Buffer.from('--') },
];

describe('multipart reader', () => {
  for (const sizes of [[1], [3, 7, 1], [64], [4096, 13], [1 << 20]]) {
    it(`parses parts fed in chunks of ${sizes.join(', ')} bytes`, async () => {
      const parts = await parse(chunked(body(PARTS, { preamble: 'ignored preamble\r\n', epilogue: 'trailer' }), sizes));
      assert.equal(parts.length, PARTS.length);
      assert.deepEqual(
        parts.map((p) => p.filename),
        ['a%2Fb.txt', 'dir', 'empty', 'q"uote.bin'],
      );
      assert.equal(parts[1].type, 'application/x-directory');
      for (let i = 0; i < PARTS.length; i++) assert.ok(parts[i].data.equals(PARTS[i].data), `part ${i}`);
    });
  }

  it('skips bodies that are not read', async () => {
    const names = [];
    for await (const part of readMultipart(chunked(body(PARTS), [100]), BOUNDARY)) names.push(part.filename);
    assert.equal(names.length, PARTS.length);
  });

  it('fails on a truncated body', async () => {
    const whole = body(PARTS);
    await assert.rejects(parse(chunked(whole.subarray(0, whole.length - 30), [500])), /closing boundary|truncated/);
  });

  it('reads boundaries and header parameters', () => {
    assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
    assert.equal(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('application/json'), null);
    assert.equal(multipartBoundary('multipart/form-data'), null);
    assert.deepEqual(headerParams('form-data; name="file"; filename="x;y.txt"'), {
      value: 'form-data',
      params: { name: 'file', filename: 'x;y.txt' },
    });
  });
});
