#include "crypto/secp256k1.hpp"

#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_recovery.h>
#include <secp256k1_tables.h>
#include <sodium.h>

#include "crypto/init.hpp"
#include "crypto/secp256k1_context.hpp"

namespace ehr::crypto {
namespace detail {

const secp256k1_context* secp256k1_ctx() noexcept {
  static secp256k1_context* const ctx = [] {
    if (sodium_init() < 0) return static_cast<secp256k1_context*>(nullptr);
    // The multiplication tables are filled at run time, before the first (and only) context.
    ehr_secp256k1_compute_tables();
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (c == nullptr) return c;
    // Blinding of the signing and key-generation multiplications (libsecp256k1 README).
    SecretKey32 seed;
    randombytes_buf(seed.data(), seed.size());
    if (secp256k1_context_randomize(c, seed.data()) != 1) {
      secp256k1_context_destroy(c);
      return static_cast<secp256k1_context*>(nullptr);
    }
    return c;
  }();
  return ctx;
}

}  // namespace detail

namespace secp256k1 {
namespace {

const secp256k1_context* ctx() noexcept { return detail::secp256k1_ctx(); }

// Parses a 33- or 65-byte SEC1 key. Hybrid (06/07) encodings are rejected: no wallet emits them.
bool parse_pubkey(ByteView in, secp256k1_pubkey& out) noexcept {
  if (in.size() == 33 && (in[0] == 0x02 || in[0] == 0x03)) {
  } else if (in.size() == 65 && in[0] == 0x04) {
  } else {
    return false;
  }
  return secp256k1_ec_pubkey_parse(ctx(), &out, in.data(), in.size()) == 1;
}

template <std::size_t N>
FixedBytes<N> serialize(const secp256k1_pubkey& pk) noexcept {
  FixedBytes<N> out{};
  std::size_t len = N;
  secp256k1_ec_pubkey_serialize(ctx(), out.data(), &len, &pk,
                                N == 33 ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
  return out;
}

}  // namespace

bool is_valid_private_key(std::span<const std::uint8_t, 32> seckey) noexcept {
  return ctx() != nullptr && secp256k1_ec_seckey_verify(ctx(), seckey.data()) == 1;
}

SecretKey32 generate_private_key() noexcept {
  SecretKey32 key;
  do { randombytes_buf(key.data(), key.size()); } while (!is_valid_private_key(key.view()));
  return key;
}

template <std::size_t N>
static Result<FixedBytes<N>> public_key_of(const SecretKey32& seckey) noexcept {
  secp256k1_pubkey pk;
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  if (secp256k1_ec_pubkey_create(ctx(), &pk, seckey.data()) != 1)
    return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
  return serialize<N>(pk);
}

Result<PublicKey33> public_key_compressed(const SecretKey32& seckey) noexcept { return public_key_of<33>(seckey); }

Result<PublicKey65> public_key_uncompressed(const SecretKey32& seckey) noexcept { return public_key_of<65>(seckey); }

Result<Bytes> convert_public_key(ByteView pubkey, bool compressed) noexcept {
  if (pubkey.size() != 33 && pubkey.size() != 65) return Error{Errc::bad_length, "public key must be 33 or 65 bytes"};
  secp256k1_pubkey pk;
  if (ctx() == nullptr || !parse_pubkey(pubkey, pk))
    return Error{Errc::invalid_public_key, "not a valid secp256k1 public key"};
  if (compressed) {
    const auto out = serialize<33>(pk);
    return Bytes(out.begin(), out.end());
  }
  const auto out = serialize<65>(pk);
  return Bytes(out.begin(), out.end());
}

Result<RecoverableSig65> sign_recoverable(std::span<const std::uint8_t, 32> msg32, const SecretKey32& seckey) noexcept {
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  secp256k1_ecdsa_recoverable_signature sig;
  // nullptr nonce function = secp256k1_nonce_function_rfc6979; libsecp256k1 always emits low-s.
  if (secp256k1_ecdsa_sign_recoverable(ctx(), &sig, msg32.data(), seckey.data(), nullptr, nullptr) != 1)
    return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
  RecoverableSig65 out{};
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(recid);
  return out;
}

bool verify(std::span<const std::uint8_t, 64> sig64, std::span<const std::uint8_t, 32> msg32, ByteView pubkey,
            bool require_low_s) noexcept {
  if (ctx() == nullptr) return false;
  secp256k1_pubkey pk;
  secp256k1_ecdsa_signature sig;
  if (!parse_pubkey(pubkey, pk)) return false;
  // parse_compact rejects r or s >= n; verify rejects r == 0 or s == 0.
  if (secp256k1_ecdsa_signature_parse_compact(ctx(), &sig, sig64.data()) != 1) return false;
  if (!require_low_s) secp256k1_ecdsa_signature_normalize(ctx(), &sig, &sig);
  // secp256k1_ecdsa_verify itself rejects high-s (lower-S form is required).
  return secp256k1_ecdsa_verify(ctx(), &sig, msg32.data(), &pk) == 1;
}

Result<PublicKey65> recover(std::span<const std::uint8_t, 65> sig65, std::span<const std::uint8_t, 32> msg32) noexcept {
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  const int recid = sig65[64];
  if (recid > 3) return Error{Errc::invalid_signature, "recovery id must be 0..3"};
  const auto is_zero = [](std::span<const std::uint8_t> v) {
    std::uint8_t acc = 0;
    for (auto b : v) acc |= b;
    return acc == 0;
  };
  if (is_zero(sig65.subspan(0, 32)) || is_zero(sig65.subspan(32, 32)))
    return Error{Errc::invalid_signature, "r and s must be non-zero"};
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &sig, sig65.data(), recid) != 1)
    return Error{Errc::invalid_signature, "r or s is not below the curve order"};
  secp256k1_pubkey pk;
  if (secp256k1_ecdsa_recover(ctx(), &pk, &sig, msg32.data()) != 1)
    return Error{Errc::recovery_failed, "no public key matches this signature"};
  return serialize<65>(pk);
}

namespace {

// secp256k1_ecdh hash callback that returns x unhashed (the raw ECDH value).
int copy_x(unsigned char* out, const unsigned char* x32, const unsigned char* /*y32*/, void* /*data*/) {
  for (int i = 0; i < 32; ++i) out[i] = x32[i];
  return 1;
}

Result<Secret<32>> ecdh_with(const SecretKey32& seckey, ByteView pubkey, secp256k1_ecdh_hash_function hash) noexcept {
  if (pubkey.size() != 33 && pubkey.size() != 65) return Error{Errc::bad_length, "public key must be 33 or 65 bytes"};
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  secp256k1_pubkey pk;
  if (!parse_pubkey(pubkey, pk)) return Error{Errc::invalid_public_key, "not a valid secp256k1 public key"};
  Secret<32> out;
  // Fails only for a zero or out-of-range scalar: the point is valid and the group has prime
  // order, so the product is never the point at infinity.
  if (secp256k1_ecdh(ctx(), out.data(), &pk, seckey.data(), hash, nullptr) != 1)
    return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
  return out;
}

}  // namespace

Result<Secret<32>> ecdh_x(const SecretKey32& seckey, ByteView pubkey) noexcept {
  return ecdh_with(seckey, pubkey, &copy_x);
}

Result<Secret<32>> ecdh_sha256(const SecretKey32& seckey, ByteView pubkey) noexcept {
  return ecdh_with(seckey, pubkey, secp256k1_ecdh_hash_function_sha256);
}

Result<Signature64> signature_from_der(ByteView der) noexcept {
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  secp256k1_ecdsa_signature sig;
  if (der.empty() || secp256k1_ecdsa_signature_parse_der(ctx(), &sig, der.data(), der.size()) != 1)
    return Error{Errc::invalid_signature, "not a strict DER ECDSA signature"};
  Signature64 out{};
  secp256k1_ecdsa_signature_serialize_compact(ctx(), out.data(), &sig);
  return out;
}

}  // namespace secp256k1
}  // namespace ehr::crypto
