// Secret residue in the WebAssembly heap. For each kind of secret the API handles — secp256k1 keys
// (raw, HD, keystore), BIP-39 mnemonics and seeds, keystore passwords and derived keys, record
// content keys, chart roots and chart keys, X25519 secrets, secretstream keys — a known secret goes
// in through the API and is used; while its handle is alive the scan of the module's whole memory
// must FIND it (so the scan can fail), and after dispose() or a lock (records.clearKeys,
// wallet.lockAll, disposeAll) it must find none of its bytes, nor the hex or ASCII forms of what
// passed through as text. The page-level lock test (DOM and JS heap) is in tests/web.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { mnemonicToSeedSync } from '@scure/bip39';
import { HDKey } from '@scure/bip32';
import { sodium } from './records_reference.mjs';

// The module's WebAssembly.Memory, captured as it is instantiated.
let memory;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const r = await instantiate.apply(this, args);
  memory ??= Object.values((r.instance ?? r).exports).find((v) => v instanceof WebAssembly.Memory);
  return r;
};
const { init } = await import('../../wasm/js/ehr.js');
const ehr = await init();
WebAssembly.instantiate = instantiate;
const { records: r } = ehr;

/** Where `needle` occurs in the module's memory (-1: nowhere). Scans the whole buffer. */
const findIn = (needle) => Buffer.from(memory.buffer).indexOf(Buffer.from(needle));
const present = (needle, what) => assert.ok(findIn(needle) >= 0, `${what}: the scan does not find the live secret`);
const absent = (needle, what) => {
  const at = findIn(needle);
  assert.equal(at, -1, `${what}: found in module memory at offset ${at} after dispose/lock`);
};
const ascii = (s) => new TextEncoder().encode(s);
const hexAscii = (b) => ascii(Buffer.from(b).toString('hex'));
/** Distinct, non-trivial secrets (a seeded pattern, so that no other data can match by chance). */
const secret = (label, n = 32) =>
  new Uint8Array(createHmac('sha512', 'ehr-residue').update(label).digest().subarray(0, n));
/** The key a secretstream state holds: HChaCha20(key, first 16 bytes of the stream header). */
const streamKey = (key, envelopeHeader) =>
  sodium.crypto_core_hchacha20(
    envelopeHeader.subarray(envelopeHeader.length - 24, envelopeHeader.length - 8),
    key,
    null,
  );
const hkdf = (ikm, salt, info) => new Uint8Array(hkdfSync('sha256', ikm, salt, info, 32));

test('memory capture works', () => {
  assert.ok(memory instanceof WebAssembly.Memory);
});

test('secp256k1 private keys: PrivateKey, Wallet, raw-byte signing', () => {
  const sk = secret('k1');
  const key = ehr.secp256k1.PrivateKey.fromBytes(sk);
  key.sign(new Uint8Array(32).fill(1));
  key.ecdh(ehr.secp256k1.getPublicKey(secret('k1-peer')));
  present(sk, 'PrivateKey');
  key.dispose();
  absent(sk, 'PrivateKey');

  const sk2 = secret('wallet');
  const w = ehr.wallet.fromPrivateKey(sk2);
  w.signMessage('hello');
  w.signTransaction({
    type: 2,
    chainId: 1n,
    nonce: 0n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
    gasLimit: 21000n,
    to: w.address,
    value: 0n,
  });
  w.signTypedData(r.encryptionKeyRequest(1, w.address, w.address));
  present(sk2, 'Wallet');
  w.dispose();
  absent(sk2, 'Wallet');

  // Byte-level calls copy the key in for one call only.
  const sk3 = secret('raw');
  ehr.secp256k1.sign(new Uint8Array(32).fill(2), sk3);
  ehr.tx.sign(
    {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
      gasLimit: 21000n,
      to: null,
      value: 0n,
    },
    sk3,
  );
  ehr.eip191.signMessage('x', sk3);
  absent(sk3, 'raw-byte signing');
});

