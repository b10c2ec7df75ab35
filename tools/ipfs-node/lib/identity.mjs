// A stable Ed25519 peer identity, kept in the data directory, so that
// /api/v0/id answers like Kubo does. The node never dials or listens on
// libp2p, so the key signs nothing; it only names the node.

import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base58btc } from 'multiformats/bases/base58';
import { identity } from 'multiformats/hashes/identity';

export async function loadIdentity(dataDir) {
  const file = join(dataDir, 'identity.key');
  let privateKey;
  try {
    privateKey = createPrivateKey({ key: await readFile(file), format: 'der', type: 'pkcs8' });
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    privateKey = generateKeyPairSync('ed25519').privateKey;
    await writeFile(file, privateKey.export({ format: 'der', type: 'pkcs8' }), { mode: 0o600 });
  }
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  // libp2p PublicKey protobuf: field 1 (KeyType) = 1 (Ed25519), field 2 (Data) = 32 bytes
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), raw]);
  const peerId = base58btc.encode(identity.digest(protobuf).bytes).slice(1);
  return { peerId, publicKey: protobuf.toString('base64') };
}
