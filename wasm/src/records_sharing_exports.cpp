// WASM exports of src/records, sharing: grant payloads (scope keys sealed to a grantee),
// re-grants after an epoch change, institution group keys, and the MetaMask (eth-sig-util
// x25519-xsalsa20-poly1305) format. Rules: boundary.hpp, records_internal.hpp.
//
// Variable-size outputs are public (sealed or public data) and go to the shared records output,
// (pointer, length) u32 LE at out8, valid until the next export that writes it; MetaMask
// plaintext goes to its own buffer, wiped by ehr_rec_release.
#include <emscripten/emscripten.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "crypto/x25519.hpp"
#include "records/grants.hpp"
#include "records/institution.hpp"
#include "records/le.hpp"
#include "records/metamask.hpp"
#include "records/scopes.hpp"
#include "records_internal.hpp"

using namespace ehr;
using namespace ehr::records;
using namespace ehr::wasm::rec_boundary;

namespace {

ScopeEpochs read_epochs(const std::uint8_t* p) {
  ScopeEpochs e{};
  for (std::size_t i = 0; i < kMaxScopes; ++i) std::memcpy(&e[i], p + 4 * i, 4);
  return e;
}

std::vector<X25519Public> read_keys(const std::uint8_t* p, std::size_t n) {
  std::vector<X25519Public> ks(n);
  for (std::size_t i = 0; i < n; ++i) ks[i] = to_fixed<32>(ByteView(p + 32 * i, 32));
  return ks;
}

}  // namespace