test('mnemonics, BIP-39 seeds and HD keys', () => {
  const phrase = ehr.bip39.entropyToMnemonic(secret('mnemonic', 16));
  const seed = mnemonicToSeedSync(phrase);
  const master = HDKey.fromMasterSeed(seed);
  const child = master.derive("m/44'/60'/0'/0/0");

  const root = ehr.wallet.hdFromMnemonic(phrase);
  present(master.privateKey, 'HD root key');
  present(master.chainCode, 'HD root chain code');
  const acct = root.derive("m/44'/60'/0'/0/0");
  acct.signMessage('x');
  present(child.privateKey, 'HD account key');
  root.dispose();
  acct.dispose();

  const w = ehr.wallet.fromMnemonic(phrase, { passphrase: '' });
  present(child.privateKey, 'fromMnemonic account key');
  w.dispose();

  ehr.bip39.mnemonicToSeed(phrase).fill(0);
  ehr.bip39.mnemonicToEntropy(phrase).fill(0);
  const fromSeed = ehr.wallet.fromSeed(seed);
  present(master.privateKey, 'fromSeed root key');
  fromSeed.dispose();

  for (const [what, bytes] of [
    ['mnemonic text', ascii(phrase)],
    ['BIP-39 seed', seed],
    ['BIP-39 seed (hex)', hexAscii(seed)],
    ['HD root key', master.privateKey],
    ['HD root chain code', master.chainCode],
    ['HD account key', child.privateKey],
  ])
    absent(bytes, what);
});

test('keystores: password, derived key and the decrypted private key', () => {
  const sk = secret('keystore');
  const password = 'correct horse battery staple (residue test)';
  const json = ehr.keystore.encrypt(sk, password, { kdf: 'pbkdf2', c: 2 });
  const dk = ehr.wallet.keystoreDerivedKey(json, password);
  const w = ehr.wallet.fromKeystore(json, password);
  w.signMessage('x');
  present(sk, 'keystore wallet');
  w.dispose();
  const w2 = ehr.wallet.fromKeystoreWithKey(json, dk);
  present(sk, 'keystore wallet (derived key)');
  w2.dispose();
  ehr.keystore.decrypt(json, password).fill(0);
  absent(sk, 'keystore private key');
  absent(sk.subarray(0, 16), 'keystore private key (first half)');
  absent(ascii(password), 'keystore password');
  absent(dk, 'keystore derived key');
  absent(hexAscii(sk), 'keystore private key (hex)');
});

test('record content keys: encryptor and decryptor state', () => {
  const k = secret('content-chart-key');
  const chartKey = r.importChartKey(k, 3, 7);
  const enc = r.createEncryptor({ scope: 3, epoch: 7, chartKeys: [chartKey], chunkSize: 1024 });
  // The content key, recovered from the header's scope wrap with the known chart key.
  const header = enc.header;
  const body = header.subarray(24 + 7, 24 + 7 + 72);
  const contentKey = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    body.subarray(24),
    header.subarray(0, 24),
    body.subarray(0, 24),
    k,
  );
  assert.equal(contentKey.length, 32);
  // A live secretstream holds the subkey HChaCha20(content key, stream header[0..16]), not the
  // content key itself (which the module wipes once the stream is set up).
  const subkey = streamKey(contentKey, header);
  present(subkey, 'content-key stream subkey (encryptor alive)');
  const parts = [enc.push(new Uint8Array(3000).fill(9))]; // the first output starts with the header
  parts.push(enc.finish());
  absent(contentKey, 'content key after finish()');
  absent(subkey, 'content-key stream subkey after finish()');

  const envelope = Buffer.concat(parts);
  const dec = r.createDecryptor({ chartKeys: [chartKey] });
  dec.push(envelope.subarray(0, 500));
  present(subkey, 'content-key stream subkey (decryptor alive)');
  dec.dispose();
  absent(contentKey, 'content key after decryptor dispose()');
  absent(subkey, 'content-key stream subkey after decryptor dispose()');

  // One-shot calls hold it only during the call.
  r.decrypt(envelope, { chartKeys: [chartKey] }).fill(0);
  absent(contentKey, 'content key after decrypt()');
  absent(subkey, 'content-key stream subkey after decrypt()');
  // An encryptor dropped midway and disposed.
  const enc2 = r.createEncryptor({ scope: 3, epoch: 7, chartKeys: [chartKey] });
  const h2 = enc2.header.subarray(24 + 7, 24 + 7 + 72);
  const ck2 = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    h2.subarray(24),
    enc2.header.subarray(0, 24),
    h2.subarray(0, 24),
    k,
  );
  const sub2 = streamKey(ck2, enc2.header);
  present(sub2, 'second stream subkey');
  enc2.dispose();
  absent(ck2, 'content key after encryptor dispose()');
  absent(sub2, 'stream subkey after encryptor dispose()');
  chartKey.dispose();
  absent(k, 'imported chart key');
});

