// WASM exports of src/records: key handles, the streaming envelope, grants, institutions, the
// MetaMask format, FHIR checks and the search index. Rules: boundary.cpp.
//
// Secrets never cross the boundary outward: chart roots, chart keys and X25519 secrets live in
// the boundary's handle registry (handles.hpp) and JS holds handle numbers; so do envelope
// writers and readers and search indexes. Result convention: boundary.hpp. Byte outputs of
// streams are views into the stream object's own buffer: each export writes (pointer, length) as
// two u32 at `out8`, and JS copies the bytes out before the next call on that object.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <new>

#include "boundary.hpp"
#include "common/json.hpp"
#include "records/envelope_format.hpp"
#include "records/fhir.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records/grants.hpp"
#include "records/institution.hpp"
#include "records/json_text.hpp"
#include "records/key_schedule.hpp"
#include "records/le.hpp"
#include "records/metamask.hpp"
#include "records/scopes.hpp"
#include "records/search_index.hpp"
#include "crypto/x25519.hpp"

using namespace ehr;
using namespace ehr::records;
using wasm::fail;
using wasm::in;

namespace {

using wasm::bad_handle;
using wasm::Kind;
using wasm::put_u32;
using wasm::registry;

// Record keys (a crypto::Secret<32> each) live in the boundary's registry (handles.hpp) under
// three kinds: Kind::chart_root, Kind::chart_key, Kind::rec_x25519.
const crypto::Secret<32>* key_get(std::uint32_t h, Kind k) { return registry().get<crypto::Secret<32>>(h, k); }
// Stores a key; its handle, or 0 when the registry is full or out of memory (fail() was called).
std::uint32_t key_put(Kind k, crypto::Secret<32> s) {
  auto h = registry().adopt(k, std::make_unique<crypto::Secret<32>>(std::move(s)));
  if (!h) {
    fail(h.error());
    return 0;
  }
  return h.value();
}
template <class T>
T* obj(std::uint32_t h, Kind k) {
  return registry().get<T>(h, k);
}

// Output of the last call that returns variable-size bytes (grant payloads, member wraps, ...):
// valid until the next such call. Not secret (sealed or public data only).
Bytes& last_out() {
  static Bytes b;
  return b;
}

// (pointer, length) of a view, as two u32 at out8.
void put_view(ByteView v, std::uint8_t* out8) {
  const auto p = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(v.data()));
  const auto n = static_cast<std::uint32_t>(v.size());
  std::memcpy(out8, &p, 4);
  std::memcpy(out8 + 4, &n, 4);
}

// Stores a secret and writes its handle (u32) at out_h; with out_pk32, also its X25519 public key.
int store(Kind kind, Result<crypto::Secret<32>> r, std::uint8_t* out_h, std::uint8_t* out_pk32) {
  if (!r) return fail(r.error());
  if (out_pk32 != nullptr) {
    const auto pk = crypto::x25519::public_key(r.value());
    std::memcpy(out_pk32, pk.data(), 32);
  }
  return wasm::adopt_to(kind, std::make_unique<crypto::Secret<32>>(std::move(r.value())), out_h);
}

// Decrypted bytes returned by a one-shot call (MetaMask format): wiped by the next such call or
// by ehr_rec_release().
crypto::SecretBytes& last_plain() {
  static crypto::SecretBytes b;
  return b;
}

ScopeEpochs read_epochs(const std::uint8_t* p) {
  ScopeEpochs e{};
  for (std::size_t i = 0; i < kMaxScopes; ++i) std::memcpy(&e[i], p + 4 * i, 4);
  return e;
}

// Copies the secrets behind `n` u32 handles at `hs` into `out`.
bool collect(const std::uint8_t* hs, std::size_t n, Kind kind, std::vector<crypto::Secret<32>>& out) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t h = 0;
    std::memcpy(&h, hs + 4 * i, 4);
    const auto* k = key_get(h, kind);
    if (k == nullptr) return false;
    out.emplace_back(k->view());
  }
  return true;
}

}  // namespace

