// Type-checks wasm/js/ehr.d.ts against real calls (compiled with tsc --noEmit by
// tests/wasm/types.test.mjs). The @ts-expect-error lines fail the check if the types get looser.
import {
  init, wipe, EhrError, type Ehr, type IncrementalHash, type PrivateKey, type SymmetricKey, type X25519KeyPair,
  type PushStream, type PullStream, type PullResult, type KeyInput,
} from '../../wasm/js/ehr.js';

export async function useApi(): Promise<string> {
  const ehr: Ehr = await init();
  const sk = new Uint8Array(32);
  const h: Uint8Array = ehr.keccak256(new Uint8Array(0));
  const s: Uint8Array = ehr.sha256(h);
  const pub: Uint8Array = ehr.secp256k1.getPublicKey(sk, true);
  const sig: Uint8Array = ehr.secp256k1.sign(h, sk);
  const ok: boolean = ehr.secp256k1.verify(sig, h, pub, { lowS: false });
  const rec: Uint8Array = ehr.secp256k1.recover(sig, h, true);
  const valid: boolean = ehr.secp256k1.isValidPrivateKey(sk);
  const der: Uint8Array = ehr.secp256k1.signatureFromDer(s);
  const addr: string = ehr.address.fromPublicKey(pub);
  const raw: Uint8Array = ehr.address.parse(addr, { strict: true });
  const sum: string = ehr.address.toChecksum(raw);
  const inc: IncrementalHash = ehr.createKeccak256().update(h);
  const d: Uint8Array = inc.digest();
  {
    using k = ehr.createSha256();
    k.update(d);
  }
  wipe(sk);
  ehr.wipe(rec);
  try {
    ehr.secp256k1.getPublicKey(sk);
  } catch (e) {
    if (e instanceof EhrError) return e.code;
  }
  // @ts-expect-error keys are bytes, never strings
  ehr.secp256k1.sign(h, 'secret');
  // @ts-expect-error verify returns a boolean
  const notBytes: Uint8Array = ehr.secp256k1.verify(sig, h, pub);
  // @ts-expect-error the API object is read-only
  ehr.version = 'x';
  return `${ok} ${valid} ${der.length} ${sum} ${notBytes.length}`;
}

export async function useCryptoApi(): Promise<number> {
  const ehr: Ehr = await init();
  const data = new Uint8Array(8);
  const h512: Uint8Array = ehr.sha512(data);
  const b2: Uint8Array = ehr.blake2b(data, { dkLen: 16, key: h512 });
  const inc: Uint8Array = ehr.createBlake2b({ dkLen: 64 }).update(data).digest();
  const s512: Uint8Array = ehr.createSha512().update(data).digest();
  const mac: Uint8Array = ehr.hmacSha256(b2, data);
  const mac512: Uint8Array = ehr.hmacSha512(b2, data);
  const okm: Uint8Array = ehr.hkdf.derive(mac, { salt: data, info: data, length: 64 });
  const prk: Uint8Array = ehr.hkdf.extract(data, mac);
  const exp: Uint8Array = ehr.hkdf.expand(prk, data, 16);
  const pw: Uint8Array = ehr.argon2id(data, ehr.randomBytes(16), { opsLimit: 2, memLimit: 65536, length: 32 });

  const sk: PrivateKey = ehr.secp256k1.PrivateKey.generate();
  const imported: PrivateKey = ehr.secp256k1.PrivateKey.fromBytes(ehr.randomBytes(32));
  const pub: Uint8Array = sk.publicKey(false);
  const sig: Uint8Array = sk.sign(ehr.keccak256(data));
  const shared: Uint8Array = sk.ecdh(imported.publicKey(), { hash: 'sha256' });
  const point: Uint8Array = ehr.secp256k1.publicKeyFromSpki(ehr.secp256k1.publicKeyToSpki(pub));
  const raw: Uint8Array = ehr.secp256k1.ecdh(ehr.randomBytes(32), point);
  sk[Symbol.dispose]();
  imported.dispose();
  const gone: boolean = sk.disposed;

  const kp: X25519KeyPair = ehr.x25519.KeyPair.fromSeed(ehr.randomBytes(32));
  const box: Uint8Array = ehr.sealedBox.seal(data, kp.publicKey);
  const opened: Uint8Array = ehr.sealedBox.open(box, kp);
  const dh: Uint8Array = kp.sharedSecret(ehr.x25519.scalarMultBase(ehr.randomBytes(32)));
  kp.dispose();

  const key: SymmetricKey = ehr.SymmetricKey.generate();
  const k2: KeyInput = ehr.randomBytes(32);
  const nonce = ehr.randomBytes(ehr.aead.xchacha20poly1305.NONCE_BYTES);
  const ct: Uint8Array = ehr.aead.xchacha20poly1305.encrypt(key, nonce, data, h512);
  const pt: Uint8Array = ehr.aead.xchacha20poly1305.decrypt(key, nonce, ct, h512);
  const ct2: Uint8Array = ehr.aead.chacha20poly1305.encrypt(k2, nonce.subarray(0, 12), data);

  const push: PushStream = ehr.secretstream.createPush(key);
  const c1: Uint8Array = push.push(data, { final: true, ad: h512 });
  const pull: PullStream = ehr.secretstream.createPull(push.header, key);
  const r: PullResult = pull.pull(c1, { ad: h512 });
  const fin: boolean = r.final && pull.finalSeen;
  pull.end();
  push.dispose();
  const enc: TransformStream<Uint8Array, Uint8Array> = ehr.secretstream.encryptStream(key, { chunkSize: 4096 });
  const dec: TransformStream<Uint8Array, Uint8Array> = ehr.secretstream.decryptStream(k2);
  key.dispose();
  ehr.disposeAll();
  const live: number = ehr.liveHandles();

  // @ts-expect-error sealed boxes open only with a key pair handle, never with key bytes
  ehr.sealedBox.open(box, ehr.randomBytes(32));
  // @ts-expect-error handles are made by generate()/fromBytes(), not by a constructor
  new ehr.SymmetricKey(1);
  // @ts-expect-error the hash option is 'none' or 'sha256'
  ehr.secp256k1.ecdh(raw, point, { hash: 'md5' });
  // @ts-expect-error argon2id takes password bytes, never a string
  ehr.argon2id('password', data);
  return [h512, b2, inc, s512, mac, mac512, okm, exp, pw, sig, shared, opened, dh, ct, pt, ct2, r.plaintext]
    .reduce((n, u) => n + u.length, 0) + Number(gone) + Number(fin) + live + Number(enc === dec);
}