test('chart roots and chart keys: derivation, grants, search index, then the clearKeys lock', () => {
  const rootBytes = secret('chart-root');
  const info = (scope, epoch) => {
    const b = Buffer.alloc(6);
    b.writeUInt16LE(scope, 0);
    b.writeUInt32LE(epoch, 2);
    return b;
  };
  const k01 = hkdf(rootBytes, 'ehr/chart-key/v1', info(0, 1));
  const k52 = hkdf(rootBytes, 'ehr/chart-key/v1', info(5, 2));
  const root = r.importChartRoot(rootBytes);
  const a = root.chartKey(0, 1);
  const b = root.chartKey(5, 2);
  present(rootBytes, 'chart root');
  present(k01, 'K(0, 1)');
  present(k52, 'K(5, 2)');
  const env = r.encrypt(new Uint8Array(100).fill(1), { scope: 0, epoch: 1, chartKeys: [a] });
  r.decrypt(env, { chartKeys: [a] }).fill(0);
  const ix = r.search.create(b);
  ix.addTerms('r1', { words: ['asthma'] });
  const sealed = ix.seal(b);
  ix.dispose();
  r.search.open(sealed, b).dispose();
  const grantee = r.generateX25519();
  const epochs = new Array(32).fill(0);
  epochs[0] = 1;
  epochs[5] = 2;
  const payload = r.grants.create(root, grantee.publicKey, (1 << 0) | (1 << 5), epochs);
  const opened = r.grants.open(payload, grantee);
  assert.equal(opened.length, 2);
  r.grants.afterEpochChange(root, 1, epochs, [{ publicKey: grantee.publicKey, scopes: 1 }]);
  // Lock: every key in the module at once (the objects stay, unusable).
  r.clearKeys();
  assert.equal(r.keyCount(), 0);
  absent(rootBytes, 'chart root after clearKeys()');
  absent(k01, 'K(0, 1) after clearKeys()');
  absent(k52, 'K(5, 2) after clearKeys()');
  assert.throws(
    () => a.dispose() ?? r.chartKeyHint(a),
    (e) => e.code === 'ERR_BAD_HANDLE',
  );
});

test('key wraps: the wrapped and unwrapped key leave nothing behind once disposed', () => {
  const rootBytes = secret('wrapped-root');
  const recipient = r.generateX25519();
  const root = r.importChartRoot(rootBytes);
  const wrap = r.wrapKey(root, recipient.publicKey);
  root.dispose();
  absent(rootBytes, 'chart root after wrapKey() and dispose()');
  const back = r.unwrapKey(wrap, recipient);
  present(rootBytes, 'unwrapped chart root');
  back.dispose();
  absent(rootBytes, 'chart root after unwrapKey() and dispose()');
  recipient.dispose();
});

