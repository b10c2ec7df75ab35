// WASM exports of src/records, shared part and record keys: chart roots, chart keys K(scope,
// epoch), X25519 identities, key hints, and the records output buffers. The rest is by purpose:
// records_envelope_exports.cpp (the streaming envelope), records_sharing_exports.cpp (grants,
// institutions, MetaMask format), records_search_exports.cpp (search index),
// records_fhir_exports.cpp (FHIR checks, scope names). Rules: boundary.hpp, records_internal.hpp.
//
// Keys are freed with ehr_handle_free and wiped all at once by ehr_dispose_all (handles.cpp).
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>

#include "crypto/x25519.hpp"
#include "records/envelope_format.hpp"
#include "records/key_schedule.hpp"
#include "records/key_wrap.hpp"
#include "records/scopes.hpp"
#include "records_internal.hpp"

using namespace ehr;
using namespace ehr::records;
using namespace ehr::wasm::rec_boundary;

namespace ehr::wasm::rec_boundary {

std::uint32_t key_put(Kind k, crypto::Secret<32> s) {
  auto h = registry().adopt(k, std::make_unique<crypto::Secret<32>>(std::move(s)));
  if (!h) {
    fail(h.error());
    return 0;
  }
  return h.value();
}

int store(Kind kind, Result<crypto::Secret<32>> r, std::uint8_t* out_h, std::uint8_t* out_pk32) {
  if (!r) return fail(r.error());
  if (out_pk32 != nullptr) {
    const auto pk = crypto::x25519::public_key(r.value());
    std::memcpy(out_pk32, pk.data(), 32);
  }
  return adopt_to(kind, std::make_unique<crypto::Secret<32>>(std::move(r.value())), out_h);
}

Bytes& last_out() {
  static Bytes b;
  return b;
}

crypto::SecretBytes& last_plain() {
  static crypto::SecretBytes b;
  return b;
}

}  // namespace ehr::wasm::rec_boundary

namespace ehr::wasm {
void wipe_records_buffers() {
  last_plain() = crypto::SecretBytes();
  Bytes& o = last_out();
  crypto::wipe(o.data(), o.size());
  o.clear();
}
}  // namespace ehr::wasm

