// Type-checks wasm/js/ehr.d.ts against real calls (compiled with tsc --noEmit by
// tests/wasm/types.test.mjs). The @ts-expect-error lines fail the check if the types get looser.
import {
  init,
  wipe,
  EhrError,
  type Ehr,
  type IncrementalHash,
  type PrivateKey,
  type SymmetricKey,
  type X25519KeyPair,
  type PushStream,
  type PullStream,
  type PullResult,
  type KeyInput,
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

// The records area (wasm/js/records.d.ts).
import type {
  ChartKey,
  X25519Key,
  Encryptor,
  Decryptor,
  FhirReport,
  SearchIndex,
  Regrant,
  EthEncryptedData,
} from '../../wasm/js/ehr.js';

export async function useRecords(): Promise<number> {
  const ehr: Ehr = await init();
  const r = ehr.records;
  const seed = new Uint8Array(64);
  const request = r.encryptionKeyRequest(
    31337,
    '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  );
  const purpose: string = request.message.purpose;
  r.verifyEncryptionKeyRequest(
    new Uint8Array(65),
    request.domain.chainId,
    request.domain.verifyingContract,
    request.message.account,
  );
  const id: X25519Key = r.identityFromSeed(seed, 0);
  const pk: Uint8Array = id.publicKey;
  const root = r.chartRootFromSeed(seed, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
  const k: ChartKey = root.chartKey(r.scopes.labs, 0);
  const scope: number = k.scope;
  const enc: Encryptor = r.createEncryptor({ scope, epoch: k.epoch, chartKeys: [k], recipients: [pk] });
  const first: Uint8Array = enc.push(new Uint8Array(10));
  const last: Uint8Array = enc.finish();
  const dec: Decryptor = r.createDecryptor({ chartKeys: [k], identities: [id] });
  const pt: Uint8Array = dec.push(first);
  dec.finish();
  const headerScope: number | undefined = dec.header?.scope;
  const info = r.inspect(last);
  const need: number = info.complete ? info.headerLength : info.need;
  const ts: TransformStream<Uint8Array, Uint8Array> = r.encryptStream({ scope: 0, epoch: 0, chartKeys: [k] });
  const payload: Uint8Array = r.grants.create(root, pk, 0b101, new Array<number>(32).fill(0));
  const keys: ChartKey[] = r.grants.open(payload, id);
  const again: Regrant[] = r.grants.afterEpochChange(root, 1, new Uint32Array(32), [{ publicKey: pk, scopes: 1 }]);
  const inst = r.institutions.create(1, [pk]);
  const group: X25519Key = r.institutions.open(inst.memberWraps, id);
  const mm: EthEncryptedData = r.metamask.encrypt(r.metamask.publicKeyOf(id), 'hello');
  const text: string = r.metamask.decrypt(mm, id);
  const report: FhirReport = r.fhir.validate({ resourceType: 'Patient' });
  const path: string | undefined = report.issues[0]?.path;
  const idx: SearchIndex = r.search.create(k);
  idx.addTerms('cid', { words: ['a'], codes: [{ system: 's', code: 'c' }], dates: ['2024'] });
  const ids: string[] = idx.query({ words: ['a'], from: '2024', to: '2024' });
  const sealed: Uint8Array = idx.seal(k);
  idx.dispose();
  r.search.open(sealed, k).dispose();
  for (const x of [...keys, id, group, k, root]) x.dispose();
  r.clearKeys();
  // @ts-expect-error chart keys are key objects, never raw bytes
  r.encrypt(pt, { scope: 0, epoch: 0, chartKeys: [new Uint8Array(32)] });
  // @ts-expect-error an X25519 key is not a chart key
  r.createDecryptor({ chartKeys: [id] });
  // @ts-expect-error public keys cannot be replaced
  id.publicKey = new Uint8Array(32);
  return (
    purpose.length +
    need +
    (headerScope ?? 0) +
    again.length +
    ids.length +
    text.length +
    (path?.length ?? 0) +
    ts.readable.locked.valueOf().toString().length
  );
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
  return (
    [h512, b2, inc, s512, mac, mac512, okm, exp, pw, sig, shared, opened, dh, ct, pt, ct2, r.plaintext].reduce(
      (n, u) => n + u.length,
      0,
    ) +
    Number(gone) +
    Number(fin) +
    live +
    Number(enc === dec)
  );
}

// ---- Ethereum area, KDFs, wallets, JSON-RPC, worker ----------------------------------------------
import type {
  Transaction,
  AbiInterface,
  DecodedLog,
  DecodedRevert,
  Wallet,
  HDNode,
  TypedData,
  Rpc,
  Receipt,
} from '../../wasm/js/ehr.js';
import {
  createWorker,
  onDemandWorker,
  type KdfWorker,
  type OnDemandWorker,
  type WorkerOptions,
} from '../../wasm/js/worker.js';
import { RpcError } from '../../wasm/js/rpc.js';

export async function useEth(): Promise<bigint> {
  const ehr: Ehr = await init();
  const key = new Uint8Array(32).fill(1);
  const raw: Uint8Array = ehr.tx.sign(
    { chainId: 1n, nonce: 0, maxFeePerGas: 10n, maxPriorityFeePerGas: '1', gasLimit: 21000n, to: null },
    key,
  );
  const tx: Transaction = ehr.tx.parse(raw, { chainId: 1n });
  const h: Uint8Array = ehr.tx.hash(raw);
  const rlp = ehr.rlp.decode(ehr.rlp.encode([h, 5n, [new Uint8Array(1)]]));
  const iface: AbiInterface = ehr.abi.createInterface([
    { type: 'function', name: 'f', inputs: [{ name: 'a', type: 'uint256' }], outputs: [] },
  ]);
  const data: Uint8Array = iface.encodeFunctionData('f', [1n]);
  const args = iface.decodeFunctionData('f', data);
  const first = args[0];
  const log: DecodedLog | null = null;
  const revert: DecodedRevert = ehr.abi.decodeRevert(data);
  // Event filters: null or undefined is "any topic" at that indexed position.
  const topics: (string | null)[] = iface.encodeEventTopics('Transfer', [
    null,
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    undefined,
  ]);
  const values = ehr.abi.decode(
    ['uint8', '(string,bytes)[]'],
    ehr.abi.encode(['uint8', '(string,bytes)[]'], [1, [['x', '0x00']]]),
  );
  const td: TypedData = {
    types: { M: [{ name: 'a', type: 'uint8' }] },
    primaryType: 'M',
    domain: { chainId: 1 },
    message: { a: 1 },
  };
  const digest: Uint8Array = ehr.eip712.hash(td);
  const w: Wallet = ehr.wallet.fromPrivateKey(key);
  const sig: Uint8Array = w.signTypedData(td);
  const signer: string = ehr.eip712.recoverAddress(td, sig);
  const msgSig: Uint8Array = w.signMessage('hello');
  const hd: HDNode = ehr.wallet.fromMnemonic(ehr.bip39.generateMnemonic(24), { index: 2 });
  const xpub: string = hd.xpub;
  const seed: Uint8Array = ehr.bip39.mnemonicToSeed('x', 'TREZOR', { check: false });
  const ks: string = w.encryptKeystore('pw', { kdf: 'scrypt', n: 1024 });
  const again: Wallet = ehr.wallet.fromKeystore(ks, 'pw');
  const dk: Uint8Array = ehr.pbkdf2Sha512('pw', 'salt', 2048, 64);
  const sc: Uint8Array = ehr.scrypt('pw', 'salt', { N: 1024, r: 8, p: 1 });
  const worker: KdfWorker = await createWorker();
  const fromWorker: Wallet = await ehr.wallet.fromKeystoreAsync(ks, 'pw', { worker });
  // The page's way: the module bytes it checked, the worker script's URL, the lock before terminate.
  const pageOptions: WorkerOptions = { url: new URL('./wasm/js/worker.js', 'https://x.test/'), wasmBinary: key };
  const pageWorker: KdfWorker = await createWorker(pageOptions);
  const wiped: void = await pageWorker.wipe();
  pageWorker.terminate();
  // @ts-expect-error wasmBinary is bytes
  await createWorker({ wasmBinary: 'ehr_core.wasm' });
  const onDemand: OnDemandWorker = onDemandWorker({ wasmBinary: async () => key, locked: () => new Error('locked') });
  const derived: Uint8Array = await onDemand.run((k) => k.keystoreDerivedKey(ks, 'pw'));
  const starting: boolean = onDemand.running;
  await onDemand.stop(100);
  const rpc: Rpc = ehr.createRpc({ url: 'http://127.0.0.1:8545' });
  const fees = await rpc.estimateFees();
  const receipt: Receipt = await rpc.waitForReceipt('0x00', { timeoutMs: 1 });
  try {
    await rpc.call({ to: w.address, data }, { iface });
  } catch (e) {
    if (e instanceof RpcError && e.revert) return BigInt(e.revert.args.length);
  }
  {
    using disposable = ehr.wallet.createRandom();
    disposable.signMessage(new Uint8Array(1));
  }
  // @ts-expect-error keys are bytes, never strings
  ehr.tx.sign({}, 'secret');
  // @ts-expect-error topics come as an array of values, not one value
  iface.encodeEventTopics('Transfer', null);
  // @ts-expect-error the address is read-only
  w.address = '0x';
  // @ts-expect-error wallets come from the factories
  new ehr.wallet.Wallet();
  // @ts-expect-error scrypt needs N, r and p
  ehr.scrypt('pw', 'salt', { N: 1024 });
  void [
    tx,
    rlp,
    first,
    log,
    revert,
    topics,
    values,
    digest,
    signer,
    msgSig,
    xpub,
    seed,
    again,
    dk,
    sc,
    fromWorker,
    receipt,
  ];
  iface.dispose();
  hd.dispose();
  return fees.maxFeePerGas + tx.nonce;
}

// IPFS: CIDs, builders, reader, CAR, gateway client and uploader.
import type {
  Block,
  FileRoot,
  DirectoryRoot,
  ProfileParams,
  DagReader,
  CarContents,
  ParsedCid,
} from '../../wasm/js/ehr.js';
import {
  createGatewayClient,
  createUploader,
  addParams,
  CidMismatchError,
  GatewayError,
  type GatewayClient,
  type Uploader,
} from '../../wasm/js/gateway.js';

export async function useIpfs(): Promise<string> {
  const ehr: Ehr = await init();
  const bytes = new Uint8Array(10);
  const p: ProfileParams = ehr.ipfs.profile('kubo-default');
  const c: string = await ehr.ipfs.cid(bytes);
  const c2: string = await ehr.ipfs.cid(new Blob([bytes]), {
    profile: { chunkSize: 64, maxLinks: 3, cidVersion: 1, rawLeaves: true },
    hasher: 'wasm',
  });
  const c3: string = ehr.ipfs.cidSync(bytes, 'unixfs-v1-2025');
  const parsed: ParsedCid = ehr.ipfs.parseCid(c);
  const text: string = ehr.ipfs.formatCid(parsed.bytes, 'base58btc');
  const ok: boolean = ehr.ipfs.verifyBlock(c, bytes);
  let root: FileRoot;
  {
    using b = ehr.ipfs.createFileBuilder({ profile: p, blocks: true });
    const blocks: Block[] = b.update(bytes);
    root = b.finish();
    void blocks;
  }
  const it = ehr.ipfs.importFile(bytes);
  let r = await it.next();
  while (!r.done) r = await it.next();
  const fileRoot: FileRoot = r.value;
  const dir = ehr.ipfs.importDirectory([
    { path: 'a.txt', content: bytes },
    { path: 'b', cid: c, size: 10 },
    { path: 'empty' },
  ]);
  let d = await dir.next();
  while (!d.done) d = await dir.next();
  const dirRoot: DirectoryRoot = d.value;
  const dirCid: string = await ehr.ipfs.directoryCid([{ path: 'x', content: bytes }], 'kubo-default');
  const reader: DagReader = ehr.ipfs.createReader(c, { offset: 0, length: 5 });
  const want: string | null = reader.next();
  const data: Uint8Array = reader.supply(bytes);
  reader.dispose();
  for await (const piece of ehr.ipfs.readFile(c, async () => bytes, { concurrency: 2, onProgress: (x) => x.bytesDone }))
    void piece;
  const car: Uint8Array = ehr.ipfs.carBytes([c], [{ cid: c, bytes }]);
  const contents: CarContents = await ehr.ipfs.readCar(car);
  for await (const blk of contents.blocks) void blk.cid;
  const client: GatewayClient = createGatewayClient(ehr, {
    gateways: ['http://127.0.0.1:8080'],
    mode: 'car',
    timeoutMs: 1000,
  });
  const all: Uint8Array = await client.bytes(c, {
    path: 'a.txt',
    onProgress: ({ bytesDone, bytesTotal }) => bytesDone + (bytesTotal ?? 0),
  });
  const stream: ReadableStream<Uint8Array> = client.stream(c);
  const up: Uploader = createUploader(ehr, { apiUrl: 'http://127.0.0.1:5001', authorization: 'Bearer t' });
  try {
    const added: { cid: string; size: number } = await up.add(bytes, { filename: 'f' });
    void added;
  } catch (e) {
    if (e instanceof CidMismatchError) return e.local + e.remote;
    if (e instanceof GatewayError) return e.attempts.map((a) => a.gateway).join();
  }
  const q: URLSearchParams = addParams(p, { pin: true });
  // @ts-expect-error profiles are names or parameter objects
  await ehr.ipfs.cid(bytes, 'unixfs-v3');
  // @ts-expect-error gateways are required
  createGatewayClient(ehr, {});
  // @ts-expect-error the area is read-only
  ehr.ipfs = ehr.ipfs;
  return `${c2}${c3}${text}${ok}${root.cid}${fileRoot.size}${dirRoot.blockCount}${dirCid}${want}${data.length}${all.length}${stream.locked}${q}`;
}