test('X25519 secrets: identity keys, MetaMask decryption, institution group keys, crypto key pairs', () => {
  const seed = secret('identity-seed', 64);
  const idSecret = hkdf(seed, 'ehr/x25519/v1', 'account/0');
  const id = r.identityFromSeed(seed, 0);
  present(idSecret, 'identity X25519 secret');
  const msg = r.metamask.encrypt(r.metamask.publicKeyOf(id), 'health data');
  assert.equal(r.metamask.decrypt(msg, id), 'health data');
  id.dispose();
  absent(idSecret, 'identity secret after dispose()');
  absent(seed, 'identity seed');

  const xs = secret('x25519-import');
  const imported = r.importX25519Secret(xs);
  present(xs, 'imported X25519 secret');
  const group = r.institutions.create(1, [imported.publicKey]);
  const groupKey = r.institutions.open(group.memberWraps, imported);
  groupKey.dispose();
  group.groupKey.dispose();
  imported.dispose();
  absent(xs, 'imported X25519 secret after dispose()');

  const xs2 = secret('x25519-crypto');
  const kp = ehr.x25519.KeyPair.fromSecretKey(xs2);
  const peer = ehr.x25519.KeyPair.generate();
  const shared = kp.sharedSecret(peer.publicKey);
  ehr.sealedBox.open(ehr.sealedBox.seal(new Uint8Array(5), kp.publicKey), kp);
  present(xs2, 'X25519KeyPair');
  kp.dispose();
  peer.dispose();
  absent(xs2, 'X25519KeyPair after dispose()');
  absent(shared, 'X25519 shared secret');
});

test('symmetric keys and the disposeAll / lockAll locks', () => {
  const k = secret('symmetric');
  const key = ehr.SymmetricKey.fromBytes(k);
  const ct = ehr.aead.xchacha20poly1305.encrypt(key, new Uint8Array(24), new Uint8Array(10));
  ehr.aead.xchacha20poly1305.decrypt(key, new Uint8Array(24), ct);
  const push = ehr.secretstream.createPush(key);
  push.push(new Uint8Array(10));
  present(k, 'SymmetricKey');
  ehr.disposeAll();
  assert.equal(ehr.liveHandles(), 0);
  absent(k, 'SymmetricKey after disposeAll()');

  const sk = secret('lock-all');
  const w = ehr.wallet.fromPrivateKey(sk);
  w.signMessage('x');
  present(sk, 'wallet before lockAll');
  ehr.wallet.lockAll();
  absent(sk, 'wallet key after lockAll()');
  assert.throws(
    () => w.signMessage('x'),
    (e) => e.code === 'ERR_BAD_HANDLE',
  );
});

