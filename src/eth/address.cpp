#include "eth/address.hpp"

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"

namespace ehr::eth {

Result<Address20> address_from_public_key(ByteView pubkey) noexcept {
  PublicKey65 full{};
  if (pubkey.size() == 65 && pubkey[0] == 0x04) {
    // Still parse it: a point off the curve must not yield an address.
    auto checked = crypto::secp256k1::convert_public_key(pubkey, false);
    if (!checked) return checked.error();
    full = to_fixed<65>(checked.value());
  } else if (pubkey.size() == 33 || pubkey.size() == 65) {
    auto converted = crypto::secp256k1::convert_public_key(pubkey, false);
    if (!converted) return converted.error();
    full = to_fixed<65>(converted.value());
  } else {
    return Error{Errc::bad_length, "public key must be 33 or 65 bytes"};
  }
  const Hash32 h = crypto::keccak256(ByteView(full).subspan(1));
  Address20 out{};
  for (std::size_t i = 0; i < 20; ++i) out[i] = h[12 + i];
  return out;
}

std::string to_checksum_address(const Address20& address) {
  // EIP-55: hex digit i is upper-cased when nibble i of keccak256(lower-case hex) is >= 8.
  const std::string lower = to_hex(address);
  const Hash32 h =
      crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(lower.data()), lower.size()));  // NOLINT
  std::string out = "0x";
  out.reserve(42);
  for (std::size_t i = 0; i < 40; ++i) {
    const unsigned nib = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 0x0fU);
    char c = lower[i];
    if (c >= 'a' && c <= 'f' && nib >= 8) c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
  }
  return out;
}

Result<Address20> parse_address(std::string_view text, bool require_checksum) noexcept {
  // Strict: "0x" exactly ("0X" and a bare 40-digit text are not addresses; ethers' getAddress
  // takes the bare form, this API does not, so that every caller sees one spelling).
  if (text.size() < 2 || text[0] != '0' || text[1] != 'x')
    return Error{Errc::bad_encoding, "address must start with 0x"};
  const std::string_view digits = text.substr(2);
  if (digits.size() != 40) return Error{Errc::bad_length, "address must have 40 hex digits"};
  auto bytes = from_hex(digits);
  if (!bytes) return Error{Errc::bad_encoding, "address has a non-hex character"};
  const Address20 addr = to_fixed<20>(bytes.value());
  bool has_lower = false, has_upper = false;
  for (char c : digits) {
    has_lower |= (c >= 'a' && c <= 'f');
    has_upper |= (c >= 'A' && c <= 'F');
  }
  const bool mixed = has_lower && has_upper;
  if (mixed || require_checksum) {
    const std::string expected = to_checksum_address(addr);
    if (std::string_view(expected).substr(2) != digits)
      return Error{Errc::bad_checksum, "address checksum (EIP-55) does not match"};
  }
  return addr;
}

}  // namespace ehr::eth
