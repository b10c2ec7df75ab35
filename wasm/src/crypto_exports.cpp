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
#include "crypto/handles.hpp"
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
EMSCRIPTEN_KEEPALIVE void ehr_sha256(const std::uint8_t* data, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = crypto::sha256(ByteView(data, len));
  std::memcpy(out32, h.data(), 32);
}
EMSCRIPTEN_KEEPALIVE crypto::Keccak256* ehr_keccak256_new() { return new (std::nothrow) crypto::Keccak256(); }
EMSCRIPTEN_KEEPALIVE void ehr_keccak256_update(crypto::Keccak256* h, const std::uint8_t* data, std::size_t len) {
  h->update(ByteView(data, len));
}
EMSCRIPTEN_KEEPALIVE void ehr_keccak256_final(crypto::Keccak256* h, std::uint8_t* out32) {
  const Hash32 d = h->final();
  std::memcpy(out32, d.data(), 32);
}
EMSCRIPTEN_KEEPALIVE void ehr_keccak256_free(crypto::Keccak256* h) { delete h; }
EMSCRIPTEN_KEEPALIVE crypto::Sha256* ehr_sha256_new() { return new (std::nothrow) crypto::Sha256(); }
EMSCRIPTEN_KEEPALIVE void ehr_sha256_update(crypto::Sha256* h, const std::uint8_t* data, std::size_t len) {
  h->update(ByteView(data, len));
}
EMSCRIPTEN_KEEPALIVE void ehr_sha256_final(crypto::Sha256* h, std::uint8_t* out32) {
  const Hash32 d = h->final();
  std::memcpy(out32, d.data(), 32);
}
EMSCRIPTEN_KEEPALIVE void ehr_sha256_free(crypto::Sha256* h) { delete h; }

// ---- secp256k1 --------------------------------------------------------------------------------
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

/// Returns 1 if valid, 0 if not (malformed inputs are simply invalid).
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

EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_signature_from_der(const std::uint8_t* der, std::size_t len, std::uint8_t* out64) {
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
// secretstream. Conventions on top of boundary.cpp's:
//  - functions that create a handle return it (> 0) or -Errc (< 0);
//  - a key argument is either a handle (`key_h` != 0) or, when key_h == 0, 32 bytes at `key_p`
//    that are copied into a SecretKey32 for the call (the JS API wipes its copy afterwards).
// =================================================================================================

namespace {

namespace ss = ehr::crypto::secretstream;
namespace x = ehr::crypto::x25519;
using crypto::HandleTable;
using crypto::SecretKey32;

// One table per kind of secret-holding object; the kind is part of every handle.
enum Kind : std::uint32_t { kSecp256k1Key = 1, kX25519Key = 2, kSymmetricKey = 3, kStreamPush = 4, kStreamPull = 5 };

HandleTable<SecretKey32>& k1_keys() {
  static HandleTable<SecretKey32> t(kSecp256k1Key);
  return t;
}
HandleTable<x::KeyPair>& x25519_keys() {
  static HandleTable<x::KeyPair> t(kX25519Key);
  return t;
}
HandleTable<SecretKey32>& sym_keys() {
  static HandleTable<SecretKey32> t(kSymmetricKey);
  return t;
}
HandleTable<ss::Push>& push_streams() {
  static HandleTable<ss::Push> t(kStreamPush);
  return t;
}
HandleTable<ss::Pull>& pull_streams() {
  static HandleTable<ss::Pull> t(kStreamPull);
  return t;
}

int bad_handle() { return fail(Error{Errc::bad_handle, "the handle was disposed or is of another kind"}); }

// A new handle for `obj`, or -Errc.
template <class T>
int adopt(HandleTable<T>& table, std::unique_ptr<T> obj) {
  auto h = table.insert(std::move(obj));
  if (!h) return -fail(h.error());
  return static_cast<int>(h.value());
}

// The key of a call: the symmetric key behind `key_h`, or 32 bytes at `key_p` copied into `tmp`.
const SecretKey32* key_of(int key_h, const std::uint8_t* key_p, SecretKey32& tmp) {
  if (key_h != 0) return sym_keys().get(static_cast<std::uint32_t>(key_h));
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
EMSCRIPTEN_KEEPALIVE crypto::Sha512* ehr_sha512_new() { return new (std::nothrow) crypto::Sha512(); }
EMSCRIPTEN_KEEPALIVE void ehr_sha512_update(crypto::Sha512* h, const std::uint8_t* data, std::size_t len) {
  h->update(ByteView(data, len));
}
EMSCRIPTEN_KEEPALIVE void ehr_sha512_final(crypto::Sha512* h, std::uint8_t* out64) {
  const auto d = h->final();
  std::memcpy(out64, d.data(), 64);
}
EMSCRIPTEN_KEEPALIVE void ehr_sha512_free(crypto::Sha512* h) { delete h; }

EMSCRIPTEN_KEEPALIVE int ehr_blake2b(const std::uint8_t* data, std::size_t len, const std::uint8_t* key,
                                     std::size_t keylen, std::uint8_t* out, std::size_t outlen) {
  auto s = crypto::blake2b(std::span<std::uint8_t>(out, outlen), ByteView(data, len), ByteView(key, keylen));
  return s.ok() ? 0 : fail(s.error());
}
/// Null on bad lengths (the JS API checks them first) or out of memory.
EMSCRIPTEN_KEEPALIVE crypto::Blake2b* ehr_blake2b_new(std::size_t outlen, const std::uint8_t* key, std::size_t keylen) {
  auto r = crypto::Blake2b::create(outlen, ByteView(key, keylen));
  return r.ok() ? std::move(r).value().release() : nullptr;
}
EMSCRIPTEN_KEEPALIVE void ehr_blake2b_update(crypto::Blake2b* h, const std::uint8_t* data, std::size_t len) {
  h->update(ByteView(data, len));
}
EMSCRIPTEN_KEEPALIVE int ehr_blake2b_final(crypto::Blake2b* h, std::uint8_t* out, std::size_t outlen) {
  auto s = h->final(std::span<std::uint8_t>(out, outlen));
  return s.ok() ? 0 : fail(s.error());
}
EMSCRIPTEN_KEEPALIVE void ehr_blake2b_free(crypto::Blake2b* h) { delete h; }

// ---- MACs and KDFs (outputs are secrets: the JS API wipes the output slot after copying) ------------
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha256(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out32) {
  const auto t = crypto::hmac_sha256(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out32, t.data(), 32);
}
EMSCRIPTEN_KEEPALIVE void ehr_hmac_sha512(const std::uint8_t* key, std::size_t keylen, const std::uint8_t* data,
                                          std::size_t len, std::uint8_t* out64) {
  const auto t = crypto::hmac_sha512(ByteView(key, keylen), ByteView(data, len));
  std::memcpy(out64, t.data(), 64);
}
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256(const std::uint8_t* ikm, std::size_t ikmlen, const std::uint8_t* salt,
                                         std::size_t saltlen, const std::uint8_t* info, std::size_t infolen,
                                         std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::derive(ByteView(ikm, ikmlen), ByteView(salt, saltlen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
EMSCRIPTEN_KEEPALIVE void ehr_hkdf_sha256_extract(const std::uint8_t* salt, std::size_t saltlen, const std::uint8_t* ikm,
                                                  std::size_t ikmlen, std::uint8_t* out32) {
  const auto prk = crypto::hkdf_sha256::extract(ByteView(salt, saltlen), ByteView(ikm, ikmlen));
  std::memcpy(out32, prk.data(), 32);
}
EMSCRIPTEN_KEEPALIVE int ehr_hkdf_sha256_expand(const std::uint8_t* prk, std::size_t prklen, const std::uint8_t* info,
                                                std::size_t infolen, std::uint8_t* out, std::size_t outlen) {
  auto r = crypto::hkdf_sha256::expand(ByteView(prk, prklen), ByteView(info, infolen), outlen);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_argon2id(const std::uint8_t* pw, std::size_t pwlen, const std::uint8_t* salt,
                                      std::size_t saltlen, std::uint8_t* out, std::size_t outlen, std::uint32_t ops,
                                      std::size_t mem) {
  auto r = crypto::argon2id::derive(ByteView(pw, pwlen), ByteView(salt, saltlen), outlen, ops, mem);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}
EMSCRIPTEN_KEEPALIVE void ehr_random(std::uint8_t* out, std::size_t n) { crypto::random_bytes({out, n}); }

// ---- secp256k1 private keys behind handles, ECDH, SPKI -----------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_k1key_generate() {
  return adopt(k1_keys(), std::make_unique<SecretKey32>(k1::generate_private_key()));
}
EMSCRIPTEN_KEEPALIVE int ehr_k1key_import(const std::uint8_t* sk32) {
  if (!k1::is_valid_private_key(in<32>(sk32)))
    return -fail(Error{Errc::invalid_private_key, "private key is zero or not below the curve order"});
  return adopt(k1_keys(), std::make_unique<SecretKey32>(in<32>(sk32)));
}
/// out: 33 bytes when `compressed`, else 65.
EMSCRIPTEN_KEEPALIVE int ehr_k1key_pubkey(int h, int compressed, std::uint8_t* out) {
  const SecretKey32* sk = k1_keys().get(static_cast<std::uint32_t>(h));
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
EMSCRIPTEN_KEEPALIVE int ehr_k1key_sign(int h, const std::uint8_t* msg32, std::uint8_t* out65) {
  const SecretKey32* sk = k1_keys().get(static_cast<std::uint32_t>(h));
  if (sk == nullptr) return bad_handle();
  auto r = k1::sign_recoverable(in<32>(msg32), *sk);
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/// hashed = 0: the raw x-coordinate; 1: SHA-256 of the compressed point (libsecp256k1's default).
EMSCRIPTEN_KEEPALIVE int ehr_k1key_ecdh(int h, const std::uint8_t* pub, std::size_t publen, int hashed,
                                        std::uint8_t* out32) {
  const SecretKey32* sk = k1_keys().get(static_cast<std::uint32_t>(h));
  if (sk == nullptr) return bad_handle();
  auto r = hashed ? k1::ecdh_sha256(*sk, ByteView(pub, publen)) : k1::ecdh_x(*sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_secp256k1_ecdh(const std::uint8_t* sk32, const std::uint8_t* pub, std::size_t publen,
                                            int hashed, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = hashed ? k1::ecdh_sha256(sk, ByteView(pub, publen)) : k1::ecdh_x(sk, ByteView(pub, publen));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
/// Returns the point's length (33 or 65, written to out) or -Errc.
EMSCRIPTEN_KEEPALIVE int ehr_spki_parse(const std::uint8_t* der, std::size_t len, std::uint8_t* out65) {
  auto r = crypto::spki::parse_secp256k1(ByteView(der, len));
  if (!r) return -fail(r.error());
  std::memcpy(out65, r.value().data(), r.value().size());
  return static_cast<int>(r.value().size());
}
/// Returns the DER length (56 or 88, written to out) or -Errc.
EMSCRIPTEN_KEEPALIVE int ehr_spki_encode(const std::uint8_t* pub, std::size_t len, std::uint8_t* out88) {
  auto r = crypto::spki::encode_secp256k1(ByteView(pub, len));
  if (!r) return -fail(r.error());
  std::memcpy(out88, r.value().data(), r.value().size());
  return static_cast<int>(r.value().size());
}

// ---- X25519 and sealed boxes ----------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_x25519_generate() { return adopt(x25519_keys(), std::make_unique<x::KeyPair>(x::generate())); }
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_seed(const std::uint8_t* seed32) {
  return adopt(x25519_keys(), std::make_unique<x::KeyPair>(x::from_seed(in<32>(seed32))));
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_from_secret(const std::uint8_t* sk32) {
  const SecretKey32 sk(in<32>(sk32));
  return adopt(x25519_keys(), std::make_unique<x::KeyPair>(x::from_secret_key(sk)));
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_public(int h, std::uint8_t* out32) {
  const x::KeyPair* kp = x25519_keys().get(static_cast<std::uint32_t>(h));
  if (kp == nullptr) return bad_handle();
  std::memcpy(out32, kp->public_key.data(), 32);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_shared(int h, const std::uint8_t* pub32, std::uint8_t* out32) {
  const x::KeyPair* kp = x25519_keys().get(static_cast<std::uint32_t>(h));
  if (kp == nullptr) return bad_handle();
  auto r = x::shared_secret(kp->secret_key, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_x25519_scalarmult(const std::uint8_t* sk32, const std::uint8_t* pub32, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  auto r = x::shared_secret(sk, in<32>(pub32));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().data(), 32);
  return 0;
}
EMSCRIPTEN_KEEPALIVE void ehr_x25519_scalarmult_base(const std::uint8_t* sk32, std::uint8_t* out32) {
  const SecretKey32 sk(in<32>(sk32));
  const auto kp = x::from_secret_key(sk);
  std::memcpy(out32, kp.public_key.data(), 32);
}
/// out: len + 48 bytes.
EMSCRIPTEN_KEEPALIVE int ehr_box_seal(const std::uint8_t* msg, std::size_t len, const std::uint8_t* pub32, std::uint8_t* out) {
  auto s = crypto::sealed_box::seal({out, len + crypto::sealed_box::kOverhead}, ByteView(msg, len), in<32>(pub32));
  return s.ok() ? 0 : fail(s.error());
}
/// out: len - 48 bytes (the JS API checks len >= 48).
EMSCRIPTEN_KEEPALIVE int ehr_box_seal_open(int h, const std::uint8_t* ct, std::size_t len, std::uint8_t* out) {
  const x::KeyPair* kp = x25519_keys().get(static_cast<std::uint32_t>(h));
  if (kp == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::sealed_box::kOverhead ? len - crypto::sealed_box::kOverhead : 0;
  auto s = crypto::sealed_box::open({out, outlen}, ByteView(ct, len), *kp);
  return s.ok() ? 0 : fail(s.error());
}

// ---- symmetric keys, AEADs, secretstream -------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_symkey_generate() {
  auto k = std::make_unique<SecretKey32>();
  crypto::random_bytes(k->mut());
  return adopt(sym_keys(), std::move(k));
}
EMSCRIPTEN_KEEPALIVE int ehr_symkey_import(const std::uint8_t* k32) {
  return adopt(sym_keys(), std::make_unique<SecretKey32>(in<32>(k32)));
}
/// cipher 0: ChaCha20-Poly1305 (IETF), 1: XChaCha20-Poly1305. out: len + 16 bytes (may equal msg).
EMSCRIPTEN_KEEPALIVE int ehr_aead_encrypt(int cipher, int key_h, const std::uint8_t* key_p, const std::uint8_t* nonce,
                                          std::size_t noncelen, const std::uint8_t* ad, std::size_t adlen,
                                          const std::uint8_t* msg, std::size_t len, std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  auto s = crypto::aead::encrypt(cipher_of(cipher), {out, len + crypto::aead::kTagSize}, ByteView(msg, len),
                                 ByteView(ad, adlen), ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}
/// out: len - 16 bytes (may equal ct; the JS API checks len >= 16).
EMSCRIPTEN_KEEPALIVE int ehr_aead_decrypt(int cipher, int key_h, const std::uint8_t* key_p, const std::uint8_t* nonce,
                                          std::size_t noncelen, const std::uint8_t* ad, std::size_t adlen,
                                          const std::uint8_t* ct, std::size_t len, std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::aead::kTagSize ? len - crypto::aead::kTagSize : 0;
  auto s = crypto::aead::decrypt(cipher_of(cipher), {out, outlen}, ByteView(ct, len), ByteView(ad, adlen),
                                 ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}
EMSCRIPTEN_KEEPALIVE int ehr_ss_push_new(int key_h, const std::uint8_t* key_p, std::uint8_t* header24) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return -bad_handle();
  return adopt(push_streams(), std::unique_ptr<ss::Push>(new (std::nothrow) ss::Push(*key, std::span<std::uint8_t, 24>(header24, 24))));
}
/// out: len + 17 bytes, not overlapping msg.
EMSCRIPTEN_KEEPALIVE int ehr_ss_push(int h, const std::uint8_t* msg, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, int tag, std::uint8_t* out) {
  ss::Push* p = push_streams().get(static_cast<std::uint32_t>(h));
  if (p == nullptr) return bad_handle();
  auto s = p->push({out, len + ss::kOverhead}, ByteView(msg, len), ByteView(ad, adlen), static_cast<ss::Tag>(tag & 0xff));
  return s.ok() ? 0 : fail(s.error());
}
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_new(int key_h, const std::uint8_t* key_p, const std::uint8_t* header24) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return -bad_handle();
  return adopt(pull_streams(), std::unique_ptr<ss::Pull>(new (std::nothrow) ss::Pull(*key, in<24>(header24))));
}
/// out: len - 17 bytes, not overlapping ct (the JS API checks len >= 17); the chunk's tag byte is
/// written to *tag_out.
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull(int h, const std::uint8_t* ct, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, std::uint8_t* out, std::uint8_t* tag_out) {
  ss::Pull* p = pull_streams().get(static_cast<std::uint32_t>(h));
  if (p == nullptr) return bad_handle();
  const std::size_t outlen = len >= ss::kOverhead ? len - ss::kOverhead : 0;
  auto r = p->pull({out, outlen}, ByteView(ct, len), ByteView(ad, adlen));
  if (!r) return fail(r.error());
  *tag_out = static_cast<std::uint8_t>(r.value());
  return 0;
}
/// Ends a reading stream and frees its handle: 0 if the final chunk was read, else
/// ERR_STREAM_TRUNCATED (or ERR_STREAM_STATE after a failure).
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_finish(int h) {
  ss::Pull* p = pull_streams().get(static_cast<std::uint32_t>(h));
  if (p == nullptr) return bad_handle();
  auto s = p->finish();
  pull_streams().erase(static_cast<std::uint32_t>(h));
  return s.ok() ? 0 : fail(s.error());
}

// ---- handles --------------------------------------------------------------------------------------
/// Destroys (and so wipes) the object behind any handle; ERR_BAD_HANDLE if it is not live.
EMSCRIPTEN_KEEPALIVE int ehr_handle_free(int h) {
  const auto u = static_cast<std::uint32_t>(h);
  bool ok = false;
  switch (crypto::HandleBits::kind(u)) {
    case kSecp256k1Key: ok = k1_keys().erase(u); break;
    case kX25519Key: ok = x25519_keys().erase(u); break;
    case kSymmetricKey: ok = sym_keys().erase(u); break;
    case kStreamPush: ok = push_streams().erase(u); break;
    case kStreamPull: ok = pull_streams().erase(u); break;
    default: break;
  }
  return ok ? 0 : bad_handle();
}
/// Destroys every key and stream (lock, idle timeout, tab close).
EMSCRIPTEN_KEEPALIVE void ehr_handles_clear() {
  k1_keys().clear();
  x25519_keys().clear();
  sym_keys().clear();
  push_streams().clear();
  pull_streams().clear();
}
/// Number of live handles (tests check that nothing leaks).
EMSCRIPTEN_KEEPALIVE int ehr_handles_live() {
  return static_cast<int>(k1_keys().size() + x25519_keys().size() + sym_keys().size() + push_streams().size() +
                          pull_streams().size());
}

}  // extern "C"