// The page's lock (web/src/key-registry.js disposeAll, what lock, idle timeout and tab close run) must wipe
// every live secret-holding object the module holds, of every kind, whether the page registered it
// or not, including objects in the middle of their work: an encryptor and a decryptor mid-stream,
// a search index, an HD wallet, a keystore unlock, a chart root, a chart key, an identity, a group
// key (and the crypto area's keys and secretstream states). Each is made from a known secret; the
// test computes what each object holds (derived keys, stream subkeys) with @noble / node:crypto /
// libsodium, checks the scan finds it while live, locks, scans the whole memory again, and checks
// every handle now fails with the typed stale-handle error ERR_BAD_HANDLE.
test('the page lock (key-registry.js disposeAll) wipes every live secret-holding object of every kind', async () => {
  const { disposeAll: lock, registerKey, setModule } = await import('../../web/src/key-registry.js');
  setModule(ehr); // what web/src/module.js does once the module is loaded
  const secrets = []; // [what, bytes]
  const live = (what, bytes) => {
    present(bytes, `${what} (live, before the lock)`);
    secrets.push([what, bytes]);
  };

  // A chart key and an encryptor in the middle of a stream.
  const chartKeyBytes = secret('lock-chart-key');
  const chartKey = r.importChartKey(chartKeyBytes, 3, 7);
  live('chart key', chartKeyBytes);
  const enc = r.createEncryptor({ scope: 3, epoch: 7, chartKeys: [chartKey], chunkSize: 1024 });
  const body = enc.header.subarray(24 + 7, 24 + 7 + 72);
  const contentKey = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    body.subarray(24),
    enc.header.subarray(0, 24),
    body.subarray(0, 24),
    chartKeyBytes,
  );
  const encSubkey = streamKey(contentKey, enc.header);
  enc.push(new Uint8Array(5000).fill(7)); // mid-stream: chunks out, no FINAL yet
  live('encryptor stream subkey (mid-stream)', encSubkey);

  // A decryptor in the middle of another envelope.
  const envelope = r.encrypt(new Uint8Array(5000).fill(8), {
    scope: 3,
    epoch: 7,
    chartKeys: [chartKey],
    chunkSize: 1024,
  });
  const hdrLen = r.inspect(envelope).headerLength;
  const header2 = envelope.subarray(0, hdrLen);
  const body2 = header2.subarray(24 + 7, 24 + 7 + 72);
  const contentKey2 = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    body2.subarray(24),
    header2.subarray(0, 24),
    body2.subarray(0, 24),
    chartKeyBytes,
  );
  const decSubkey = streamKey(contentKey2, header2);
  const dec = r.createDecryptor({ chartKeys: [chartKey] });
  dec.push(envelope.subarray(0, hdrLen + 1500)); // header and one chunk of four
  live('decryptor stream subkey (mid-stream)', decSubkey);

  // A search index: it holds its own key, HKDF(chart key, "ehr/search-index/v1").
  const index = r.search.create(chartKey);
  index.addTerms('r1', { words: ['asthma'] });
  live('search index key', hkdf(chartKeyBytes, 'ehr/search-index/v1', new Uint8Array(0)));

  // A chart root and a chart key derived from it.
  const rootBytes = secret('lock-chart-root');
  const root = r.importChartRoot(rootBytes);
  const info = Buffer.alloc(6);
  info.writeUInt16LE(5, 0);
  info.writeUInt32LE(2, 2);
  const derived = root.chartKey(5, 2);
  live('chart root', rootBytes);
  live('chart key derived from the root', hkdf(rootBytes, 'ehr/chart-key/v1', info));

  // An identity (X25519 secret from a seed) and a group key (opened from member wraps).
  const seed = secret('lock-identity-seed', 64);
  const identity = r.identityFromSeed(seed, 0);
  live('identity X25519 secret', hkdf(seed, 'ehr/x25519/v1', 'account/0'));
  const memberSecret = secret('lock-member');
  const member = r.importX25519Secret(memberSecret);
  live('member X25519 secret', memberSecret);
  const group = r.institutions.create(1, [member.publicKey]);
  // The group secret, from the member's wrap: [1][32 pk][4 version][2 count], then hint (4) || sealed box.
  const opened = sodium.crypto_box_seal_open(
    group.memberWraps.subarray(43, 43 + 36 + 48),
    member.publicKey,
    memberSecret,
  );
  const groupSecret = opened.subarray(4, 36);
  const groupKey = r.institutions.open(group.memberWraps, member);
  live('group key', groupSecret);

  // An HD wallet (root and an account) and a keystore unlock.
  const phrase = ehr.bip39.entropyToMnemonic(secret('lock-mnemonic', 16));
  const master = HDKey.fromMasterSeed(mnemonicToSeedSync(phrase));
  const account = master.derive("m/44'/60'/0'/0/0");
  const hd = ehr.wallet.hdFromMnemonic(phrase);
  const hdAccount = hd.derive("m/44'/60'/0'/0/0");
  live('HD root key', master.privateKey);
  live('HD root chain code', master.chainCode);
  live('HD account key', account.privateKey);
  const ksSecret = secret('lock-keystore');
  const ksJson = ehr.keystore.encrypt(ksSecret, 'lock password', { kdf: 'pbkdf2', c: 2 });
  const unlocked = ehr.wallet.fromKeystore(ksJson, 'lock password');
  live('keystore-unlocked key', ksSecret);

  // The crypto area: a private key, a symmetric key and secretstream states mid-stream.
  const k1Secret = secret('lock-k1');
  const k1 = ehr.secp256k1.PrivateKey.fromBytes(k1Secret);
  live('secp256k1 PrivateKey', k1Secret);
  const symSecret = secret('lock-sym');
  const sym = ehr.SymmetricKey.fromBytes(symSecret);
  live('SymmetricKey', symSecret);
  const push = ehr.secretstream.createPush(sym);
  const pushed = push.push(new Uint8Array(100));
  const ssSubkey = sodium.crypto_core_hchacha20(push.header.subarray(0, 16), symSecret, null);
  live('secretstream subkey (push and pull mid-stream)', ssSubkey);
  const pull = ehr.secretstream.createPull(push.header, sym);
  pull.pull(pushed);

  // The page registers some of its objects with key-registry.js; the lock must reach the others too.
  const hdHandle = hd.handle;
  registerKey(hd);
  registerKey(chartKey);
  assert.ok(ehr.liveHandles() >= 17, `live objects before the lock: ${ehr.liveHandles()}`);

  const report = lock(); // lock, idle timeout, tab close
  assert.equal(report.failed, 0);
  assert.equal(ehr.liveHandles(), 0, 'no object of any kind survives the lock');

  secrets.push(['encryptor content key', contentKey], ['decryptor content key', contentKey2]);
  const residue = secrets.filter(([, bytes]) => findIn(bytes) >= 0).map(([what]) => what);
  assert.deepEqual(residue, [], `still in module memory after the lock: ${residue.join(', ')}`);

  // Every object still referred to from JS now fails with the typed stale-handle error.
  const notStale = [];
  const stale = (what, fn) => {
    try {
      fn();
      notStale.push(`${what} (no error)`);
    } catch (e) {
      if (e.code !== 'ERR_BAD_HANDLE') notStale.push(`${what} (${e.code})`);
    }
  };
  stale('encryptor', () => enc.push(new Uint8Array(10)));
  stale('decryptor', () => dec.push(envelope.subarray(hdrLen + 1500)));
  stale('search index', () => index.query({ words: ['asthma'] }));
  stale('chart key', () => r.chartKeyHint(derived));
  stale('chart root', () => root.chartKey(1, 1));
  stale('identity', () => r.metamask.decrypt(r.metamask.encrypt(member.publicKey, 'x'), identity));
  stale('group key', () => r.institutions.seal(groupKey, 1, [member.publicKey]));
  stale('HD wallet', () => hd.signMessage('x'));
  stale('HD account', () => hdAccount.signMessage('x'));
  stale('keystore unlock', () => unlocked.signMessage('x'));
  stale('PrivateKey', () => k1.sign(new Uint8Array(32).fill(1)));
  stale('SymmetricKey', () => ehr.secretstream.createPush(sym));
  stale('secretstream push', () => push.push(new Uint8Array(1)));
  stale('secretstream pull', () => pull.pull(pushed));
  assert.deepEqual(notStale, [], 'objects that did not fail with ERR_BAD_HANDLE after the lock');
  // The module itself refuses a stale number (the HD wallet's old handle), a forged one and one of
  // another kind: typed errors, never another object.
  const tx = {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    maxFeePerGas: 2n,
    maxPriorityFeePerGas: 1n,
    gasLimit: 21000n,
    to: null,
    value: 0n,
  };
  const fresh = ehr.wallet.fromPrivateKey(secret('lock-after'));
  const freshSym = ehr.SymmetricKey.fromBytes(secret('lock-after-sym'));
  for (const [what, h] of [
    ['stale', hdHandle],
    ['forged', 0x7fffffff],
    ['forged', 12345],
    ['zero', 0],
    ['another kind', freshSym.handle()],
  ]) {
    assert.throws(
      () => ehr.tx.signWithHandle(tx, h),
      (e) => e.code === 'ERR_BAD_HANDLE',
      `${what} handle ${h}`,
    );
  }
  ehr.tx.signWithHandle(tx, fresh.handle);
  fresh.dispose();
  freshSym.dispose();
  setModule(null);
});
