// WASM exports of src/crypto, hashes and MACs: Keccak-256, SHA-256, SHA-512, BLAKE2b (one-shot and
// incremental), HMAC-SHA-256/512, HKDF-SHA-256. Rules: boundary.hpp.
//
// Pointer arguments point into module memory (the JS API stages them in the I/O arena or a heap
// block). A pointer paired with a length may be NULL when the length is 0. Outputs that are
// secret (MAC tags, HKDF output, a keyed digest) are wiped by the JS API after it copies them.
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>
#include <new>

#include "boundary.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"
#include "crypto/sha512.hpp"

using namespace ehr;
using wasm::bad_handle;
using wasm::fail;
using wasm::get;
using wasm::Kind;

extern "C" {

// ---- one-shot hashes ----------------------------------------------------------------------------
/** ehr_keccak256: Keccak-256 (Ethereum's, original padding) of a byte string.
 *  Returns: nothing; never fails.
 *  In:      data:  len bytes.
 *  Out:     out32: 32 bytes, the digest.
 */
EMSCRIPTEN_KEEPALIVE void ehr_keccak256(const std::uint8_t* data, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = crypto::keccak256(ByteView(data, len));
  std::memcpy(out32, h.data(), 32);
}
/** ehr_sha256: SHA-256 of a byte string.
 *  Returns: nothing; never fails.
 *  In:      data:  len bytes.
 *  Out:     out32: 32 bytes, the digest.
 */
EMSCRIPTEN_KEEPALIVE void ehr_sha256(const std::uint8_t* data, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = crypto::sha256(ByteView(data, len));
  std::memcpy(out32, h.data(), 32);
}
/** ehr_sha512: SHA-512 of a byte string.
 *  Returns: nothing; never fails.
 *  In:      data:  len bytes.
 *  Out:     out64: 64 bytes, the digest.
 */
EMSCRIPTEN_KEEPALIVE void ehr_sha512(const std::uint8_t* data, std::size_t len, std::uint8_t* out64) {
  const auto h = crypto::sha512(ByteView(data, len));
  std::memcpy(out64, h.data(), 64);
}
/** ehr_blake2b: BLAKE2b of a byte string, optionally keyed.
 *  Returns: 0, or ERR_BAD_LENGTH (outlen not 1..64, keylen above 64).
 *  In:      data:   len bytes.
 *           key:    keylen bytes (0..64; empty: unkeyed).
 *  Out:     out:    outlen bytes (1..64), the digest.
 *  Owns:    the caller wipes the key, and out when keyed (a MAC).
 */
EMSCRIPTEN_KEEPALIVE int ehr_blake2b(const std::uint8_t* data, std::size_t len, const std::uint8_t* key,
                                     std::size_t keylen, std::uint8_t* out, std::size_t outlen) {
  auto s = crypto::blake2b(std::span<std::uint8_t>(out, outlen), ByteView(data, len), ByteView(key, keylen));
  return s.ok() ? 0 : fail(s.error());
}

// ---- incremental hashes -------------------------------------------------------------------------
// Each state lives in the registry under its own kind; JS owns the handle and ends it with
// ehr_handle_free (or ehr_dispose_all). Call *_final once per state: a finished Keccak/SHA state
// is not meant to be used again (BLAKE2b refuses with ERR_STREAM_STATE).

/** ehr_keccak256_new / ehr_sha256_new / ehr_sha512_new: a fresh incremental hash state.
 *  Returns: 0, or ERR_OUT_OF_MEMORY (allocation, or no free handle).
 *  Out:     out_h: 4 bytes, the state's handle (u32 LE; kind keccak256, sha256, sha512).
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_new(std::uint8_t* out_h) {
  return wasm::adopt_to(Kind::keccak256, std::unique_ptr<crypto::Keccak256>(new (std::nothrow) crypto::Keccak256()),
                        out_h);
}
/** ehr_keccak256_update / ehr_sha256_update / ehr_sha512_update: absorbs len bytes.
 *  Returns: 0, or ERR_BAD_HANDLE (h not a live state of that kind).
 *  Args:    h:    the state's handle.
 *  In:      data: len bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = get<crypto::Keccak256>(h, Kind::keccak256);
  if (s == nullptr) return bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
/** ehr_keccak256_final / ehr_sha256_final: the digest of everything absorbed.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Args:    h:     the state's handle (stays live until ehr_handle_free).
 *  Out:     out32: 32 bytes, the digest.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_final(std::uint32_t h, std::uint8_t* out32) {
  auto* s = get<crypto::Keccak256>(h, Kind::keccak256);
  if (s == nullptr) return bad_handle();
  const Hash32 d = s->final();
  std::memcpy(out32, d.data(), 32);
  return 0;
}
/// ehr_sha256_new: as ehr_keccak256_new (kind sha256).
EMSCRIPTEN_KEEPALIVE int ehr_sha256_new(std::uint8_t* out_h) {
  return wasm::adopt_to(Kind::sha256, std::unique_ptr<crypto::Sha256>(new (std::nothrow) crypto::Sha256()), out_h);
}
/// ehr_sha256_update: as ehr_keccak256_update.
EMSCRIPTEN_KEEPALIVE int ehr_sha256_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = get<crypto::Sha256>(h, Kind::sha256);
  if (s == nullptr) return bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
/// ehr_sha256_final: as ehr_keccak256_final (out32: 32 bytes).
EMSCRIPTEN_KEEPALIVE int ehr_sha256_final(std::uint32_t h, std::uint8_t* out32) {
  auto* s = get<crypto::Sha256>(h, Kind::sha256);
  if (s == nullptr) return bad_handle();
  const Hash32 d = s->final();
  std::memcpy(out32, d.data(), 32);
  return 0;
}
/// ehr_sha512_new: as ehr_keccak256_new (kind sha512).
EMSCRIPTEN_KEEPALIVE int ehr_sha512_new(std::uint8_t* out_h) {
  return wasm::adopt_to(Kind::sha512, std::unique_ptr<crypto::Sha512>(new (std::nothrow) crypto::Sha512()), out_h);
}
/// ehr_sha512_update: as ehr_keccak256_update.
EMSCRIPTEN_KEEPALIVE int ehr_sha512_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = get<crypto::Sha512>(h, Kind::sha512);
  if (s == nullptr) return bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
/** ehr_sha512_final: as ehr_keccak256_final.
 *  Out:     out64: 64 bytes, the digest.
 */
EMSCRIPTEN_KEEPALIVE int ehr_sha512_final(std::uint32_t h, std::uint8_t* out64) {
  auto* s = get<crypto::Sha512>(h, Kind::sha512);
  if (s == nullptr) return bad_handle();
  const auto d = s->final();
  std::memcpy(out64, d.data(), 64);
  return 0;
}
/** ehr_blake2b_new: an incremental BLAKE2b state.
 *  Returns: 0, or ERR_BAD_LENGTH (outlen not 1..64, keylen above 64), ERR_OUT_OF_MEMORY.
 *  In:      key:    keylen bytes (0..64), copied into the state (which wipes it when destroyed).
 *  Args:    outlen: digest length the state will produce (1..64).
 *  Out:     out_h:  4 bytes, the state's handle (u32 LE, kind blake2b).
 *  Owns:    the caller wipes the key; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_new(std::size_t outlen, const std::uint8_t* key, std::size_t keylen,
                                         std::uint8_t* out_h) {
  auto r = crypto::Blake2b::create(outlen, ByteView(key, keylen));
  if (!r) return fail(r.error());
  return wasm::adopt_to(Kind::blake2b, std::move(r).value(), out_h);
}
/// ehr_blake2b_update: as ehr_keccak256_update.
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = get<crypto::Blake2b>(h, Kind::blake2b);
  if (s == nullptr) return bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
/** ehr_blake2b_final: the digest of everything absorbed.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_LENGTH (outlen not the state's), ERR_STREAM_STATE
 *           (already finished).
 *  Out:     out: outlen bytes, the digest (secret when keyed: the caller wipes it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_final(std::uint32_t h, std::uint8_t* out, std::size_t outlen) {
  auto* s = get<crypto::Blake2b>(h, Kind::blake2b);
  if (s == nullptr) return bad_handle();
  auto st = s->final(std::span<std::uint8_t>(out, outlen));
  return st.ok() ? 0 : fail(st.error());
}

// ---- MACs and HKDF --------------------------------------------------------------------------------
/** ehr_hmac_sha256: HMAC-SHA-256 (RFC 2104) of data under key.
 *  Returns: nothing; never fails.
 *  In:      key:   keylen bytes (any length). data: len bytes.
 *  Out:     out32: 32 bytes, the tag (secret).
 *  Owns:    the caller wipes the key and out32.
 */
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha256(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out32) {
  const auto t = crypto::hmac_sha256(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out32, t.data(), 32);
}
/** ehr_hmac_sha512: HMAC-SHA-512 of data under key.
 *  Returns: nothing; never fails.
 *  In:      key:   keylen bytes (any length). data: len bytes.
 *  Out:     out64: 64 bytes, the tag (secret).
 *  Owns:    the caller wipes the key and out64.
 */
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha512(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out64) {
  const auto t = crypto::hmac_sha512(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out64, t.data(), 64);
}
/** ehr_hkdf_sha256: HKDF-SHA-256 (RFC 5869, extract then expand).
 *  Returns: 0, or ERR_BAD_LENGTH (outlen above 8160).
 *  In:      ikm: ikmlen bytes. salt: saltlen bytes (empty: 32 zero bytes). info: infolen bytes.
 *  Out:     out: outlen bytes (<= 8160), the output keying material (secret).
 *  Owns:    the caller wipes ikm and out; the module wipes its intermediate copies.
 */
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256(const std::uint8_t* ikm, std::size_t ikmlen, const std::uint8_t* salt,
                                         std::size_t saltlen, const std::uint8_t* info, std::size_t infolen,
                                         std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::derive(ByteView(ikm, ikmlen), ByteView(salt, saltlen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
/** ehr_hkdf_sha256_extract: HKDF-Extract, the pseudorandom key.
 *  Returns: nothing; never fails.
 *  In:      salt: saltlen bytes. ikm: ikmlen bytes.
 *  Out:     out32: 32 bytes, the PRK (secret).
 *  Owns:    the caller wipes ikm and out32.
 */
EMSCRIPTEN_KEEPALIVE void ehr_hkdf_sha256_extract(const std::uint8_t* salt, std::size_t saltlen,
                                                  const std::uint8_t* ikm, std::size_t ikmlen, std::uint8_t* out32) {
  const auto prk = crypto::hkdf_sha256::extract(ByteView(salt, saltlen), ByteView(ikm, ikmlen));
  std::memcpy(out32, prk.data(), 32);
}
/** ehr_hkdf_sha256_expand: HKDF-Expand of a PRK.
 *  Returns: 0, or ERR_BAD_LENGTH (prklen below 32, outlen above 8160).
 *  In:      prk: prklen bytes (>= 32). info: infolen bytes.
 *  Out:     out: outlen bytes (<= 8160), secret.
 *  Owns:    the caller wipes prk and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256_expand(const std::uint8_t* prk, std::size_t prklen, const std::uint8_t* info,
                                                std::size_t infolen, std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::expand(ByteView(prk, prklen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}

}  // extern "C"
