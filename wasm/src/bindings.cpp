// The WASM boundary. Thin on purpose: each export converts arguments, calls one core function,
// and converts back; no logic lives here that a native test could not reach.
//
// Two kinds of exports:
//  - byte-level primitives are plain C exports (`ehr_*`) over pointers into the module's memory.
//    The JS API copies inputs into a fixed I/O arena (or a malloc'd block when larger), calls, copies
//    outputs out, and wipes every copy of a secret. These are the hot paths: no per-call
//    allocation, no Embind invoker (which, without eval, is a generic and slower one).
//  - functions on strings and structured values are Embind bindings.
//
// Every fallible export returns an int: 0 on success or an ehr::Errc. The message of the last
// failure is kept for ehr_last_error() (never secret material).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "common/result.hpp"
#include "crypto/init.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"
#include "eth/address.hpp"

using namespace ehr;
namespace k1 = ehr::crypto::secp256k1;

namespace {

constexpr std::size_t kIoSize = 64 * 1024;
alignas(16) std::uint8_t g_io[kIoSize];
std::string g_last_error;

int fail(const Error& e) {
  g_last_error = e.message;
  return static_cast<int>(e.code);
}

template <std::size_t N>
std::span<const std::uint8_t, N> in(const std::uint8_t* p) {
  return std::span<const std::uint8_t, N>(p, N);
}

}  // namespace

extern "C" {

// ---- module -----------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE std::uint8_t* ehr_io() { return g_io; }
EMSCRIPTEN_KEEPALIVE std::size_t ehr_io_size() { return kIoSize; }
EMSCRIPTEN_KEEPALIVE int ehr_init() {
  auto s = crypto::init();
  return s.ok() ? 0 : fail(s.error());
}
EMSCRIPTEN_KEEPALIVE const char* ehr_error_name(int code) {
  return errc_name(static_cast<Errc>(code)).data();
}
EMSCRIPTEN_KEEPALIVE int ehr_error_kind(int code) { return errc_kind(static_cast<Errc>(code)); }
EMSCRIPTEN_KEEPALIVE const char* ehr_last_error() { return g_last_error.c_str(); }
/// Wipes `n` bytes at `p` (used by the JS API on heap copies of secrets).
EMSCRIPTEN_KEEPALIVE void ehr_wipe(std::uint8_t* p, std::size_t n) { crypto::wipe(p, n); }

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

// ---- Ethereum addresses -----------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_address_from_pubkey(const std::uint8_t* pub, std::size_t len, std::uint8_t* out20) {
  auto r = eth::address_from_public_key(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

}  // extern "C"

// ---- Embind: strings ----------------------------------------------------------------------------
namespace {

std::string version() { return "ehr-core 0.1.0"; }

// addr20: pointer to 20 bytes in module memory. Returns "0x" + EIP-55 mixed case.
std::string checksum_address(std::uintptr_t addr20) {
  Address20 a{};
  std::memcpy(a.data(), reinterpret_cast<const void*>(addr20), 20);  // NOLINT
  return eth::to_checksum_address(a);
}

// Parses `text`; on success writes 20 bytes at out20 and returns 0, else an Errc.
int parse_address(const std::string& text, bool strict, std::uintptr_t out20) {
  auto r = eth::parse_address(text, strict);
  if (!r) return fail(r.error());
  std::memcpy(reinterpret_cast<void*>(out20), r.value().data(), 20);  // NOLINT
  return 0;
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_core) {
  emscripten::function("version", &version);
  emscripten::function("checksumAddress", &checksum_address);
  emscripten::function("parseAddress", &parse_address);
}
