// Ethereum addresses: derivation from a public key and the EIP-55 mixed-case checksum.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::eth {

/// The address of a secp256k1 public key: the last 20 bytes of keccak256(x || y).
/// Accepts 33-byte compressed or 65-byte uncompressed SEC1 keys.
/// Fails with bad_length or invalid_public_key.
[[nodiscard]] Result<Address20> address_from_public_key(ByteView pubkey) noexcept;

/// EIP-55 checksummed form, "0x" + 40 mixed-case hex digits.
[[nodiscard]] std::string to_checksum_address(const Address20& address);

/// Parses exactly "0x" (lower-case x) + 40 hex digits; no other prefix, no missing prefix, no
/// whitespace. All-lower and all-upper digits are accepted as unchecksummed; mixed case must match
/// EIP-55 (Errc::bad_checksum), as ethers' getAddress. With `require_checksum`, only the EIP-55
/// form itself is accepted (an all-lower or all-upper text only when that is its checksummed form,
/// e.g. all digits). Fails with bad_encoding (prefix, non-hex digit) or bad_length otherwise.
[[nodiscard]] Result<Address20> parse_address(std::string_view text, bool require_checksum) noexcept;

}  // namespace ehr::eth
