#include "records/key_schedule.hpp"

#include <array>

#include "common/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"
#include "eth/eip712.hpp"
#include "crypto/hkdf.hpp"
#include "records/le.hpp"

namespace ehr::records {
namespace {

// secp256k1 group order n, big-endian (SEC 2, section 2.4.1).
constexpr std::array<std::uint8_t, 32> kOrder = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                                 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
// n / 2 (floor), big-endian.
constexpr std::array<std::uint8_t, 32> kHalfOrder = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                     0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                                     0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

// Big-endian comparison of two 32-byte integers: <0, 0, >0. Not constant time: r and s are
// public parts of a signature the wallet returned (the derived key is what stays secret).
int cmp32(const std::uint8_t* a, const std::uint8_t* b) {
  for (std::size_t i = 0; i < 32; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

bool is_zero32(const std::uint8_t* a) {
  std::uint8_t acc = 0;
  for (std::size_t i = 0; i < 32; ++i) acc |= a[i];
  return acc == 0;
}

// out = n - s (s < n), big-endian.
void order_minus(const std::uint8_t* s, std::uint8_t* out) {
  int borrow = 0;
  for (std::size_t k = 32; k-- > 0;) {
    int d = static_cast<int>(kOrder[k]) - static_cast<int>(s[k]) - borrow;
    borrow = d < 0 ? 1 : 0;
    out[k] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
  }
}

}  // namespace

std::string lower_hex_address(const Address20& account) { return "0x" + to_hex(account); }

nlohmann::json encryption_key_request(std::uint64_t chain_id, const Address20& verifying_contract,
                                      const Address20& account, std::uint32_t key_version) {
  using J = nlohmann::json;
  auto member = [](const char* name, const char* type) { return J{{"name", name}, {"type", type}}; };
  return J{{"types",
            {{"EIP712Domain", J::array({member("name", "string"), member("version", "string"),
                                        member("chainId", "uint256"), member("verifyingContract", "address")})},
             {"EncryptionKeyRequest",
              J::array({member("account", "address"), member("purpose", "string"), member("keyVersion", "uint32")})}}},
           {"primaryType", "EncryptionKeyRequest"},
           {"domain",
            {{"name", "EHR"},
             {"version", "1"},
             {"chainId", chain_id},
             {"verifyingContract", eth::to_checksum_address(verifying_contract)}}},
           {"message",
            {{"account", eth::to_checksum_address(account)},
             {"purpose", kEncryptionKeyPurpose},
             {"keyVersion", key_version}}}};
}

Status verify_encryption_key_request(ByteView signature, std::uint64_t chain_id, const Address20& verifying_contract,
                                     const Address20& account, std::uint32_t key_version) {
  if (signature.size() != 65) return Error{Errc::bad_length, "signature must be 65 bytes (r || s || v)"};
  auto digest =
      eth::eip712::hash_typed_data(encryption_key_request(chain_id, verifying_contract, account, key_version));
  if (!digest) return digest.error();
  RecoverableSig65 sig = to_fixed<65>(signature);
  if (sig[64] == 27 || sig[64] == 28) sig[64] = static_cast<std::uint8_t>(sig[64] - 27);
  auto pub = crypto::secp256k1::recover(sig, digest.value());
  if (!pub) return pub.error();
  auto signer = eth::address_from_public_key(pub.value());
  if (!signer) return signer.error();
  if (signer.value() != account) return Error{Errc::invalid_signature, "the signature is not the account's"};
  return ok_status();
}

Result<crypto::Secret<64>> normalized_signature_rs(ByteView sig) {
  if (sig.size() != 64 && sig.size() != 65) return Error{Errc::bad_length, "signature must be 64 or 65 bytes"};
  const std::uint8_t* r = sig.data();
  const std::uint8_t* s = sig.data() + 32;
  if (is_zero32(r) || cmp32(r, kOrder.data()) >= 0 || is_zero32(s) || cmp32(s, kOrder.data()) >= 0) {
    return Error{Errc::invalid_signature, "r and s must be in 1..n-1"};
  }
  crypto::Secret<64> rs(sig.first(64));
  if (cmp32(s, kHalfOrder.data()) > 0) order_minus(s, rs.data() + 32);
  return rs;
}

Result<crypto::Secret<32>> identity_from_seed(ByteView seed, std::uint32_t account_index) {
  if (seed.size() != kSeedSize) return Error{Errc::bad_length, "seed must be 64 bytes"};
  const std::string info = "account/" + std::to_string(account_index);
  return crypto::hkdf_sha256::derive32(seed, text_bytes("ehr/x25519/v1"), text_bytes(info));
}

Result<crypto::Secret<32>> identity_from_signature(ByteView signature, const Address20& account) {
  auto rs = normalized_signature_rs(signature);
  if (!rs) return rs.error();
  const std::string info = lower_hex_address(account);
  return crypto::hkdf_sha256::derive32(rs.value().view(), text_bytes("ehr/x25519-from-signature/v1"), text_bytes(info));
}

Result<crypto::Secret<32>> chart_root_from_seed(ByteView seed, const Address20& account) {
  if (seed.size() != kSeedSize) return Error{Errc::bad_length, "seed must be 64 bytes"};
  const std::string info = lower_hex_address(account);
  return crypto::hkdf_sha256::derive32(seed, text_bytes("ehr/chart-root/v1"), text_bytes(info));
}

Result<crypto::Secret<32>> chart_root_from_signature(ByteView signature, const Address20& account) {
  auto rs = normalized_signature_rs(signature);
  if (!rs) return rs.error();
  const std::string info = lower_hex_address(account);
  return crypto::hkdf_sha256::derive32(rs.value().view(), text_bytes("ehr/chart-root/v1"), text_bytes(info));
}

crypto::Secret<32> chart_key(const crypto::Secret<32>& chart_root, std::uint16_t scope, std::uint32_t epoch) noexcept {
  std::array<std::uint8_t, 6> info{};
  le::store16(info.data(), scope);
  le::store32(info.data() + 2, epoch);
  return crypto::hkdf_sha256::derive32(chart_root.view(), text_bytes("ehr/chart-key/v1"), info);
}

}  // namespace ehr::records
