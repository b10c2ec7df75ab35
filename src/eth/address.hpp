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

/// Parses "0x" + 40 hex digits (prefix optional). All-lower and all-upper digits are accepted as
/// unchecksummed; mixed case must match EIP-55 (Errc::bad_checksum). With `require_checksum`, only
/// a correct mixed-case form is accepted. Fails with bad_length or bad_encoding otherwise.
[[nodiscard]] Result<Address20> parse_address(std::string_view text, bool require_checksum) noexcept;

}  // namespace ehr::eth
