// WASM exports of src/crypto: hashes and secp256k1. Rules: boundary.cpp.
#include <emscripten/emscripten.h>

#include <cstring>
#include <new>

#include "boundary.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"

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
