// Records area of the JS API: key handles, the streaming record envelope (push/pull objects and
// WHATWG TransformStreams usable in a Worker), grants, institution group keys, the MetaMask
// encryption format, FHIR R4 checks and the encrypted search index. Format and key schedule:
// docs/record-format.md. This file holds what every part shares (output slots, the staging block,
// key objects and their handles, argument checks) and the keys; the other parts are
// records-envelope.js, records-sharing.js (grants, institutions, MetaMask) and records-fhir.js.
//
// Secrets (chart roots, chart keys, X25519 secrets) live in the module's memory behind handles:
// JS gets key objects with dispose() / [Symbol.dispose] and never the key bytes. Keys, encryptors,
// decryptors and search indexes own a handle of the module's one registry (core.js Handle);
// `clearKeys()` is an alias of the module's disposeAll() (the lock: wipes every object of every
// kind). Plaintext copied into module memory is wiped after each call.
import { EhrError, abytes, rangeError, typeError } from './errors.js';
import { DISPOSE } from './core.js';
import { toHex } from './eth-wire.js';
import { makeEnvelope } from './records-envelope.js';
import { makeSharing } from './records-sharing.js';
import { makeFhir } from './records-fhir.js';

const KIND = { chartRoot: 1, chartKey: 2, x25519: 3 };
const NO_BYTES = new Uint8Array(0);
/** The `purpose` of the EncryptionKeyRequest a wallet signs (docs/record-format.md, Keys). */
export const ENCRYPTION_KEY_PURPOSE = 'Derive my health-record encryption key. Only sign this on the EHR page.';

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeRecords(core) {
  const { mod, IO, heap, check, malloc, free, out, u32, putU32, Handle } = core;
  // Small outputs of records calls: [IO, IO+64). Inputs larger than a few bytes go to `staging`.
  const OUT8 = IO,
    OUT_H = IO + 8,
    OUT_PK = IO + 16,
    OUT_LABEL = IO + 48;

  /** Copy of the (pointer, length) view an export wrote at OUT8. */
  const view = () => out(u32(OUT8), u32(OUT8 + 4));

  // One staging block for inputs, grown on demand up to PIECE (plus room for small arguments);
  // every use wipes what it copied in.
  let stagingPtr = 0,
    stagingCap = 0;
  const staging = (n) => {
    if (n > stagingCap) {
      if (stagingPtr) free(stagingPtr, stagingCap);
      stagingCap = Math.max(n, 4096);
      stagingPtr = malloc(stagingCap);
    }
    return stagingPtr;
  };
  /** Runs fn(ptr) with `bytes` copied into module memory, wiping the copy afterwards. */
  const withBytes = (bytes, fn) => {
    const p = staging(bytes.length);
    heap().set(bytes, p);
    try {
      return fn(p);
    } finally {
      heap().fill(0, p, p + bytes.length);
    }
  };

  /** Like withBytes, with `extra` more bytes after the copy for outputs: fn(ptr, outPtr). */
  const withBytesOut = (bytes, extra, fn) => {
    const p = staging(bytes.length + extra);
    heap().set(bytes, p);
    try {
      return fn(p, p + bytes.length);
    } finally {
      heap().fill(0, p, p + bytes.length + extra);
    }
  };

  // ---- key handles ------------------------------------------------------------------------------
  /** Key object -> handle. Handles cannot be forged from JS: only objects made here have one. */
  const handles = new WeakMap(); // key object -> { kind, owner: Handle }
  const handleOf = (key, kind, name) => {
    const e = key !== null && typeof key === 'object' ? handles.get(key) : undefined;
    if (e === undefined || e.kind !== kind) {
      throw typeError(`${name} must be a ${Object.keys(KIND).find((k) => KIND[k] === kind)} key object`);
    }
    if (e.owner.disposed) throw new EhrError('ERR_BAD_HANDLE', `${name} has been disposed`);
    return e.owner.handle();
  };
  const makeKey = (kind, h, props) => {
    const owner = new Handle(h);
    const key = {
      ...props,
      dispose() {
        owner.dispose();
      },
      [DISPOSE]() {
        owner.dispose();
      },
    };
    handles.set(key, { kind, owner, scope: props.scope ?? 0, epoch: props.epoch ?? 0 });
    return key;
  };
  const newX25519 = () => {
    const h = u32(OUT_H);
    const publicKey = out(OUT_PK, 32);
    return makeKey(KIND.x25519, h, { kind: 'x25519', publicKey });
  };
  const newChartKey = (scope, epoch) => makeKey(KIND.chartKey, u32(OUT_H), { kind: 'chartKey', scope, epoch });
  const newChartRoot = () => {
    const root = makeKey(KIND.chartRoot, u32(OUT_H), { kind: 'chartRoot' });
    root.chartKey = (scope, epoch) => {
      aScope(scope);
      aU32(epoch, 'epoch');
      check(mod._ehr_rec_chart_key(handleOf(root, KIND.chartRoot, 'chartRoot'), scope, epoch, OUT_H));
      return newChartKey(scope, epoch);
    };
    return Object.freeze(root);
  };

  const aU32 = (v, name) => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer`);
    if (v < 0 || v > 0xffffffff) throw rangeError(`${name} must be 0..4294967295`);
    return v;
  };
  const aScope = (v, name = 'scope') => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer`);
    if (v < 0 || v > 0xffff) throw rangeError(`${name} must be 0..65535`);
    return v;
  };
  /**
   * An account as 20 bytes: a Uint8Array(20) or "0x" + 40 hex digits, parsed by the module as
   * address.parse does (all-lower, all-upper or a valid EIP-55 checksum: ERR_BAD_CHECKSUM else).
   */
  const aAccount = (account) => {
    if (typeof account === 'string') {
      if (!/^0x[0-9a-fA-F]{40}$/.test(account)) throw rangeError('account must be 0x followed by 40 hex digits');
      return withBytesOut(NO_BYTES, 20, (_, o) => {
        check(mod.parseAddress(account, false, o));
        return out(o, 20);
      });
    }
    return abytes(account, 'account', 20);
  };

  const aChainId = (v) => {
    if (!Number.isInteger(v)) throw typeError('chainId must be a positive integer');
    if (!Number.isSafeInteger(v) || v <= 0) throw rangeError('chainId must be a positive integer');
  };

  // ---- keys -------------------------------------------------------------------------------------
  const keys = {
    /**
     * The EIP-712 typed data the page asks an extension wallet to sign (eth_signTypedData_v4) to
     * derive the identity key and chart root (identityFromSignature, chartRootFromSignature).
     * WARNING for the page to show: anyone who obtains this signature can derive the keys.
     */
    encryptionKeyRequest(chainId, verifyingContract, account, keyVersion = 1) {
      aChainId(chainId);
      const contract = aAccount(verifyingContract);
      const acct = aAccount(account);
      aU32(keyVersion, 'keyVersion');
      return {
        domain: { name: 'EHR', version: '1', chainId, verifyingContract: toHex(contract) },
        primaryType: 'EncryptionKeyRequest',
        types: {
          EIP712Domain: [
            { name: 'name', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
          ],
          EncryptionKeyRequest: [
            { name: 'account', type: 'address' },
            { name: 'purpose', type: 'string' },
            { name: 'keyVersion', type: 'uint32' },
          ],
        },
        message: { account: toHex(acct), purpose: ENCRYPTION_KEY_PURPOSE, keyVersion },
      };
    },
    /**
     * Checks that `signature` (65 bytes r || s || v) over encryptionKeyRequest(chainId,
     * verifyingContract, account, keyVersion) is the account's (EIP-712 hash in the module).
     * Throws EhrError ERR_INVALID_SIGNATURE (another signer, malformed) or ERR_RECOVERY_FAILED.
     */
    verifyEncryptionKeyRequest(signature, chainId, verifyingContract, account, keyVersion = 1) {
      abytes(signature, 'signature', 65);
      aChainId(chainId);
      aU32(keyVersion, 'keyVersion');
      const buf = new Uint8Array(105);
      buf.set(signature);
      buf.set(aAccount(verifyingContract), 65);
      buf.set(aAccount(account), 85);
      withBytes(buf, (p) =>
        check(
          mod._ehr_rec_verify_key_request(
            p,
            chainId % 2 ** 32,
            Math.floor(chainId / 2 ** 32),
            p + 65,
            p + 85,
            keyVersion,
          ),
        ),
      );
    },
    identityFromSeed(seed, accountIndex = 0) {
      abytes(seed, 'seed', 64);
      aU32(accountIndex, 'accountIndex');
      withBytes(seed, (p) => check(mod._ehr_rec_identity_from_seed(p, 64, accountIndex, OUT_H, OUT_PK)));
      return Object.freeze(newX25519());
    },
    identityFromSignature(signature, account) {
      abytes(signature, 'signature', [64, 65]);
      const acct = aAccount(account);
      const buf = new Uint8Array(signature.length + 20);
      buf.set(signature);
      buf.set(acct, signature.length);
      withBytes(buf, (p) =>
        check(mod._ehr_rec_identity_from_signature(p, signature.length, p + signature.length, OUT_H, OUT_PK)),
      );
      buf.fill(0);
      return Object.freeze(newX25519());
    },
    chartRootFromSeed(seed, account) {
      abytes(seed, 'seed', 64);
      const buf = new Uint8Array(84);
      buf.set(seed);
      buf.set(aAccount(account), 64);
      withBytes(buf, (p) => check(mod._ehr_rec_chart_root_from_seed(p, 64, p + 64, OUT_H)));
      buf.fill(0);
      return newChartRoot();
    },
    chartRootFromSignature(signature, account) {
      abytes(signature, 'signature', [64, 65]);
      const buf = new Uint8Array(signature.length + 20);
      buf.set(signature);
      buf.set(aAccount(account), signature.length);
      withBytes(buf, (p) =>
        check(mod._ehr_rec_chart_root_from_signature(p, signature.length, p + signature.length, OUT_H)),
      );
      buf.fill(0);
      return newChartRoot();
    },
    importX25519Secret(secret) {
      abytes(secret, 'secret', 32);
      withBytes(secret, (p) => check(mod._ehr_rec_key_import(KIND.x25519, p, OUT_H, OUT_PK)));
      return Object.freeze(newX25519());
    },
    generateX25519() {
      check(mod._ehr_rec_x25519_generate(OUT_H, OUT_PK));
      return Object.freeze(newX25519());
    },
    importChartKey(key, scope, epoch) {
      abytes(key, 'key', 32);
      aScope(scope);
      aU32(epoch, 'epoch');
      withBytes(key, (p) => check(mod._ehr_rec_key_import(KIND.chartKey, p, OUT_H, 0)));
      return Object.freeze(newChartKey(scope, epoch));
    },
    importChartRoot(root) {
      abytes(root, 'root', 32);
      withBytes(root, (p) => check(mod._ehr_rec_key_import(KIND.chartRoot, p, OUT_H, 0)));
      return newChartRoot();
    },
    wrapKey(key, recipientPublicKey) {
      const e = key !== null && typeof key === 'object' ? handles.get(key) : undefined;
      if (e === undefined) throw typeError('key must be a chartRoot, chartKey or x25519 key object');
      const h = handleOf(key, e.kind, 'key');
      abytes(recipientPublicKey, 'recipientPublicKey', 32);
      return withBytesOut(recipientPublicKey, 88, (p, o) => {
        check(mod._ehr_rec_key_wrap(e.kind, h, e.scope, e.epoch, p, o));
        return out(o, 88);
      });
    },
    unwrapKey(wrapped, identity) {
      abytes(wrapped, 'wrapped', 88);
      const id = handleOf(identity, KIND.x25519, 'identity');
      withBytes(wrapped, (p) => check(mod._ehr_rec_key_unwrap(p, wrapped.length, id, OUT_LABEL, OUT_H, OUT_PK)));
      const kind = u32(OUT_LABEL);
      if (kind === KIND.chartRoot) return newChartRoot();
      if (kind === KIND.chartKey) return Object.freeze(newChartKey(u32(OUT_LABEL + 4), u32(OUT_LABEL + 8)));
      return Object.freeze(newX25519());
    },
    chartKeyHint(chartKey) {
      check(mod._ehr_rec_chart_key_hint(handleOf(chartKey, KIND.chartKey, 'chartKey'), OUT8));
      return out(OUT8, 4);
    },
    publicKeyHint(publicKey) {
      abytes(publicKey, 'publicKey', 32);
      heap().set(publicKey, OUT_PK);
      mod._ehr_rec_public_key_hint(OUT_PK, OUT8);
      return out(OUT8, 4);
    },
    /** The lock: an alias of the module's disposeAll() (wipes every object of every kind). */
    clearKeys() {
      core.disposeAll();
    },
    /** Live chart roots, chart keys and X25519 secrets (registry kinds 6, 7, 8). */
    keyCount() {
      return core.liveHandles(6) + core.liveHandles(7) + core.liveHandles(8);
    },
  };

  // ---- the other parts ----------------------------------------------------------------------------
  const ctx = {
    ...{ KIND, mod, IO, heap, check, out, u32, putU32, Handle, OUT8, OUT_H, OUT_PK, view, staging },
    ...{ withBytes, withBytesOut, handleOf, makeKey, newChartKey, aU32, aScope },
  };
  const envelope = makeEnvelope(ctx);
  const { grants, institutions, metamask } = makeSharing(ctx);
  const { scopes, fhir, search } = makeFhir(ctx);
  return {
    records: Object.freeze({
      ...keys,
      search: Object.freeze(search),
      scopes: Object.freeze(scopes),
      scopeName: (id) => mod.scopeName(aScope(id)) || null,
      scopeLabel: (id) => mod.scopeLabel(aScope(id)) || null,
      fhir: Object.freeze(fhir),
      metamask: Object.freeze(metamask),
      grants: Object.freeze(grants),
      institutions: Object.freeze(institutions),
      createEncryptor: envelope.createEncryptor,
      createDecryptor: envelope.createDecryptor,
      encrypt: envelope.encrypt,
      decrypt: envelope.decrypt,
      encryptStream: envelope.encryptStream,
      decryptStream: envelope.decryptStream,
      inspect: envelope.inspect,
    }),
  };
}
