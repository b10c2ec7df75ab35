// Slow (scripts/ipfs-slow.sh): a file past 174 MiB, where the profile's 1,024-link nodes differ
// from Kubo's historic 174, uploaded as a stream to the local node: the node must build the same
// DAG (max-file-links=1024), so its CID equals ours; read back through the gateway, verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { init } from '../../wasm/js/ehr.js';
import { createGatewayClient, createUploader } from '../../wasm/js/gateway.js';

const MiB = 1 << 20;
const SIZE = 180 * MiB + 12345;

function* source() {
  for (let off = 0, i = 0; off < SIZE; off += MiB, i++) {
    const piece = new Uint8Array(Math.min(MiB, SIZE - off)).fill(i & 255);
    piece[0] = i >> 8;
    yield piece;
  }
}

test('180 MiB streamed to the node: same CID (1,024 links per node), identical bytes back', async () => {
  const ehr = await init();
  const dir = await mkdtemp(join(tmpdir(), 'ehr-ipfs-large-'));
  const node = await startIpfsNode({ dataDir: dir, port: 0 });
  try {
    const local = await ehr.ipfs.cid(source());
    const legacy = await ehr.ipfs.cid(source(), { profile: { ...ehr.ipfs.profile(), maxLinks: 174 } });
    assert.notEqual(local, legacy, 'past 174 MiB the link width must matter');
    const up = await createUploader(ehr, { apiUrl: node.apiUrl }).add(source());
    assert.equal(up.cid, local);
    const want = createHash('sha256');
    for (const p of source()) want.update(p);
    const got = createHash('sha256');
    let n = 0;
    for await (const p of createGatewayClient(ehr, { gateways: [node.gatewayUrl], mode: 'car' }).cat(up.cid)) {
      got.update(p);
      n += p.length;
    }
    assert.equal(n, SIZE);
    assert.equal(got.digest('hex'), want.digest('hex'));
  } finally {
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
