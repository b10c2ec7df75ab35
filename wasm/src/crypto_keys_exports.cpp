// WASM exports of src/crypto, public-key cryptography: secp256k1 (raw keys and keys behind
// handles, ECDSA, ECDH, SPKI), X25519, sealed boxes, and the CSPRNG. Rules: boundary.hpp.
//
// A raw private key argument (`sk32`) is copied into a SecretKey32 for the call and wiped when it
// returns; the JS API wipes its own copy. Keys held for JS live in the registry (kinds k1_key,
// x25519_key) and are wiped when their handle is freed or by ehr_dispose_all.
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>

#include "boundary.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/spki.hpp"
#include "crypto/x25519.hpp"

using namespace ehr;
using crypto::SecretKey32;
using wasm::adopt_to;
using wasm::bad_handle;
using wasm::fail;
using wasm::get;
using wasm::in;
using wasm::Kind;
namespace k1 = ehr::crypto::secp256k1;
namespace x = ehr::crypto::x25519;

namespace {

// The public key of `sk`, 33 bytes when `compressed` else 65, to out: 0 or an Errc.
int put_pubkey(const SecretKey32& sk, int compressed, std::uint8_t* out) {
  if (compressed) {
    auto r = k1::public_key_compressed(sk);
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 33);
  } else {
    auto r = k1::public_key_uncompressed(sk);
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 65);
  }
  return 0;
}

}  // namespace