extern "C" {

/** ehr_rec_identity_from_seed: the X25519 identity of account `index` from a wallet seed.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 64), ERR_OUT_OF_MEMORY.
 *  In:      seed:     len bytes (64, the BIP-39 seed).
 *  Out:     out_h:    4 bytes, the rec_x25519 handle (u32 LE). out_pk32: 32 bytes, its public key.
 *  Owns:    the caller wipes seed; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_identity_from_seed(const std::uint8_t* seed, std::size_t len, std::uint32_t index,
                                                    std::uint8_t* out_h, std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, identity_from_seed(ByteView(seed, len), index), out_h, out_pk32);
}
/** ehr_rec_identity_from_signature: the X25519 identity from an EncryptionKeyRequest signature
 *  (EIP-712, made by a wallet) of account20.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 64 or 65), ERR_INVALID_SIGNATURE (r or s out of range),
 *           ERR_OUT_OF_MEMORY.
 *  In:      sig:      len bytes (r || s [|| v]). account20: 20 bytes.
 *  Out:     out_h:    4 bytes, the rec_x25519 handle (u32 LE). out_pk32: 32 bytes, its public key.
 *  Owns:    the caller wipes sig (it is key material); JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_identity_from_signature(const std::uint8_t* sig, std::size_t len,
                                                         const std::uint8_t* account20, std::uint8_t* out_h,
                                                         std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, identity_from_signature(ByteView(sig, len), to_fixed<20>(in<20>(account20))), out_h,
               out_pk32);
}
/** ehr_rec_chart_root_from_seed: the chart root of account20 from a wallet seed.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 64), ERR_OUT_OF_MEMORY.
 *  In:      seed:  len bytes (64). account20: 20 bytes.
 *  Out:     out_h: 4 bytes, the chart_root handle (u32 LE).
 *  Owns:    the caller wipes seed; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_root_from_seed(const std::uint8_t* seed, std::size_t len,
                                                      const std::uint8_t* account20, std::uint8_t* out_h) {
  return store(Kind::chart_root, chart_root_from_seed(ByteView(seed, len), to_fixed<20>(in<20>(account20))), out_h,
               nullptr);
}
/** ehr_rec_chart_root_from_signature: the chart root of account20 from its EncryptionKeyRequest
 *  signature.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 64 or 65), ERR_INVALID_SIGNATURE, ERR_OUT_OF_MEMORY.
 *  In:      sig:   len bytes. account20: 20 bytes.
 *  Out:     out_h: 4 bytes, the chart_root handle (u32 LE).
 *  Owns:    the caller wipes sig; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_root_from_signature(const std::uint8_t* sig, std::size_t len,
                                                           const std::uint8_t* account20, std::uint8_t* out_h) {
  return store(Kind::chart_root, chart_root_from_signature(ByteView(sig, len), to_fixed<20>(in<20>(account20))), out_h,
               nullptr);
}
/** ehr_rec_chart_key: K(scope, epoch) derived from a chart root.
 *  Returns: 0, or ERR_BAD_HANDLE (root_h), ERR_OUT_OF_MEMORY.
 *  Args:    root_h: a chart_root handle. scope: 0..65535 (higher bits ignored). epoch: any u32.
 *  Out:     out_h:  4 bytes, the chart_key handle (u32 LE).
 *  Owns:    JS owns the new handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_key(std::uint32_t root_h, std::uint32_t scope, std::uint32_t epoch,
                                           std::uint8_t* out_h) {
  const auto* root = key_get(root_h, Kind::chart_root);
  if (root == nullptr) return bad_handle();
  return store(Kind::chart_key, chart_key(*root, static_cast<std::uint16_t>(scope), epoch), out_h, nullptr);
}
/** ehr_rec_verify_key_request: checks that account20 signed the EncryptionKeyRequest for (chain
 *  id, contract, key version).
 *  Returns: 0 if it did, else ERR_INVALID_SIGNATURE (another signer, v/r/s out of range),
 *           ERR_RECOVERY_FAILED.
 *  In:      sig65: 65 bytes, r || s || v. contract20, account20: 20 bytes each.
 *  Args:    chain_lo, chain_hi: the chain id's low and high u32 halves (JS numbers up to 2^53).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_verify_key_request(const std::uint8_t* sig65, std::uint32_t chain_lo,
                                                    std::uint32_t chain_hi, const std::uint8_t* contract20,
                                                    const std::uint8_t* account20, std::uint32_t key_version) {
  const std::uint64_t chain = (std::uint64_t{chain_hi} << 32) | chain_lo;
  auto st = verify_encryption_key_request(ByteView(sig65, 65), chain, to_fixed<20>(in<20>(contract20)),
                                          to_fixed<20>(in<20>(account20)), key_version);
  return st ? 0 : fail(st.error());
}
/** ehr_rec_key_import: copies a 32-byte record secret into a handle.
 *  Returns: 0, or ERR_BAD_ARGUMENT (kind), ERR_OUT_OF_MEMORY.
 *  Args:    kind:     1 chart root, 2 chart key, 3 X25519 secret.
 *  In:      secret32: 32 bytes.
 *  Out:     out_h:    4 bytes, the handle (u32 LE).
 *           out_pk32: 32 bytes, the public key (kind 3 only; may be NULL otherwise).
 *  Owns:    the caller wipes secret32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_key_import(int kind, const std::uint8_t* secret32, std::uint8_t* out_h,
                                            std::uint8_t* out_pk32) {
  if (kind < 1 || kind > 3) return fail(Error{Errc::bad_argument, "unknown key kind"});
  const Kind k = kind == 1 ? Kind::chart_root : kind == 2 ? Kind::chart_key : Kind::rec_x25519;
  return store(k, crypto::Secret<32>(in<32>(secret32)), out_h, k == Kind::rec_x25519 ? out_pk32 : nullptr);
}
/** ehr_rec_key_wrap: seals a record key to an X25519 public key (records/key_wrap.hpp).
 *  Returns: 0, or ERR_BAD_ARGUMENT (kind, or a label on a key without one), ERR_BAD_HANDLE,
 *           ERR_INVALID_PUBLIC_KEY.
 *  Args:    kind: 1 chart root, 2 chart key, 3 X25519 secret; h: a handle of that kind;
 *           scope, epoch: the chart key's label (0 for the other kinds).
 *  In:      pk32: 32 bytes, the recipient's X25519 public key.
 *  Out:     out88: 88 bytes, the wrap.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_key_wrap(int kind, std::uint32_t h, std::uint32_t scope, std::uint32_t epoch,
                                          const std::uint8_t* pk32, std::uint8_t* out88) {
  if (kind < 1 || kind > 3 || scope > 0xffff) return fail(Error{Errc::bad_argument, "unknown key kind or scope"});
  const Kind k = kind == 1 ? Kind::chart_root : kind == 2 ? Kind::chart_key : Kind::rec_x25519;
  const auto* key = key_get(h, k);
  if (key == nullptr) return bad_handle();
  WrappedKey w{static_cast<WrappedKind>(kind), static_cast<std::uint16_t>(scope), epoch,
               crypto::Secret<32>(key->view())};
  auto r = wrap_key(w, to_fixed<32>(in<32>(pk32)));
  if (!r) return fail(r.error());
  std::memcpy(out88, r.value().data(), kKeyWrapSize);
  return 0;
}
/** ehr_rec_key_unwrap: opens a key wrap with an X25519 identity into a new handle.
 *  Returns: 0, or ERR_BAD_HANDLE (identity_h), ERR_BAD_LENGTH (not 88 bytes), ERR_AUTH_FAILED
 *           (not sealed to this identity, or modified), ERR_BAD_KEY_WRAP, ERR_OUT_OF_MEMORY.
 *  In:      wrapped: len bytes.
 *  Args:    identity_h: a rec_x25519 handle.
 *  Out:     out12: kind, scope, epoch (u32 LE each). out_h: 4 bytes, the new handle (u32 LE).
 *           out_pk32: 32 bytes, the public key when the kind is 3.
 *  Owns:    JS owns the new handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_key_unwrap(const std::uint8_t* wrapped, std::size_t len, std::uint32_t identity_h,
                                            std::uint8_t* out12, std::uint8_t* out_h, std::uint8_t* out_pk32) {
  const auto* sk = key_get(identity_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  auto r = unwrap_key(ByteView(wrapped, len), *sk);
  if (!r) return fail(r.error());
  WrappedKey& w = r.value();
  put_u32(out12, static_cast<std::uint32_t>(w.kind));
  put_u32(out12 + 4, w.scope);
  put_u32(out12 + 8, w.epoch);
  const Kind k = w.kind == WrappedKind::chart_root  ? Kind::chart_root
                 : w.kind == WrappedKind::chart_key ? Kind::chart_key
                                                    : Kind::rec_x25519;
  return store(k, std::move(w.key), out_h, k == Kind::rec_x25519 ? out_pk32 : nullptr);
}
/** ehr_rec_x25519_generate: a fresh X25519 secret from the CSPRNG.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  Out:     out_h: 4 bytes, the rec_x25519 handle (u32 LE). out_pk32: 32 bytes, its public key.
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_x25519_generate(std::uint8_t* out_h, std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, crypto::x25519::generate().secret_key, out_h, out_pk32);
}
/** ehr_rec_chart_key_hint: the key hint (as in envelope wraps) of a chart key.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out4: 4 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_key_hint(std::uint32_t h, std::uint8_t* out4) {
  const auto* k = key_get(h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  const KeyHint hint = scope_key_hint(*k);
  std::memcpy(out4, hint.data(), 4);
  return 0;
}
/** ehr_rec_public_key_hint: the key hint of an X25519 public key.
 *  Returns: nothing; never fails.
 *  In:      pk32: 32 bytes.
 *  Out:     out4: 4 bytes.
 */
EMSCRIPTEN_KEEPALIVE void ehr_rec_public_key_hint(const std::uint8_t* pk32, std::uint8_t* out4) {
  const KeyHint hint = public_key_hint(to_fixed<32>(in<32>(pk32)));
  std::memcpy(out4, hint.data(), 4);
}

}  // extern "C"