extern "C" {

// ---- grants -------------------------------------------------------------------------------------
/** ehr_rec_grant_payload: the scope keys of `scopes` at their current epochs, sealed to a grantee.
 *  Returns: 0, or ERR_BAD_HANDLE (root_h), ERR_BAD_ARGUMENT (no scope), ERR_INVALID_PUBLIC_KEY.
 *  Args:    root_h: a chart_root handle. scopes: bit set of scope ids (bit i: scope i).
 *  In:      epochs128: 32 u32 LE, the current epoch of each scope. grantee32: 32 bytes (X25519).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the payload (public) in the records output.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_grant_payload(std::uint32_t root_h, std::uint32_t scopes,
                                               const std::uint8_t* epochs128, const std::uint8_t* grantee32,
                                               std::uint8_t* out8) {
  const auto* root = key_get(root_h, Kind::chart_root);
  if (root == nullptr) return bad_handle();
  auto r = grant_payload(*root, scopes, read_epochs(epochs128), to_fixed<32>(in<32>(grantee32)));
  if (!r) return fail(r.error());
  last_out() = std::move(r.value());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_grant_open: opens a grant payload with the grantee's key; each key becomes a handle.
 *  Returns: 0, or ERR_BAD_HANDLE (grantee_h), ERR_BAD_GRANT (malformed), ERR_AUTH_FAILED (not
 *           for this key), ERR_OUT_OF_MEMORY.
 *  In:      payload: len bytes.
 *  Args:    grantee_h: a rec_x25519 handle.
 *  Out:     out: 4 + 12 * count bytes (count <= 32: 388 suffice): count (u32 LE), then per key
 *                scope, epoch, chart_key handle (u32 LE each).
 *  Owns:    JS owns the new chart_key handles.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_grant_open(const std::uint8_t* payload, std::size_t len, std::uint32_t grantee_h,
                                            std::uint8_t* out) {
  const auto* sk = key_get(grantee_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  auto r = open_grant_payload(ByteView(payload, len), *sk);
  if (!r) return fail(r.error());
  put_u32(out, static_cast<std::uint32_t>(r.value().size()));
  std::size_t o = 4;
  for (auto& k : r.value()) {
    put_u32(out + o, k.scope);
    put_u32(out + o + 4, k.epoch);
    const std::uint32_t h = key_put(Kind::chart_key, std::move(k.key));
    if (h == 0) return static_cast<int>(Errc::out_of_memory);
    put_u32(out + o + 8, h);
    o += 12;
  }
  return 0;
}
/** ehr_rec_grant_labels: the (scope, epoch) labels of a grant payload, without opening it.
 *  Returns: 0, or ERR_BAD_GRANT.
 *  In:      payload: len bytes.
 *  Out:     out: 4 + 8 * count bytes (count <= 32): count (u32 LE), then scope, epoch (u32 LE) each.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_grant_labels(const std::uint8_t* payload, std::size_t len, std::uint8_t* out) {
  auto r = grant_payload_labels(ByteView(payload, len));
  if (!r) return fail(r.error());
  put_u32(out, static_cast<std::uint32_t>(r.value().size()));
  std::size_t o = 4;
  for (const auto& [scope, epoch] : r.value()) {
    put_u32(out + o, scope);
    put_u32(out + o + 4, epoch);
    o += 8;
  }
  return 0;
}
/** ehr_rec_regrant: new payloads for the grantees whose scopes include an advanced epoch.
 *  Returns: 0, or ERR_BAD_HANDLE (root_h), ERR_BAD_ARGUMENT, ERR_INVALID_PUBLIC_KEY.
 *  Args:    advanced: bit set of the scopes whose epoch moved.
 *  In:      epochs128: 32 u32 LE epochs. grantees: n entries of 36 bytes: X25519 key (32), scopes
 *           (u32 LE).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE in the records output of, per re-grant:
 *                 grantee index, scopes, payload length (u32 LE each), payload.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_regrant(std::uint32_t root_h, std::uint32_t advanced, const std::uint8_t* epochs128,
                                         const std::uint8_t* grantees, std::size_t n, std::uint8_t* out8) {
  const auto* root = key_get(root_h, Kind::chart_root);
  if (root == nullptr) return bad_handle();
  std::vector<Grantee> gs(n);
  for (std::size_t i = 0; i < n; ++i) {
    gs[i].public_key = to_fixed<32>(ByteView(grantees + 36 * i, 32));
    std::memcpy(&gs[i].scopes, grantees + 36 * i + 32, 4);
  }
  auto r = regrant_after_epoch_change(*root, advanced, read_epochs(epochs128), gs);
  if (!r) return fail(r.error());
  Bytes& o = last_out();
  o.clear();
  for (const auto& g : r.value()) {
    le::put32(o, static_cast<std::uint32_t>(g.grantee));
    le::put32(o, g.scopes);
    le::put32(o, static_cast<std::uint32_t>(g.payload.size()));
    o.insert(o.end(), g.payload.begin(), g.payload.end());
  }
  put_view(o, out8);
  return 0;
}

// ---- institutions ---------------------------------------------------------------------------------
/** ehr_rec_group_create: a fresh institution group key, sealed to each member.
 *  Returns: 0, or ERR_BAD_ARGUMENT (n not 1..1024), ERR_INVALID_PUBLIC_KEY, ERR_OUT_OF_MEMORY.
 *  Args:    version: the group key's version.
 *  In:      members: n X25519 public keys (32 * n bytes).
 *  Out:     out_h: 4 bytes, the rec_x25519 handle of the group key (u32 LE). out_pk32: 32 bytes,
 *           its public key. out8: 8 bytes, (pointer, length) u32 LE of the member wraps (public).
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_create(std::uint32_t version, const std::uint8_t* members, std::size_t n,
                                              std::uint8_t* out_h, std::uint8_t* out_pk32, std::uint8_t* out8) {
  auto r = create_group_key(version, read_keys(members, n));
  if (!r) return fail(r.error());
  std::memcpy(out_pk32, r.value().first.public_key.data(), 32);
  const std::uint32_t h = key_put(Kind::rec_x25519, std::move(r.value().first.secret));
  if (h == 0) return static_cast<int>(Errc::out_of_memory);
  put_u32(out_h, h);
  last_out() = std::move(r.value().second);
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_group_seal: member wraps of an existing group key for `members`.
 *  Returns: 0, or ERR_BAD_HANDLE (group_h), ERR_BAD_ARGUMENT (n not 1..1024),
 *           ERR_INVALID_PUBLIC_KEY.
 *  In:      members: n X25519 public keys (32 * n bytes).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the member wraps (public).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_seal(std::uint32_t group_h, std::uint32_t version, const std::uint8_t* members,
                                            std::size_t n, std::uint8_t* out8) {
  const auto* sk = key_get(group_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  GroupKey g;
  g.secret = crypto::Secret<32>(sk->view());
  g.public_key = crypto::x25519::public_key(g.secret);
  g.version = version;
  auto r = seal_group_key(g, read_keys(members, n));
  if (!r) return fail(r.error());
  last_out() = std::move(r.value());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_group_open: a member opens the wraps with its own key.
 *  Returns: 0, or ERR_BAD_HANDLE (member_h), ERR_BAD_GRANT (malformed), ERR_NO_RECIPIENT (no wrap
 *           for this key), ERR_AUTH_FAILED, ERR_OUT_OF_MEMORY.
 *  In:      wraps: len bytes.
 *  Out:     out_h: 4 bytes, the group key's rec_x25519 handle (u32 LE). out_pk32: 32 bytes, its
 *           public key. out_v: 4 bytes, its version (u32 LE).
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_open(const std::uint8_t* wraps, std::size_t len, std::uint32_t member_h,
                                            std::uint8_t* out_h, std::uint8_t* out_pk32, std::uint8_t* out_v) {
  const auto* sk = key_get(member_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  auto r = open_member_wraps(ByteView(wraps, len), *sk);
  if (!r) return fail(r.error());
  std::memcpy(out_pk32, r.value().public_key.data(), 32);
  put_u32(out_v, r.value().version);
  const std::uint32_t h = key_put(Kind::rec_x25519, std::move(r.value().secret));
  if (h == 0) return static_cast<int>(Errc::out_of_memory);
  put_u32(out_h, h);
  return 0;
}
/** ehr_rec_group_inspect: the group public key and version of member wraps, without opening them.
 *  Returns: 0, or ERR_BAD_GRANT (malformed).
 *  In:      wraps: len bytes.
 *  Out:     out_pk32: 32 bytes. out_v: 4 bytes, the version (u32 LE).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_inspect(const std::uint8_t* wraps, std::size_t len, std::uint8_t* out_pk32,
                                               std::uint8_t* out_v) {
  auto r = member_wraps_group(ByteView(wraps, len));
  if (!r) return fail(r.error());
  std::memcpy(out_pk32, r.value().first.data(), 32);
  put_u32(out_v, r.value().second);
  return 0;
}

// ---- MetaMask encryption format --------------------------------------------------------------------
/** ehr_rec_mm_encrypt: eth-sig-util encrypt() (x25519-xsalsa20-poly1305) to a public key.
 *  Returns: 0, or ERR_INVALID_PUBLIC_KEY.
 *  In:      pk32: 32 bytes. msg: len bytes (the caller wipes its copy).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the JSON text (UTF-8) in the records output.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_mm_encrypt(const std::uint8_t* pk32, const std::uint8_t* msg, std::size_t len,
                                            std::uint8_t* out8) {
  auto r = metamask_encrypt(to_fixed<32>(in<32>(pk32)), ByteView(msg, len));
  if (!r) return fail(r.error());
  last_out().assign(r.value().begin(), r.value().end());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_mm_decrypt: eth-sig-util decrypt() of its JSON text with a rec_x25519 handle.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_JSON, ERR_BAD_ENCODING, ERR_UNKNOWN_VERSION,
 *           ERR_AUTH_FAILED.
 *  In:      json: len bytes (UTF-8).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the plaintext (secret).
 *  Owns:    the module owns the plaintext; copy it, then call ehr_rec_release (which wipes it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_mm_decrypt(const std::uint8_t* json, std::size_t len, std::uint32_t sk_h,
                                            std::uint8_t* out8) {
  const auto* sk = key_get(sk_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  last_plain() = crypto::SecretBytes();
  auto r = metamask_decrypt(std::string_view(reinterpret_cast<const char*>(json), len), *sk);
  if (!r) return fail(r.error());
  last_plain() = std::move(r.value());
  put_view(last_plain().view(), out8);
  return 0;
}
/** ehr_rec_release: wipes and frees the plaintext of the last one-shot decryption.
 *  Returns: nothing; never fails.
 */
EMSCRIPTEN_KEEPALIVE void ehr_rec_release() { last_plain() = crypto::SecretBytes(); }

}  // extern "C"