extern "C" {

// ---- secp256k1 over raw keys ----------------------------------------------------------------------
/** ehr_secp256k1_seckey_verify: checks a private key (a predicate, not a result code).
 *  Returns: 1 if 0 < key < n, else 0. Never fails.
 *  In:      sk32: 32 bytes, big-endian.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_seckey_verify(const std::uint8_t* sk32) {
  return k1::is_valid_private_key(in<32>(sk32)) ? 1 : 0;
}
/** ehr_secp256k1_pubkey: the public key of a private key.
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY (0 or >= n).
 *  In:      sk32: 32 bytes (copied; the copy is wiped).
 *  Out:     out:  33 bytes (compressed != 0) or 65 bytes (uncompressed, 0x04 || x || y).
 *  Owns:    the caller wipes sk32.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_pubkey(const std::uint8_t* sk32, int compressed, std::uint8_t* out) {
  const SecretKey32 sk(in<32>(sk32));
  return put_pubkey(sk, compressed, out);
}
/** ehr_secp256k1_sign: RFC 6979 deterministic, low-s, recoverable ECDSA signature of a digest.
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY.
 *  In:      msg32: 32 bytes, the digest. sk32: 32 bytes (copied; the copy is wiped).
 *  Out:     out65: 65 bytes, r || s || v (v = 0 or 1).
 *  Owns:    the caller wipes sk32.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_sign(const std::uint8_t* msg32, const std::uint8_t* sk32, std::uint8_t* out65) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = k1::sign_recoverable(in<32>(msg32), sk);
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/** ehr_secp256k1_verify: checks an ECDSA signature (a predicate, not a result code).
 *  Returns: 1 if valid, else 0 (malformed inputs are simply invalid). Never fails.
 *  In:      sig64: 64 bytes, r || s. msg32: 32 bytes, the digest. pub: publen bytes (SEC1, 33 or 65).
 *  Args:    low_s: != 0 also demands s <= n/2.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_verify(const std::uint8_t* sig64, const std::uint8_t* msg32,
                                              const std::uint8_t* pub, std::size_t publen, int low_s) {
  return k1::verify(in<64>(sig64), in<32>(msg32), ByteView(pub, publen), low_s != 0) ? 1 : 0;
}
/** ehr_secp256k1_recover: the public key that made a recoverable signature.
 *  Returns: 0, or ERR_INVALID_SIGNATURE (v > 3, r or s zero or >= n), ERR_RECOVERY_FAILED.
 *  In:      sig65: 65 bytes, r || s || v (v = 0..3). msg32: 32 bytes, the digest.
 *  Out:     out:   33 bytes (compressed != 0) or 65 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_recover(const std::uint8_t* sig65, const std::uint8_t* msg32, int compressed,
                                               std::uint8_t* out) {
  auto r = k1::recover(in<65>(sig65), in<32>(msg32));
  if (!r) return fail(r.error());
  if (compressed) {
    auto c = k1::convert_public_key(r.value(), true);
    if (!c) return fail(c.error());
    std::memcpy(out, c.value().data(), 33);
  } else {
    std::memcpy(out, r.value().data(), 65);
  }
  return 0;
}
/** ehr_secp256k1_signature_from_der: a DER ECDSA signature as r || s.
 *  Returns: 0, or ERR_INVALID_SIGNATURE (not strict DER, or r/s out of range).
 *  In:      der:   len bytes.
 *  Out:     out64: 64 bytes, r || s.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_signature_from_der(const std::uint8_t* der, std::size_t len,
                                                          std::uint8_t* out64) {
  auto r = k1::signature_from_der(ByteView(der, len));
  if (!r) return fail(r.error());
  std::memcpy(out64, r.value().data(), 64);
  return 0;
}
/** ehr_secp256k1_pubkey_convert: a SEC1 public key re-encoded compressed or uncompressed.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 33 or 65), ERR_INVALID_PUBLIC_KEY (not on the curve).
 *  In:      pub: len bytes (33 or 65).
 *  Out:     out: 65 bytes of room; 33 (compressed != 0) or 65 are written.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_pubkey_convert(const std::uint8_t* pub, std::size_t len, int compressed,
                                                      std::uint8_t* out) {
  auto r = k1::convert_public_key(ByteView(pub, len), compressed != 0);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().data(), r.value().size());
  return 0;
}
/** ehr_secp256k1_ecdh: ECDH of a raw private key with a public key.
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY, ERR_BAD_LENGTH / ERR_INVALID_PUBLIC_KEY (pub).
 *  Args:    hashed: 0 the raw x-coordinate; 1 SHA-256 of the compressed point (libsecp256k1's).
 *  In:      sk32: 32 bytes (copied; the copy is wiped). pub: publen bytes (SEC1, 33 or 65).
 *  Out:     out32: 32 bytes, the shared secret.
 *  Owns:    the caller wipes sk32 and out32.
 */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_ecdh(const std::uint8_t* sk32, const std::uint8_t* pub, std::size_t publen,
                                            int hashed, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = hashed ? k1::ecdh_sha256(sk, ByteView(pub, publen)) : k1::ecdh_x(sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}

// ---- secp256k1 private keys behind handles (kind k1_key) ---------------------------------------------
/** ehr_k1key_generate: a fresh private key from the CSPRNG.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  Out:     out_h: 4 bytes, the key's handle (u32 LE).
 *  Owns:    JS owns the handle (ehr_handle_free / ehr_dispose_all wipe the key).
 */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_generate(std::uint8_t* out_h) {
  return adopt_to(Kind::k1_key, std::make_unique<SecretKey32>(k1::generate_private_key()), out_h);
}
/** ehr_k1key_import: copies a private key into a handle.
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY (0 or >= n), ERR_OUT_OF_MEMORY.
 *  In:      sk32:  32 bytes.
 *  Out:     out_h: 4 bytes, the key's handle (u32 LE).
 *  Owns:    the caller wipes sk32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_import(const std::uint8_t* sk32, std::uint8_t* out_h) {
  if (!k1::is_valid_private_key(in<32>(sk32)))
    return fail(Error{Errc::invalid_private_key, "private key is zero or not below the curve order"});
  return adopt_to(Kind::k1_key, std::make_unique<SecretKey32>(in<32>(sk32)), out_h);
}
/** ehr_k1key_pubkey: the public key of a k1_key handle.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out: 33 bytes (compressed != 0) or 65 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_pubkey(std::uint32_t h, int compressed, std::uint8_t* out) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  return put_pubkey(*sk, compressed, out);
}
/** ehr_k1key_sign: as ehr_secp256k1_sign with the key of a k1_key handle.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  In:      msg32: 32 bytes, the digest.
 *  Out:     out65: 65 bytes, r || s || v (v = 0 or 1).
 */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_sign(std::uint32_t h, const std::uint8_t* msg32, std::uint8_t* out65) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  auto r = k1::sign_recoverable(in<32>(msg32), *sk);
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/** ehr_k1key_ecdh: as ehr_secp256k1_ecdh with the key of a k1_key handle.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_LENGTH / ERR_INVALID_PUBLIC_KEY (pub).
 *  In:      pub:   publen bytes (SEC1, 33 or 65).
 *  Out:     out32: 32 bytes, the shared secret (the caller wipes it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_ecdh(std::uint32_t h, const std::uint8_t* pub, std::size_t publen, int hashed,
                                        std::uint8_t* out32) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  auto r = hashed ? k1::ecdh_sha256(*sk, ByteView(pub, publen)) : k1::ecdh_x(*sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}

// ---- SPKI (DER SubjectPublicKeyInfo, id-ecPublicKey / secp256k1) -------------------------------------
/** ehr_spki_parse: the SEC1 point inside a DER SubjectPublicKeyInfo.
 *  Returns: 0, or ERR_BAD_ENCODING (not that structure), ERR_INVALID_PUBLIC_KEY.
 *  In:      der:     len bytes.
 *  Out:     out65:   65 bytes of room; 33 or 65 are written. out_len: 4 bytes, that length (u32 LE).
 */
EMSCRIPTEN_KEEPALIVE int ehr_spki_parse(const std::uint8_t* der, std::size_t len, std::uint8_t* out65,
                                        std::uint8_t* out_len) {
  auto r = crypto::spki::parse_secp256k1(ByteView(der, len));
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), r.value().size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(r.value().size()));
  return 0;
}
/** ehr_spki_encode: a SEC1 point as DER SubjectPublicKeyInfo.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 33 or 65), ERR_INVALID_PUBLIC_KEY.
 *  In:      pub:     len bytes (33 or 65).
 *  Out:     out88:   88 bytes of room; 56 or 88 are written. out_len: 4 bytes, that length (u32 LE).
 */