extern "C" {

// ---- key handles --------------------------------------------------------------------------------
// Keys are freed with ehr_handle_free and wiped all at once by ehr_dispose_all (handles.cpp).

/** ehr_rec_identity_from_seed / ehr_rec_identity_from_signature: the X25519 identity of account
 *  `index` from a seed (len bytes), or from a 65-byte EncryptionKeyRequest signature and account20:
 *  a rec_x25519 handle at out_h (u32), its public key at out_pk32. Fails: ERR_BAD_LENGTH,
 *  ERR_INVALID_SIGNATURE, ERR_OUT_OF_MEMORY. The caller wipes the seed; JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_identity_from_seed(const std::uint8_t* seed, std::size_t len, std::uint32_t index,
                                                    std::uint8_t* out_h, std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, identity_from_seed(ByteView(seed, len), index), out_h, out_pk32);
}
EMSCRIPTEN_KEEPALIVE int ehr_rec_identity_from_signature(const std::uint8_t* sig, std::size_t len,
                                                         const std::uint8_t* account20, std::uint8_t* out_h,
                                                         std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, identity_from_signature(ByteView(sig, len), to_fixed<20>(in<20>(account20))), out_h,
               out_pk32);
}
/** ehr_rec_chart_root_from_seed / _from_signature: the chart root of account20 from a seed or a
 *  65-byte signature: a chart_root handle at out_h (u32). Fails as the identity exports. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_root_from_seed(const std::uint8_t* seed, std::size_t len,
                                                      const std::uint8_t* account20, std::uint8_t* out_h) {
  return store(Kind::chart_root, chart_root_from_seed(ByteView(seed, len), to_fixed<20>(in<20>(account20))), out_h,
               nullptr);
}
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_root_from_signature(const std::uint8_t* sig, std::size_t len,
                                                           const std::uint8_t* account20, std::uint8_t* out_h) {
  return store(Kind::chart_root, chart_root_from_signature(ByteView(sig, len), to_fixed<20>(in<20>(account20))), out_h,
               nullptr);
}
/** ehr_rec_chart_key: K(scope, epoch) derived from a chart_root handle, as a chart_key handle at
 *  out_h (u32). Fails: ERR_BAD_HANDLE, ERR_OUT_OF_MEMORY. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_key(std::uint32_t root_h, std::uint32_t scope, std::uint32_t epoch,
                                           std::uint8_t* out_h) {
  const auto* root = key_get(root_h, Kind::chart_root);
  if (root == nullptr) return bad_handle();
  return store(Kind::chart_key, chart_key(*root, static_cast<std::uint16_t>(scope), epoch), out_h, nullptr);
}
/// Checks an EncryptionKeyRequest signature (65 bytes) against account20 for (chain id, contract,
/// key version). chain_id is given as two u32 halves (JS numbers up to 2^53).
EMSCRIPTEN_KEEPALIVE int ehr_rec_verify_key_request(const std::uint8_t* sig65, std::uint32_t chain_lo,
                                                    std::uint32_t chain_hi, const std::uint8_t* contract20,
                                                    const std::uint8_t* account20, std::uint32_t key_version) {
  const std::uint64_t chain = (std::uint64_t{chain_hi} << 32) | chain_lo;
  auto st = verify_encryption_key_request(ByteView(sig65, 65), chain, to_fixed<20>(in<20>(contract20)),
                                          to_fixed<20>(in<20>(account20)), key_version);
  return st ? 0 : fail(st.error());
}
/// kind: 1 chart root, 2 chart key, 3 X25519 secret (out_pk32 then receives its public key).
EMSCRIPTEN_KEEPALIVE int ehr_rec_key_import(int kind, const std::uint8_t* secret32, std::uint8_t* out_h,
                                            std::uint8_t* out_pk32) {
  if (kind < 1 || kind > 3) return fail(Error{Errc::bad_argument, "unknown key kind"});
  const Kind k = kind == 1 ? Kind::chart_root : kind == 2 ? Kind::chart_key : Kind::rec_x25519;
  return store(k, crypto::Secret<32>(in<32>(secret32)), out_h, k == Kind::rec_x25519 ? out_pk32 : nullptr);
}
/** ehr_rec_x25519_generate: a fresh X25519 secret as a rec_x25519 handle at out_h (u32), its
 *  public key at out_pk32. Fails: ERR_OUT_OF_MEMORY. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_x25519_generate(std::uint8_t* out_h, std::uint8_t* out_pk32) {
  return store(Kind::rec_x25519, crypto::x25519::generate().secret_key, out_h, out_pk32);
}
/// Key hint of a chart key handle (4 bytes at out4).
EMSCRIPTEN_KEEPALIVE int ehr_rec_chart_key_hint(std::uint32_t h, std::uint8_t* out4) {
  const auto* k = key_get(h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  const KeyHint hint = scope_key_hint(*k);
  std::memcpy(out4, hint.data(), 4);
  return 0;
}
/** ehr_rec_public_key_hint: the 4-byte key hint of a public key (pk32) to out4. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_rec_public_key_hint(const std::uint8_t* pk32, std::uint8_t* out4) {
  const KeyHint hint = public_key_hint(to_fixed<32>(in<32>(pk32)));
  std::memcpy(out4, hint.data(), 4);
}

// ---- envelope writer ----------------------------------------------------------------------------
/// chart_hs: n_chart u32 handles; recipients: n_recip * 32 bytes. Writes the writer at out_w (u32).
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_new(std::uint32_t scope, std::uint32_t epoch, std::uint32_t chunk_size,
                                            const std::uint8_t* chart_hs, std::size_t n_chart,
                                            const std::uint8_t* recipients, std::size_t n_recip, std::uint8_t* out_w) {
  if (scope > 0xffff) return fail(Error{Errc::bad_argument, "scope must be 0..65535"});
  WriterParams p;
  p.scope = static_cast<std::uint16_t>(scope);
  p.epoch = epoch;
  p.chunk_size = chunk_size;
  for (std::size_t i = 0; i < n_chart; ++i) {
    std::uint32_t h = 0;
    std::memcpy(&h, chart_hs + 4 * i, 4);
    const auto* k = key_get(h, Kind::chart_key);
    if (k == nullptr) return bad_handle();
    p.chart_keys.push_back(k);
  }
  for (std::size_t i = 0; i < n_recip; ++i) p.recipients.push_back(to_fixed<32>(ByteView(recipients + 32 * i, 32)));
  auto w = EnvelopeWriter::create(p);
  if (!w) return fail(w.error());
  return wasm::adopt_to(Kind::env_writer,
                        std::unique_ptr<EnvelopeWriter>(new (std::nothrow) EnvelopeWriter(std::move(w.value()))),
                        out_w);
}
/** ehr_rec_writer_header: (ptr, len) of the writer's envelope header at out8 (valid while the
 *  writer lives). Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_header(std::uint32_t w_h, std::uint8_t* out8) {
  EnvelopeWriter* w = obj<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  put_view(w->header(), out8);
  return 0;
}
/** ehr_rec_writer_push: encrypts len bytes; (ptr, len) of the envelope bytes they complete at
 *  out8 (valid until the next call on the writer). Fails: ERR_BAD_HANDLE, ERR_STREAM_STATE. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_push(std::uint32_t w_h, const std::uint8_t* data, std::size_t len,
                                             std::uint8_t* out8) {
  EnvelopeWriter* w = obj<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  auto r = w->push(ByteView(data, len));
  if (!r) return fail(r.error());
  put_view(r.value(), out8);
  return 0;
}
/** ehr_rec_writer_finish: the FINAL chunk, (ptr, len) at out8. Fails: ERR_BAD_HANDLE,
 *  ERR_STREAM_STATE. The writer stays in the registry until ehr_handle_free. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_finish(std::uint32_t w_h, std::uint8_t* out8) {
  EnvelopeWriter* w = obj<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  auto r = w->finish();
  if (!r) return fail(r.error());
  put_view(r.value(), out8);
  return 0;
}

// ---- envelope reader ----------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_new(const std::uint8_t* chart_hs, std::size_t n_chart,
                                            const std::uint8_t* x25519_hs, std::size_t n_x, std::uint8_t* out_r) {
  ReaderKeys rk;
  if (!collect(chart_hs, n_chart, Kind::chart_key, rk.chart_keys)) return bad_handle();
  if (!collect(x25519_hs, n_x, Kind::rec_x25519, rk.x25519_secrets)) return bad_handle();
  auto r = EnvelopeReader::create(std::move(rk));
  if (!r) return fail(r.error());
  return wasm::adopt_to(Kind::env_reader,
                        std::unique_ptr<EnvelopeReader>(new (std::nothrow) EnvelopeReader(std::move(r.value()))),
                        out_r);
}
/** ehr_rec_reader_push: decrypts len envelope bytes; (ptr, len) of the verified plaintext they
 *  complete at out8 (secret; valid until the next call on the reader). Fails: ERR_BAD_HANDLE,
 *  ERR_BAD_ENVELOPE, ERR_NO_RECIPIENT, ERR_AUTH_FAILED, ERR_STREAM_STATE. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_push(std::uint32_t r_h, const std::uint8_t* data, std::size_t len,
                                             std::uint8_t* out8) {
  EnvelopeReader* r = obj<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  auto res = r->push(ByteView(data, len));
  if (!res) return fail(res.error());
  put_view(res.value(), out8);
  return 0;
}
/** ehr_rec_reader_finish: ends the input; (ptr, len) of any last plaintext at out8. Fails:
 *  ERR_BAD_HANDLE, ERR_STREAM_TRUNCATED (no FINAL chunk). */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_finish(std::uint32_t r_h, std::uint8_t* out8) {
  EnvelopeReader* r = obj<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  auto res = r->finish();
  if (!res) return fail(res.error());
  put_view(res.value(), out8);
  return 0;
}
/// Header fields once parsed, as u32s at out: [1, header_len, chunk_size, scope, epoch, wraps,
/// opened wrap index]; [0] when the header is not complete yet.
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_info(std::uint32_t r_h, std::uint8_t* out28) {
  EnvelopeReader* r = obj<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  const HeaderInfo* h = r->header();
  put_u32(out28, h != nullptr ? 1 : 0);
  if (h == nullptr) return 0;
  put_u32(out28 + 4, h->header_len);
  put_u32(out28 + 8, h->chunk_size);
  put_u32(out28 + 12, h->scope);
  put_u32(out28 + 16, h->epoch);
  put_u32(out28 + 20, static_cast<std::uint32_t>(h->wraps.size()));
  put_u32(out28 + 24, static_cast<std::uint32_t>(r->opened_wrap().value_or(0xffffffffu)));
  return 0;
}

/// Scans the first `len` bytes of an envelope. out: u32s [complete, need or header_len,
/// chunk_size, scope, epoch, wrap_count], then per wrap (at most `max_wraps`) 8 bytes: type, 3
/// zero bytes, hint; when incomplete: [0, need, header_len or 0]. Returns 0 or an Errc.
EMSCRIPTEN_KEEPALIVE int ehr_rec_scan_header(const std::uint8_t* data, std::size_t len, std::uint8_t* out,
                                             std::size_t max_wraps) {
  auto s = scan_header(ByteView(data, len));
  if (!s) return fail(s.error());
  const HeaderScan& sc = s.value();
  put_u32(out, sc.complete ? 1 : 0);
  if (!sc.complete) {
    put_u32(out + 4, static_cast<std::uint32_t>(sc.need));
    put_u32(out + 8, sc.info.header_len);  // 0 until the 24-byte prefix is in
    return 0;
  }
  const HeaderInfo& h = sc.info;
  put_u32(out + 4, h.header_len);
  put_u32(out + 8, h.chunk_size);
  put_u32(out + 12, h.scope);
  put_u32(out + 16, h.epoch);
  put_u32(out + 20, static_cast<std::uint32_t>(h.wraps.size()));
  for (std::size_t i = 0; i < h.wraps.size() && i < max_wraps; ++i) {
    std::uint8_t* o = out + 24 + 8 * i;
    o[0] = h.wraps[i].type;
    o[1] = o[2] = o[3] = 0;
    std::memcpy(o + 4, h.wraps[i].hint.data(), 4);
  }
  return 0;
}

// ---- grants ------------------------------------------------------------------------------------
/// epochs128: 32 u32 (epoch of each scope). Payload at (ptr, len) written at out8.
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
/// Opens a payload: out receives count u32, then per key: scope u32, epoch u32, chart-key handle u32.
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
/// Labels of a payload: count u32, then scope u32, epoch u32 each.
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
/// grantees: n entries of public key (32) and scopes u32. Output bytes: per regrant: grantee index
/// u32, scopes u32, payload length u32, payload.
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

// ---- institutions ------------------------------------------------------------------------------
/// A fresh group key: its handle at out_h, public key at out_pk32, member wraps at out8.
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_create(std::uint32_t version, const std::uint8_t* members, std::size_t n,
                                              std::uint8_t* out_h, std::uint8_t* out_pk32, std::uint8_t* out8) {
  std::vector<X25519Public> ms(n);
  for (std::size_t i = 0; i < n; ++i) ms[i] = to_fixed<32>(ByteView(members + 32 * i, 32));
  auto r = create_group_key(version, ms);
  if (!r) return fail(r.error());
  std::memcpy(out_pk32, r.value().first.public_key.data(), 32);
  const std::uint32_t h = key_put(Kind::rec_x25519, std::move(r.value().first.secret));
  if (h == 0) return static_cast<int>(Errc::out_of_memory);
  put_u32(out_h, h);
  last_out() = std::move(r.value().second);
  put_view(last_out(), out8);
  return 0;
}
/// Member wraps of an existing group key (handle) for `members`.
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_seal(std::uint32_t group_h, std::uint32_t version, const std::uint8_t* members,
                                            std::size_t n, std::uint8_t* out8) {
  const auto* sk = key_get(group_h, Kind::rec_x25519);
  if (sk == nullptr) return bad_handle();
  GroupKey g;
  g.secret = crypto::Secret<32>(sk->view());
  g.public_key = crypto::x25519::public_key(g.secret);
  g.version = version;
  std::vector<X25519Public> ms(n);
  for (std::size_t i = 0; i < n; ++i) ms[i] = to_fixed<32>(ByteView(members + 32 * i, 32));
  auto r = seal_group_key(g, ms);
  if (!r) return fail(r.error());
  last_out() = std::move(r.value());
  put_view(last_out(), out8);
  return 0;
}
/// A member opens the wraps: group key handle at out_h, public key at out_pk32, version at out_v.
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
/** ehr_rec_group_inspect: the group public key (out_pk32) and version (u32 at out_v) of member
 *  wraps. Fails: ERR_BAD_ENCODING. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_group_inspect(const std::uint8_t* wraps, std::size_t len, std::uint8_t* out_pk32,
                                               std::uint8_t* out_v) {
  auto r = member_wraps_group(ByteView(wraps, len));
  if (!r) return fail(r.error());
  std::memcpy(out_pk32, r.value().first.data(), 32);
  put_u32(out_v, r.value().second);
  return 0;
}

// ---- MetaMask encryption format ---------------------------------------------------------------
/// eth-sig-util encrypt(): the JSON text (UTF-8) at out8.
EMSCRIPTEN_KEEPALIVE int ehr_rec_mm_encrypt(const std::uint8_t* pk32, const std::uint8_t* msg, std::size_t len,
                                            std::uint8_t* out8) {
  auto r = metamask_encrypt(to_fixed<32>(in<32>(pk32)), ByteView(msg, len));
  if (!r) return fail(r.error());
  last_out().assign(r.value().begin(), r.value().end());
  put_view(last_out(), out8);
  return 0;
}
/// eth-sig-util decrypt() of the JSON text (UTF-8) at json: the plaintext bytes at out8 (copy them,
/// then call ehr_rec_release).
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
/** ehr_rec_release: wipes the plaintext of the last one-shot decryption. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_rec_release() { last_plain() = crypto::SecretBytes(); }

// ---- search index --------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_new(std::uint32_t chart_h, std::uint32_t scope, std::uint32_t epoch,
                                           std::uint8_t* out_idx) {
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  return wasm::adopt_to(
      Kind::search_index,
      std::unique_ptr<SearchIndex>(new (std::nothrow) SearchIndex(*k, static_cast<std::uint16_t>(scope), epoch)),
      out_idx);
}
/// Adds a record: `json` is a FHIR resource (resource = 1) or terms {words, codes, dates, type}.
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_add(std::uint32_t idx_h, const std::uint8_t* id, std::size_t id_len,
                                           const std::uint8_t* json, std::size_t json_len, int resource) {
  SearchIndex* idx = obj<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto j = parse_json(std::string_view(reinterpret_cast<const char*>(json), json_len));
  if (!j) return fail(j.error());
  const std::string_view rid(reinterpret_cast<const char*>(id), id_len);
  if (resource != 0) {
    auto st = idx->add_resource(rid, j.value());
    return st ? 0 : fail(st.error());
  }
  auto t = terms_from_json(j.value());
  if (!t) return fail(t.error());
  auto st = idx->add(rid, t.value());
  return st ? 0 : fail(st.error());
}
/** ehr_rec_index_merge: adds every record of the index other_h to idx_h (same chart key). Fails:
 *  ERR_BAD_HANDLE, ERR_BAD_ARGUMENT. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_merge(std::uint32_t idx_h, std::uint32_t other_h) {
  SearchIndex* idx = obj<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const SearchIndex* other = obj<SearchIndex>(other_h, Kind::search_index);
  if (other == nullptr) return bad_handle();
  auto st = idx->merge(*other);
  return st ? 0 : fail(st.error());
}
/// Query JSON in, JSON array of record ids (UTF-8) out at out8.
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_query(std::uint32_t idx_h, const std::uint8_t* json, std::size_t len,
                                             std::uint8_t* out8) {
  const SearchIndex* idx = obj<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto j = parse_json(std::string_view(reinterpret_cast<const char*>(json), len));
  if (!j) return fail(j.error());
  auto q = query_from_json(j.value());
  if (!q) return fail(q.error());
  auto r = idx->query(q.value());
  if (!r) return fail(r.error());
  std::string text = "[";
  for (std::size_t i = 0; i < r.value().size(); ++i) {
    if (i != 0) text += ',';
    append_json_string(text, r.value()[i]);
  }
  text += ']';
  last_out().assign(text.begin(), text.end());
  put_view(last_out(), out8);
  return 0;
}
/// out16: record count, token count, scope, epoch (u32 each).
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_info(std::uint32_t idx_h, std::uint8_t* out16) {
  const SearchIndex* idx = obj<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  put_u32(out16, static_cast<std::uint32_t>(idx->record_count()));
  put_u32(out16 + 4, static_cast<std::uint32_t>(idx->token_count()));
  put_u32(out16 + 8, idx->scope());
  put_u32(out16 + 12, idx->epoch());
  return 0;
}
/** ehr_rec_index_seal: the index as an envelope under a chart_key handle, (ptr, len) at out8.
 *  Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_seal(std::uint32_t idx_h, std::uint32_t chart_h, std::uint8_t* out8) {
  const SearchIndex* idx = obj<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  auto r = idx->seal(*k);
  if (!r) return fail(r.error());
  last_out() = std::move(r.value());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_index_open: decrypts and loads an index envelope (len bytes) with a chart_key handle: a
 *  search_index handle at out_idx (u32). Fails: ERR_BAD_HANDLE, ERR_AUTH_FAILED, ERR_BAD_INDEX. */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_open(const std::uint8_t* env, std::size_t len, std::uint32_t chart_h,
                                            std::uint8_t* out_idx) {
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  auto r = SearchIndex::open(ByteView(env, len), *k);
  if (!r) return fail(r.error());
  return wasm::adopt_to(Kind::search_index,
                        std::unique_ptr<SearchIndex>(new (std::nothrow) SearchIndex(std::move(r.value()))), out_idx);
}

}  // extern "C"

