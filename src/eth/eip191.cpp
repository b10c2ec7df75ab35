#include "eth/eip191.hpp"

#include <string>

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"

namespace ehr::eth {

Hash32 personal_message_hash(ByteView message) {
  const std::string prefix =
      "\x19"
      "Ethereum Signed Message:\n" +
      std::to_string(message.size());
  crypto::Keccak256 h;
  h.update(ByteView(reinterpret_cast<const std::uint8_t*>(prefix.data()), prefix.size()));  // NOLINT
  h.update(message);
  return h.final();
}

Result<RecoverableSig65> sign_digest_eth(const Hash32& digest, const crypto::SecretKey32& key) {
  auto sig = crypto::secp256k1::sign_recoverable(digest, key);
  if (!sig) return sig.error();
  RecoverableSig65 out = sig.value();
  out[64] = static_cast<std::uint8_t>(out[64] + 27);
  return out;
}

Result<Address20> recover_digest_eth(const Hash32& digest, ByteView sig65) {
  if (sig65.size() != 65) return Error{Errc::bad_length, "signature must be 65 bytes (r || s || v)"};
  RecoverableSig65 s = to_fixed<65>(sig65);
  std::uint8_t v = s[64];
  if (v == 27 || v == 28) v = static_cast<std::uint8_t>(v - 27);
  if (v > 1) return Error{Errc::invalid_signature, "signature v must be 27, 28, 0 or 1"};
  s[64] = v;
  // EIP-2: reject high-s (n/2 < s), as a transaction would be.
  static const std::uint8_t kHalfN[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                          0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};
  for (std::size_t i = 0; i < 32; ++i) {
    if (s[32 + i] < kHalfN[i]) break;
    if (s[32 + i] > kHalfN[i]) return Error{Errc::invalid_signature, "signature s is above n/2 (EIP-2)"};
  }
  auto pub = crypto::secp256k1::recover(s, digest);
  if (!pub) return pub.error();
  return address_from_public_key(pub.value());
}

Result<RecoverableSig65> sign_personal_message(ByteView message, const crypto::SecretKey32& key) {
  return sign_digest_eth(personal_message_hash(message), key);
}

Result<Address20> recover_personal_message(ByteView message, ByteView sig65) {
  return recover_digest_eth(personal_message_hash(message), sig65);
}

}  // namespace ehr::eth
