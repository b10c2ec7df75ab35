// WASM exports of src/crypto: hashes, MACs, KDFs, secp256k1, X25519, sealed boxes, AEADs and
// secretstream; secrets held for JS behind handles. Rules: boundary.cpp.
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>
#include <new>

#include "boundary.hpp"
#include "crypto/aead.hpp"
#include "crypto/argon2.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/keccak.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/secretstream.hpp"
#include "crypto/sha256.hpp"
#include "crypto/sha512.hpp"
#include "crypto/spki.hpp"
#include "crypto/x25519.hpp"

using namespace ehr;
using wasm::fail;
using wasm::in;
namespace k1 = ehr::crypto::secp256k1;

extern "C" {

// ---- hashes -----------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void ehr_keccak256(const std::uint8_t* data, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = crypto::keccak256(ByteView(data, len));
  std::memcpy(out32, h.data(), 32);
}
/** ehr_sha256: SHA-256 of len bytes at data to out32 (32 bytes). Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_sha256(const std::uint8_t* data, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = crypto::sha256(ByteView(data, len));
  std::memcpy(out32, h.data(), 32);
}
/** Incremental hashes: ehr_keccak256_new / ehr_sha256_new / ehr_sha512_new(out_h) put a fresh
 *  state's handle at out_h (u32); *_update(h, data, len) absorbs len bytes; *_final(h, out)
 *  writes the digest (32, 32, 64 bytes) and leaves the state finished. Each returns 0 or an Errc
 *  (ERR_BAD_HANDLE, ERR_OUT_OF_MEMORY). JS owns the handle (ehr_handle_free). */
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_new(std::uint8_t* out_h) {
  return wasm::adopt_to(wasm::Kind::keccak256,
                        std::unique_ptr<crypto::Keccak256>(new (std::nothrow) crypto::Keccak256()), out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = wasm::registry().get<crypto::Keccak256>(h, wasm::Kind::keccak256);
  if (s == nullptr) return wasm::bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_keccak256_final(std::uint32_t h, std::uint8_t* out32) {
  auto* s = wasm::registry().get<crypto::Keccak256>(h, wasm::Kind::keccak256);
  if (s == nullptr) return wasm::bad_handle();
  const Hash32 d = s->final();
  std::memcpy(out32, d.data(), 32);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_sha256_new(std::uint8_t* out_h) {
  return wasm::adopt_to(wasm::Kind::sha256, std::unique_ptr<crypto::Sha256>(new (std::nothrow) crypto::Sha256()),
                        out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_sha256_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = wasm::registry().get<crypto::Sha256>(h, wasm::Kind::sha256);
  if (s == nullptr) return wasm::bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_sha256_final(std::uint32_t h, std::uint8_t* out32) {
  auto* s = wasm::registry().get<crypto::Sha256>(h, wasm::Kind::sha256);
  if (s == nullptr) return wasm::bad_handle();
  const Hash32 d = s->final();
  std::memcpy(out32, d.data(), 32);
  return 0;
}

// ---- secp256k1 --------------------------------------------------------------------------------
/** ehr_secp256k1_seckey_verify: a predicate, not a result code: 1 if the 32 bytes at sk32 are a
 *  valid private key (0 < k < n), else 0. Never fails. */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_seckey_verify(const std::uint8_t* sk32) {
  return k1::is_valid_private_key(in<32>(sk32)) ? 1 : 0;
}

/// out: 33 bytes when `compressed`, else 65.
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_pubkey(const std::uint8_t* sk32, int compressed, std::uint8_t* out) {
  const crypto::SecretKey32 sk(in<32>(sk32));
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

/// out65: r || s || v (v = 0 or 1).
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_sign(const std::uint8_t* msg32, const std::uint8_t* sk32, std::uint8_t* out65) {
  const crypto::SecretKey32 sk(in<32>(sk32));
  auto r = k1::sign_recoverable(in<32>(msg32), sk);
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}

/** ehr_secp256k1_verify: a predicate, not a result code: 1 if sig64 (r || s) is valid for msg32 and
 *  the SEC1 key (publen bytes; low_s != 0 also demands low s), else 0 (malformed inputs are simply
 *  invalid). Never fails. */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_verify(const std::uint8_t* sig64, const std::uint8_t* msg32,
                                              const std::uint8_t* pub, std::size_t publen, int low_s) {
  return k1::verify(in<64>(sig64), in<32>(msg32), ByteView(pub, publen), low_s != 0) ? 1 : 0;
}

/// out: 33 bytes when `compressed`, else 65.
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

/** ehr_secp256k1_signature_from_der: a DER ECDSA signature (len bytes) as r || s to out64.
 *  Fails: ERR_INVALID_SIGNATURE (not strict DER, or out of range). */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_signature_from_der(const std::uint8_t* der, std::size_t len,
                                                          std::uint8_t* out64) {
  auto r = k1::signature_from_der(ByteView(der, len));
  if (!r) return fail(r.error());
  std::memcpy(out64, r.value().data(), 64);
  return 0;
}

/// Normalizes a public key to 33 or 65 bytes. out must hold 65.
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_pubkey_convert(const std::uint8_t* pub, std::size_t len, int compressed,
                                                      std::uint8_t* out) {
  auto r = k1::convert_public_key(ByteView(pub, len), compressed != 0);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().data(), r.value().size());
  return 0;
}

}  // extern "C"

// =================================================================================================
// Hashes and KDFs over libsodium, handles for secrets, X25519, sealed boxes, AEADs and
// secretstream. Result convention: boundary.hpp (0 or an Errc; a new handle goes to `out_h`).
// A key argument is either a symmetric-key handle (`key_h` != 0) or, when key_h == 0, 32 bytes
// at `key_p` copied into a SecretKey32 for the call (the JS API wipes its copy afterwards).
// =================================================================================================

namespace {

namespace ss = ehr::crypto::secretstream;
namespace x = ehr::crypto::x25519;
using crypto::SecretKey32;
using wasm::adopt_to;
using wasm::bad_handle;
using wasm::Kind;
using wasm::registry;

template <class T>
T* get(std::uint32_t h, Kind k) {
  return registry().get<T>(h, k);
}

// The key of a call: the symmetric key behind `key_h`, or 32 bytes at `key_p` copied into `tmp`.
const SecretKey32* key_of(std::uint32_t key_h, const std::uint8_t* key_p, SecretKey32& tmp) {
  if (key_h != 0) return get<SecretKey32>(key_h, Kind::sym_key);
  tmp = SecretKey32(in<32>(key_p));
  return &tmp;
}

crypto::aead::Cipher cipher_of(int c) {
  return c == 0 ? crypto::aead::Cipher::chacha20poly1305 : crypto::aead::Cipher::xchacha20poly1305;
}

}  // namespace

extern "C" {

// ---- more hashes --------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void ehr_sha512(const std::uint8_t* data, std::size_t len, std::uint8_t* out64) {
  const auto h = crypto::sha512(ByteView(data, len));
  std::memcpy(out64, h.data(), 64);
}
EMSCRIPTEN_KEEPALIVE int ehr_sha512_new(std::uint8_t* out_h) {
  return wasm::adopt_to(wasm::Kind::sha512, std::unique_ptr<crypto::Sha512>(new (std::nothrow) crypto::Sha512()),
                        out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_sha512_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = wasm::registry().get<crypto::Sha512>(h, wasm::Kind::sha512);
  if (s == nullptr) return wasm::bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_sha512_final(std::uint32_t h, std::uint8_t* out64) {
  auto* s = wasm::registry().get<crypto::Sha512>(h, wasm::Kind::sha512);
  if (s == nullptr) return wasm::bad_handle();
  const auto d = s->final();
  std::memcpy(out64, d.data(), 64);
  return 0;
}

/** ehr_blake2b: BLAKE2b of len bytes at data, under the keylen-byte key (0..64, may be empty),
 *  outlen bytes (1..64) to out. Fails: ERR_BAD_LENGTH. The caller wipes the key (and out when keyed). */
EMSCRIPTEN_KEEPALIVE int ehr_blake2b(const std::uint8_t* data, std::size_t len, const std::uint8_t* key,
                                     std::size_t keylen, std::uint8_t* out, std::size_t outlen) {
  auto s = crypto::blake2b(std::span<std::uint8_t>(out, outlen), ByteView(data, len), ByteView(key, keylen));
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_blake2b_new: a BLAKE2b state for outlen-byte digests (1..64) under the keylen-byte key
 *  (0..64; copied into the state, which wipes it when destroyed), handle at out_h (u32).
 *  ehr_blake2b_update / ehr_blake2b_final(h, out, outlen) as the other hashes.
 *  Fails: ERR_BAD_LENGTH, ERR_BAD_HANDLE, ERR_OUT_OF_MEMORY. The caller wipes the key. */
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_new(std::size_t outlen, const std::uint8_t* key, std::size_t keylen,
                                         std::uint8_t* out_h) {
  auto r = crypto::Blake2b::create(outlen, ByteView(key, keylen));
  if (!r) return fail(r.error());
  return wasm::adopt_to(wasm::Kind::blake2b, std::move(r).value(), out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_update(std::uint32_t h, const std::uint8_t* data, std::size_t len) {
  auto* s = wasm::registry().get<crypto::Blake2b>(h, wasm::Kind::blake2b);
  if (s == nullptr) return wasm::bad_handle();
  s->update(ByteView(data, len));
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_final(std::uint32_t h, std::uint8_t* out, std::size_t outlen) {
  auto* s = wasm::registry().get<crypto::Blake2b>(h, wasm::Kind::blake2b);
  if (s == nullptr) return wasm::bad_handle();
  auto st = s->final(std::span<std::uint8_t>(out, outlen));
  return st.ok() ? 0 : fail(st.error());
}

// ---- MACs and KDFs (outputs are secrets: the JS API wipes the output slot after copying) ------------
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha256(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out32) {
  const auto t = crypto::hmac_sha256(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out32, t.data(), 32);
}
/** ehr_hmac_sha512: HMAC-SHA-512 tag (64 bytes, secret) to out64. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha512(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out64) {
  const auto t = crypto::hmac_sha512(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out64, t.data(), 64);
}
/** ehr_hkdf_sha256: HKDF-SHA-256 (RFC 5869) of ikm with salt and info, outlen bytes (<= 8160,
 *  secret) to out. Fails: ERR_BAD_LENGTH. The caller wipes ikm and out. */
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256(const std::uint8_t* ikm, std::size_t ikmlen, const std::uint8_t* salt,
                                         std::size_t saltlen, const std::uint8_t* info, std::size_t infolen,
                                         std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::derive(ByteView(ikm, ikmlen), ByteView(salt, saltlen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
/** ehr_hkdf_sha256_extract: the PRK (32 bytes, secret) to out32. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_hkdf_sha256_extract(const std::uint8_t* salt, std::size_t saltlen,
                                                  const std::uint8_t* ikm, std::size_t ikmlen, std::uint8_t* out32) {
  const auto prk = crypto::hkdf_sha256::extract(ByteView(salt, saltlen), ByteView(ikm, ikmlen));
  std::memcpy(out32, prk.data(), 32);
}
/** ehr_hkdf_sha256_expand: outlen bytes (<= 8160, secret) from prk (>= 32 bytes) and info to out.
 *  Fails: ERR_BAD_LENGTH. */
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256_expand(const std::uint8_t* prk, std::size_t prklen, const std::uint8_t* info,
                                                std::size_t infolen, std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::expand(ByteView(prk, prklen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
/** ehr_argon2id: Argon2id of the password (pwlen bytes) and salt (16 bytes), outlen bytes (16..64,
 *  secret) to out, with `ops` passes over `mem` bytes. Fails: ERR_BAD_LENGTH, ERR_BAD_ARGUMENT,
 *  ERR_OUT_OF_MEMORY. The caller wipes the password and out. */
EMSCRIPTEN_KEEPALIVE int ehr_argon2id(const std::uint8_t* pw, std::size_t pwlen, const std::uint8_t* salt,
                                      std::size_t saltlen, std::uint8_t* out, std::size_t outlen, std::uint32_t ops,
                                      std::size_t mem) {
  auto r = crypto::argon2id::derive(ByteView(pw, pwlen), ByteView(salt, saltlen), outlen, ops, mem);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
/** ehr_random: n bytes from the CSPRNG to out. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_random(std::uint8_t* out, std::size_t n) { crypto::random_bytes({out, n}); }

// ---- secp256k1 private keys behind handles, ECDH, SPKI -----------------------------------------------
/** ehr_k1key_generate: a fresh secp256k1 private key (CSPRNG) as a k1_key handle at out_h (u32).
 *  Fails: ERR_OUT_OF_MEMORY. Ownership: JS owns the handle (ehr_handle_free / ehr_dispose_all). */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_generate(std::uint8_t* out_h) {
  return adopt_to(Kind::k1_key, std::make_unique<SecretKey32>(k1::generate_private_key()), out_h);
}
/** ehr_k1key_import: copies the 32-byte key at sk32 into a k1_key handle at out_h (u32).
 *  Fails: ERR_INVALID_PRIVATE_KEY (0 or >= n), ERR_OUT_OF_MEMORY. The caller wipes sk32. */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_import(const std::uint8_t* sk32, std::uint8_t* out_h) {
  if (!k1::is_valid_private_key(in<32>(sk32)))
    return fail(Error{Errc::invalid_private_key, "private key is zero or not below the curve order"});
  return adopt_to(Kind::k1_key, std::make_unique<SecretKey32>(in<32>(sk32)), out_h);
}
/// out: 33 bytes when `compressed`, else 65.
EMSCRIPTEN_KEEPALIVE int ehr_k1key_pubkey(std::uint32_t h, int compressed, std::uint8_t* out) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  if (compressed) {
    auto r = k1::public_key_compressed(*sk);
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 33);
  } else {
    auto r = k1::public_key_uncompressed(*sk);
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 65);
  }
  return 0;
}
/** ehr_k1key_sign: RFC 6979 low-s recoverable signature of msg32 with a k1_key handle: r || s || v
 *  (v = 0 or 1) to out65. Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_k1key_sign(std::uint32_t h, const std::uint8_t* msg32, std::uint8_t* out65) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  auto r = k1::sign_recoverable(in<32>(msg32), *sk);
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/// hashed = 0: the raw x-coordinate; 1: SHA-256 of the compressed point (libsecp256k1's default).
EMSCRIPTEN_KEEPALIVE int ehr_k1key_ecdh(std::uint32_t h, const std::uint8_t* pub, std::size_t publen, int hashed,
                                        std::uint8_t* out32) {
  const SecretKey32* sk = get<SecretKey32>(h, Kind::k1_key);
  if (sk == nullptr) return bad_handle();
  auto r = hashed ? k1::ecdh_sha256(*sk, ByteView(pub, publen)) : k1::ecdh_x(*sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_secp256k1_ecdh: ECDH of the 32-byte key at sk32 (copied, wiped after the call) with a
 *  SEC1 point (publen bytes): 32 bytes (secret) to out32, raw x (hashed = 0) or SHA-256 of the
 *  compressed point (1). Fails: ERR_INVALID_PRIVATE_KEY, ERR_INVALID_PUBLIC_KEY. */
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_ecdh(const std::uint8_t* sk32, const std::uint8_t* pub, std::size_t publen,
                                            int hashed, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = hashed ? k1::ecdh_sha256(sk, ByteView(pub, publen)) : k1::ecdh_x(sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_spki_parse: the SEC1 point (33 or 65 bytes) of a DER SubjectPublicKeyInfo to out65, its
 *  length (u32) at out_len. Fails: ERR_BAD_ENCODING, ERR_INVALID_PUBLIC_KEY. */
EMSCRIPTEN_KEEPALIVE int ehr_spki_parse(const std::uint8_t* der, std::size_t len, std::uint8_t* out65,
                                        std::uint8_t* out_len) {
  auto r = crypto::spki::parse_secp256k1(ByteView(der, len));
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), r.value().size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(r.value().size()));
  return 0;
}
/** ehr_spki_encode: a SEC1 point (len 33 or 65) as DER SubjectPublicKeyInfo (56 or 88 bytes) to
 *  out88, its length (u32) at out_len. Fails: ERR_INVALID_PUBLIC_KEY. */
EMSCRIPTEN_KEEPALIVE int ehr_spki_encode(const std::uint8_t* pub, std::size_t len, std::uint8_t* out88,
                                         std::uint8_t* out_len) {
  auto r = crypto::spki::encode_secp256k1(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out88, r.value().data(), r.value().size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(r.value().size()));
  return 0;
}

// ---- X25519 and sealed boxes ----------------------------------------------------------------------
/** ehr_x25519_generate / _from_seed(seed32) / _from_secret(sk32): an X25519 key pair as an
 *  x25519_key handle at out_h (u32). seed32, sk32: 32 bytes (the caller wipes them).
 *  Fails: ERR_OUT_OF_MEMORY. Ownership: JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_generate(std::uint8_t* out_h) {
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::generate()), out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_seed(const std::uint8_t* seed32, std::uint8_t* out_h) {
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::from_seed(in<32>(seed32))), out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_secret(const std::uint8_t* sk32, std::uint8_t* out_h) {
  const SecretKey32 sk(in<32>(sk32));
  return adopt_to(Kind::x25519_key, std::make_unique<x::KeyPair>(x::from_secret_key(sk)), out_h);
}
/** ehr_x25519_public: the public key (32 bytes) of an x25519_key handle to out32.
 *  Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_public(std::uint32_t h, std::uint8_t* out32) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  std::memcpy(out32, kp->public_key.data(), 32);
  return 0;
}
/** ehr_x25519_shared: X25519 shared secret (32 bytes, secret) of an x25519_key handle and pub32 to
 *  out32. Fails: ERR_BAD_HANDLE, ERR_INVALID_PUBLIC_KEY (an all-zero result). */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_shared(std::uint32_t h, const std::uint8_t* pub32, std::uint8_t* out32) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  auto r = x::shared_secret(kp->secret_key, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_x25519_scalarmult: X25519(sk32, pub32) (32 bytes, secret) to out32; sk32 is copied and
 *  wiped after the call. Fails: ERR_INVALID_PUBLIC_KEY. */
EMSCRIPTEN_KEEPALIVE int ehr_x25519_scalarmult(const std::uint8_t* sk32, const std::uint8_t* pub32,
                                               std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = x::shared_secret(sk, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/** ehr_x25519_scalarmult_base: the public key of sk32 to out32. Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_x25519_scalarmult_base(const std::uint8_t* sk32, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  const auto kp = x::from_secret_key(sk);
  std::memcpy(out32, kp.public_key.data(), 32);
}
/// out: len + 48 bytes.
EMSCRIPTEN_KEEPALIVE int ehr_box_seal(const std::uint8_t* msg, std::size_t len, const std::uint8_t* pub32,
                                      std::uint8_t* out) {
  auto s = crypto::sealed_box::seal({out, len + crypto::sealed_box::kOverhead}, ByteView(msg, len), in<32>(pub32));
  return s.ok() ? 0 : fail(s.error());
}
/// out: len - 48 bytes (the JS API checks len >= 48).
EMSCRIPTEN_KEEPALIVE int ehr_box_seal_open(std::uint32_t h, const std::uint8_t* ct, std::size_t len,
                                           std::uint8_t* out) {
  const x::KeyPair* kp = get<x::KeyPair>(h, Kind::x25519_key);
  if (kp == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::sealed_box::kOverhead ? len - crypto::sealed_box::kOverhead : 0;
  auto s = crypto::sealed_box::open({out, outlen}, ByteView(ct, len), *kp);
  return s.ok() ? 0 : fail(s.error());
}

// ---- symmetric keys, AEADs, secretstream -------------------------------------------------------------
/** ehr_symkey_generate / ehr_symkey_import(k32): a 32-byte symmetric key as a sym_key handle at
 *  out_h (u32). k32: 32 bytes (the caller wipes them). Fails: ERR_OUT_OF_MEMORY. */
EMSCRIPTEN_KEEPALIVE int ehr_symkey_generate(std::uint8_t* out_h) {
  auto k = std::make_unique<SecretKey32>();
  crypto::random_bytes(k->mut());
  return adopt_to(Kind::sym_key, std::move(k), out_h);
}
EMSCRIPTEN_KEEPALIVE int ehr_symkey_import(const std::uint8_t* k32, std::uint8_t* out_h) {
  return adopt_to(Kind::sym_key, std::make_unique<SecretKey32>(in<32>(k32)), out_h);
}
/// cipher 0: ChaCha20-Poly1305 (IETF), 1: XChaCha20-Poly1305. out: len + 16 bytes (may equal msg).
EMSCRIPTEN_KEEPALIVE int ehr_aead_encrypt(int cipher, std::uint32_t key_h, const std::uint8_t* key_p,
                                          const std::uint8_t* nonce, std::size_t noncelen, const std::uint8_t* ad,
                                          std::size_t adlen, const std::uint8_t* msg, std::size_t len,
                                          std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  auto s = crypto::aead::encrypt(cipher_of(cipher), {out, len + crypto::aead::kTagSize}, ByteView(msg, len),
                                 ByteView(ad, adlen), ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}
/// out: len - 16 bytes (may equal ct; the JS API checks len >= 16).
EMSCRIPTEN_KEEPALIVE int ehr_aead_decrypt(int cipher, std::uint32_t key_h, const std::uint8_t* key_p,
                                          const std::uint8_t* nonce, std::size_t noncelen, const std::uint8_t* ad,
                                          std::size_t adlen, const std::uint8_t* ct, std::size_t len,
                                          std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::aead::kTagSize ? len - crypto::aead::kTagSize : 0;
  auto s = crypto::aead::decrypt(cipher_of(cipher), {out, outlen}, ByteView(ct, len), ByteView(ad, adlen),
                                 ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_ss_push_new: a secretstream encryptor under the key (key_h, or 32 bytes at key_p) as an
 *  ss_push handle at out_h (u32); the 24-byte stream header goes to header24.
 *  Fails: ERR_BAD_HANDLE (key_h), ERR_OUT_OF_MEMORY. Ownership: JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_ss_push_new(std::uint32_t key_h, const std::uint8_t* key_p, std::uint8_t* header24,
                                         std::uint8_t* out_h) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  return adopt_to(
      Kind::ss_push,
      std::unique_ptr<ss::Push>(new (std::nothrow) ss::Push(*key, std::span<std::uint8_t, 24>(header24, 24))), out_h);
}
/// out: len + 17 bytes, not overlapping msg.
EMSCRIPTEN_KEEPALIVE int ehr_ss_push(std::uint32_t h, const std::uint8_t* msg, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, int tag, std::uint8_t* out) {
  ss::Push* p = get<ss::Push>(h, Kind::ss_push);
  if (p == nullptr) return bad_handle();
  auto s =
      p->push({out, len + ss::kOverhead}, ByteView(msg, len), ByteView(ad, adlen), static_cast<ss::Tag>(tag & 0xff));
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_ss_pull_new: a secretstream decryptor of the stream whose 24-byte header is at header24,
 *  under the key (key_h, or 32 bytes at key_p), as an ss_pull handle at out_h (u32).
 *  Fails: ERR_BAD_HANDLE (key_h), ERR_OUT_OF_MEMORY. Ownership: JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_new(std::uint32_t key_h, const std::uint8_t* key_p, const std::uint8_t* header24,
                                         std::uint8_t* out_h) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  return adopt_to(Kind::ss_pull, std::unique_ptr<ss::Pull>(new (std::nothrow) ss::Pull(*key, in<24>(header24))), out_h);
}
/// out: len - 17 bytes, not overlapping ct (the JS API checks len >= 17); the chunk's tag byte is
/// written to *tag_out.
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull(std::uint32_t h, const std::uint8_t* ct, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, std::uint8_t* out, std::uint8_t* tag_out) {
  ss::Pull* p = get<ss::Pull>(h, Kind::ss_pull);
  if (p == nullptr) return bad_handle();
  const std::size_t outlen = len >= ss::kOverhead ? len - ss::kOverhead : 0;
  auto r = p->pull({out, outlen}, ByteView(ct, len), ByteView(ad, adlen));
  if (!r) return fail(r.error());
  *tag_out = static_cast<std::uint8_t>(r.value());
  return 0;
}
/// Ends a reading stream and frees its handle: 0 if the final chunk was read, else
/// ERR_STREAM_TRUNCATED (or ERR_STREAM_STATE after a failure).
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_finish(std::uint32_t h) {
  ss::Pull* p = get<ss::Pull>(h, Kind::ss_pull);
  if (p == nullptr) return bad_handle();
  auto s = p->finish();
  registry().erase(h);
  return s.ok() ? 0 : fail(s.error());
}

}  // extern "C"
