// An independent implementation of the record envelope v1 (docs/record-format.md) in plain JS over
// libsodium-wrappers-sumo, written from the specification: the WASM module must agree with it in
// both directions. Test-only.
import sodiumModule from 'libsodium-wrappers-sumo';

await sodiumModule.ready;
export const sodium = sodiumModule;

const te = new TextEncoder();
const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const put16 = (a, v) => a.push(v & 0xff, (v >>> 8) & 0xff);
const put32 = (a, v) => a.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
const cat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Key hint of a chart key: BLAKE2b-256(key = K, "hint")[0..4]. */
export const scopeHint = (k) => sodium.crypto_generichash(32, te.encode('hint'), k).subarray(0, 4);
/** Key hint of an X25519 public key: BLAKE2b-256(pk || "ehr-kid")[0..4]. */
export const pkHint = (pk) => sodium.crypto_generichash(32, cat(pk, te.encode('ehr-kid'))).subarray(0, 4);

/** Parses a complete header; throws Error(code) like the module would (earliest error first). */
export function parseHeader(env) {
  const fail = (code) => {
    throw Object.assign(new Error(code), { code });
  };
  const need = (n) => {
    if (env.length < n) fail('ERR_STREAM_TRUNCATED');
  };
  const magic = [0x45, 0x48, 0x52, 0];
  for (let i = 0; i < 4 && i < env.length; i++) if (env[i] !== magic[i]) fail('ERR_BAD_ENVELOPE');
  if (env.length > 4 && env[4] !== 1) fail('ERR_UNKNOWN_VERSION');
  if (env.length > 5 && env[5] !== 1) fail('ERR_UNKNOWN_VERSION');
  if ((env.length > 6 && env[6] !== 0) || (env.length > 7 && env[7] !== 0)) fail('ERR_BAD_ENVELOPE');
  need(24);
  const h = { headerLen: u32(env, 8), chunkSize: u32(env, 12), scope: u16(env, 16), epoch: u32(env, 18), wraps: [] };
  const count = u16(env, 22);
  if (h.headerLen > 65536 || h.headerLen < 55) fail('ERR_BAD_ENVELOPE');
  if (h.chunkSize < 1024 || h.chunkSize > 16 << 20) fail('ERR_BAD_ENVELOPE');
  if (count < 1 || count > 256) fail('ERR_BAD_ENVELOPE');
  let pos = 24;
  const end = h.headerLen - 24;
  for (let i = 0; i < count; i++) {
    if (pos + 7 > end) fail('ERR_BAD_ENVELOPE');
    need(pos + 7);
    const type = env[pos],
      hint = env.subarray(pos + 1, pos + 5),
      len = u16(env, pos + 5);
    if ((type === 1 && len !== 72) || (type === 2 && len !== 80) || pos + 7 + len > end) fail('ERR_BAD_ENVELOPE');
    h.wraps.push({ type, hint, body: env.subarray(pos + 7, pos + 7 + len) });
    pos += 7 + len;
  }
  if (pos !== end) fail('ERR_BAD_ENVELOPE');
  need(h.headerLen);
  return h;
}

/** Opens a whole envelope with chart keys (raw 32 bytes) and X25519 key pairs {publicKey, privateKey}. */
export function referenceDecrypt(env, { chartKeys = [], identities = [] }) {
  const h = parseHeader(env);
  const prefix = env.subarray(0, 24);
  let ck = null;
  let matched = false;
  for (const w of h.wraps) {
    if (w.type === 1) {
      for (const k of chartKeys) {
        if (sodium.compare(scopeHint(k), w.hint) !== 0) continue;
        matched = true;
        try {
          ck = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            null,
            w.body.subarray(24),
            prefix,
            w.body.subarray(0, 24),
            k,
          );
        } catch {
          /* next */
        }
        if (ck) break;
      }
    } else if (w.type === 2) {
      for (const id of identities) {
        if (sodium.compare(pkHint(id.publicKey), w.hint) !== 0) continue;
        matched = true;
        try {
          ck = sodium.crypto_box_seal_open(w.body, id.publicKey, id.privateKey);
        } catch {
          /* next */
        }
        if (ck) break;
      }
    }
    if (ck) break;
  }
  if (!ck) throw Object.assign(new Error('no key'), { code: matched ? 'ERR_AUTH_FAILED' : 'ERR_NO_RECIPIENT' });
  const ssAt = h.headerLen - 24;
  const ad = sodium.crypto_generichash(32, env.subarray(0, ssAt));
  const st = sodium.crypto_secretstream_xchacha20poly1305_init_pull(env.subarray(ssAt, h.headerLen), ck);
  const parts = [];
  let pos = h.headerLen,
    first = true,
    final = false;
  const ct = h.chunkSize + 17;
  while (pos < env.length) {
    if (final) throw Object.assign(new Error('trailing'), { code: 'ERR_STREAM_TRUNCATED' });
    const c = env.subarray(pos, Math.min(env.length, pos + ct));
    const r = sodium.crypto_secretstream_xchacha20poly1305_pull(st, c, first ? ad : null);
    if (!r) throw Object.assign(new Error('auth'), { code: 'ERR_AUTH_FAILED' });
    first = false;
    parts.push(r.message);
    final = r.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    pos += c.length;
  }
  if (!final) throw Object.assign(new Error('truncated'), { code: 'ERR_STREAM_TRUNCATED' });
  return { header: h, plaintext: cat(...parts) };
}

/** Writes an envelope: chart keys (raw) get scope wraps, public keys get recipient wraps. */
export function referenceEncrypt(plaintext, { scope, epoch, chunkSize = 65536, chartKeys = [], recipients = [] }) {
  const count = chartKeys.length + recipients.length;
  const headerLen = 24 + chartKeys.length * 79 + recipients.length * 87 + 24;
  const p = [0x45, 0x48, 0x52, 0, 1, 1, 0, 0];
  put32(p, headerLen);
  put32(p, chunkSize);
  put16(p, scope);
  put32(p, epoch);
  put16(p, count);
  const prefix = Uint8Array.from(p);
  const ck = sodium.crypto_secretstream_xchacha20poly1305_keygen();
  const parts = [prefix];
  for (const k of chartKeys) {
    const nonce = sodium.randombytes_buf(24);
    const body = cat(nonce, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(ck, prefix, null, nonce, k));
    parts.push(Uint8Array.of(1), scopeHint(k), Uint8Array.of(72, 0), body);
  }
  for (const pk of recipients) {
    parts.push(Uint8Array.of(2), pkHint(pk), Uint8Array.of(80, 0), sodium.crypto_box_seal(ck, pk));
  }
  const beforeSs = cat(...parts);
  const ad = sodium.crypto_generichash(32, beforeSs);
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(ck);
  const out = [beforeSs, header];
  let off = 0,
    first = true;
  do {
    const m = plaintext.subarray(off, Math.min(plaintext.length, off + chunkSize));
    const last = off + chunkSize >= plaintext.length;
    out.push(
      sodium.crypto_secretstream_xchacha20poly1305_push(
        state,
        m,
        first ? ad : null,
        last
          ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
          : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
      ),
    );
    first = false;
    off += chunkSize;
  } while (off < plaintext.length);
  return cat(...out);
}