EMSCRIPTEN_KEEPALIVE int ehr_spki_encode(const std::uint8_t* pub, std::size_t len, std::uint8_t* out88,
                                         std::uint8_t* out_len) {
  auto r = crypto::spki::encode_secp256k1(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out88, r.value().data(), r.value().size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(r.value().size()));
  return 0;
}

// ---- X25519 and sealed boxes ------------------------------------------------------------------------
/** ehr_x25519_generate: a fresh X25519 key pair.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  Out:     out_h: 4 bytes, the pair's handle (u32 LE, kind x25519_key).
 *  Owns:    JS owns the handle (freeing it wipes the secret key).
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_generate(std::uint8_t* out_h) {
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::generate()), out_h);
}
/** ehr_x25519_from_seed: the key pair of a seed (libsodium crypto_box_seed_keypair).
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  In:      seed32: 32 bytes.
 *  Out:     out_h:  4 bytes, the pair's handle (u32 LE, kind x25519_key).
 *  Owns:    the caller wipes seed32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_seed(const std::uint8_t* seed32, std::uint8_t* out_h) {
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::from_seed(in<32>(seed32))), out_h);
}
/** ehr_x25519_from_secret: the key pair of a secret key.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  In:      sk32:  32 bytes (copied; the copy is wiped).
 *  Out:     out_h: 4 bytes, the pair's handle (u32 LE, kind x25519_key).
 *  Owns:    the caller wipes sk32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_secret(const std::uint8_t* sk32, std::uint8_t* out_h) {
  const SecretKey32 sk(in<32>(sk32));
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::from_secret_key(sk)), out_h);
}
/** ehr_x25519_public: the public key of an x25519_key handle.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out32: 32 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_public(std::uint32_t h, std::uint8_t* out32) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  std::memcpy(out32, kp->public_key.data(), 32);
  return 0;
}
/** ehr_x25519_shared: X25519 of an x25519_key handle's secret and a public key.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_INVALID_PUBLIC_KEY (an all-zero result: low-order point).
 *  In:      pub32: 32 bytes.
 *  Out:     out32: 32 bytes, the shared secret (the caller wipes it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_shared(std::uint32_t h, const std::uint8_t* pub32, std::uint8_t* out32) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  auto r = x::shared_secret(kp->secret_key, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_x25519_scalarmult: X25519 of a raw secret key and a public key.
 *  Returns: 0, or ERR_INVALID_PUBLIC_KEY (an all-zero result).
 *  In:      sk32:  32 bytes (copied; the copy is wiped). pub32: 32 bytes.
 *  Out:     out32: 32 bytes, the shared secret.
 *  Owns:    the caller wipes sk32 and out32.
 */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_scalarmult(const std::uint8_t* sk32, const std::uint8_t* pub32,
                                               std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = x::shared_secret(sk, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_x25519_scalarmult_base: the public key of a raw secret key.
 *  Returns: nothing; never fails.
 *  In:      sk32:  32 bytes (copied; the copy is wiped).
 *  Out:     out32: 32 bytes.
 *  Owns:    the caller wipes sk32.
 */
EMSCRIPTEN_KEEPALIVE void ehr_x25519_scalarmult_base(const std::uint8_t* sk32, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  const auto kp = x::from_secret_key(sk);
  std::memcpy(out32, kp.public_key.data(), 32);
}
/** ehr_box_seal: libsodium sealed box (anonymous sender) to a public key.
 *  Returns: 0, or ERR_INVALID_PUBLIC_KEY.
 *  In:      msg:   len bytes. pub32: 32 bytes, the recipient's X25519 key.
 *  Out:     out:   len + 48 bytes (ephemeral key || ciphertext || tag).
 *  Owns:    the caller wipes msg.
 */
EMSCRIPTEN_KEEPALIVE int ehr_box_seal(const std::uint8_t* msg, std::size_t len, const std::uint8_t* pub32,
                                      std::uint8_t* out) {
  auto s = crypto::sealed_box::seal({out, len + crypto::sealed_box::kOverhead}, ByteView(msg, len), in<32>(pub32));
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_box_seal_open: opens a sealed box with an x25519_key handle.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_LENGTH (len below 48), ERR_AUTH_FAILED (not for this key,
 *           or modified).
 *  In:      ct:  len bytes (>= 48; the JS API checks).
 *  Out:     out: len - 48 bytes of plaintext (secret; the caller wipes it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_box_seal_open(std::uint32_t h, const std::uint8_t* ct, std::size_t len,
                                           std::uint8_t* out) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::sealed_box::kOverhead ? len - crypto::sealed_box::kOverhead : 0;
  auto s = crypto::sealed_box::open({out, outlen}, ByteView(ct, len), *kp);
  return s.ok() ? 0 : fail(s.error());
}

// ---- CSPRNG ---------------------------------------------------------------------------------------
/** ehr_random: bytes from the CSPRNG (libsodium randombytes_buf, crypto.getRandomValues).
 *  Returns: nothing; never fails.
 *  Out:     out: n bytes.
 */
EMSCRIPTEN_KEEPALIVE void ehr_random(std::uint8_t* out, std::size_t n) { crypto::random_bytes({out, n}); }

}  // extern "C"