namespace ehr::wasm {
void wipe_records_buffers() {
  last_plain() = crypto::SecretBytes();
  Bytes& o = last_out();
  crypto::wipe(o.data(), o.size());
  o.clear();
}
}  // namespace ehr::wasm

// ---- Embind: FHIR checks (JSON text in, JSON report out) -----------------------------------------
namespace {

// {"resourceType": "...", "scope": n | null, "issues": [{"path": "...", "message": "..."}]}
std::string fhir_validate(const std::string& text) {
  const fhir::Report r = fhir::validate_text(text);
  std::string out = "{\"resourceType\":";
  append_json_string(out, r.resource_type);
  out += ",\"scope\":" + (r.scope ? std::to_string(*r.scope) : std::string("null")) + ",\"issues\":[";
  for (std::size_t i = 0; i < r.issues.size(); ++i) {
    out += i == 0 ? "{\"path\":" : ",{\"path\":";
    append_json_string(out, r.issues[i].path);
    out += ",\"message\":";
    append_json_string(out, r.issues[i].message);
    out += '}';
  }
  return out + "]}";
}

std::string scope_name_of(int id) {
  return id < 0 || id > 0xffff ? std::string() : std::string(scope_name(static_cast<std::uint16_t>(id)));
}

std::string scope_label_of(int id) {
  return id < 0 || id > 0xffff ? std::string() : std::string(scope_label(static_cast<std::uint16_t>(id)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_records) {
  emscripten::function("fhirValidate", &fhir_validate);
  emscripten::function("scopeName", &scope_name_of);
  emscripten::function("scopeLabel", &scope_label_of);
}
