// Writes tests/data/envelope/metamask_v1.json: messages in MetaMask's x25519-xsalsa20-poly1305
// format made with tweetnacl (what @metamask/eth-sig-util uses) from fixed keys and nonces, so that
// the native tests can open output of the reference implementation. Output is committed and never
// edited by hand: change this script and run `node scripts/gen-metamask-vectors.mjs`.
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import nacl from 'tweetnacl';
import { getEncryptionPublicKey, decrypt } from '@metamask/eth-sig-util';

const bytes = (label, n) => {
  const out = new Uint8Array(n);
  for (let i = 0, ctr = 0; i < n; ctr++) {
    const block = createHash('sha256').update(`${label}/${ctr}`).digest();
    for (let j = 0; j < block.length && i < n; j++) out[i++] = block[j];
  }
  return out;
};
const b64 = (u8) => Buffer.from(u8).toString('base64');
const hex = (u8) => Buffer.from(u8).toString('hex');

const messages = [
  '',
  'hello',
  'Blood pressure 120/80 mmHg — ok ✓',
  '{"resourceType":"Patient","id":"p1"}',
  'x'.repeat(1000),
];
const cases = messages.map((data, i) => {
  const privateKey = bytes(`metamask recipient ${i}`, 32); // an Ethereum private key
  const ephemeral = nacl.box.keyPair.fromSecretKey(bytes(`metamask ephemeral ${i}`, 32));
  const nonce = bytes(`metamask nonce ${i}`, 24);
  const publicKey = getEncryptionPublicKey(hex(privateKey));
  const box = nacl.box(new TextEncoder().encode(data), nonce, Buffer.from(publicKey, 'base64'), ephemeral.secretKey);
  const encrypted = {
    version: 'x25519-xsalsa20-poly1305',
    nonce: b64(nonce),
    ephemPublicKey: b64(ephemeral.publicKey),
    ciphertext: b64(box),
  };
  // (eth-sig-util's decrypt throws on an empty plaintext: it treats '' as a failure.)
  if (data !== '' && decrypt({ encryptedData: encrypted, privateKey: hex(privateKey) }) !== data) {
    throw new Error('self-check failed');
  }
  return { privateKey: hex(privateKey), encryptionPublicKey: publicKey, data, encrypted };
});
const doc = {
  format: 'MetaMask eth_decrypt format x25519-xsalsa20-poly1305 (@metamask/eth-sig-util 9, tweetnacl 1.0.3)',
  generator: 'scripts/gen-metamask-vectors.mjs; never edit by hand',
  cases,
};
writeFileSync(new URL('../tests/data/envelope/metamask_v1.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote tests/data/envelope/metamask_v1.json (${cases.length} cases)`);
