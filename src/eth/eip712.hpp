// EIP-712 typed structured data: hashing and signing of the standard JSON form that
// eth_signTypedData_v4 takes: {"types": {...}, "primaryType": "...", "domain": {...},
// "message": {...}}.
//
// Rules: encodeType lists the primary type then its referenced struct types sorted by name;
// encodeData is typeHash || enc(member) in declaration order, where atomic values are their
// 32-byte ABI encoding, string and bytes are keccak256 of their contents, arrays are keccak256 of
// the concatenated element encodings and structs are hashStruct. Values use the ABI JSON forms
// (integers as numbers or decimal/0x strings, bytes as 0x hex, bytes<N> exactly N bytes,
// addresses EIP-55 checked). When "types" has no EIP712Domain entry it is derived from the domain's
// keys (name, version, chainId, verifyingContract, salt, in that order). A missing member is an
// error; keys not in the type are ignored. primaryType "EIP712Domain" hashes the domain alone.
#pragma once

#include <string>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "eth/json_util.hpp"

namespace ehr::eth::eip712 {

using json_util::Json;

/// Nesting limit of struct and array values (deeper values are rejected with bad_typed_data).
inline constexpr std::size_t kMaxDepth = 32;

/// encodeType(primary) over `types` (the "types" object). Fails with bad_typed_data.
[[nodiscard]] Result<std::string> encode_type(const Json& types, const std::string& primary);

/// hashStruct(name, value) = keccak256(typeHash || encodeData). Fails with bad_typed_data or
/// abi_value (a value out of range or of the wrong form).
[[nodiscard]] Result<Hash32> hash_struct(const Json& types, const std::string& name, const Json& value);

/// The domain separator of a typed-data document.
[[nodiscard]] Result<Hash32> domain_separator(const Json& typed_data);

/// keccak256(0x19 0x01 || domainSeparator || hashStruct(primaryType, message)).
[[nodiscard]] Result<Hash32> hash_typed_data(const Json& typed_data);

/// Signs hash_typed_data(): r || s || v with v = 27/28.
[[nodiscard]] Result<RecoverableSig65> sign_typed_data(const Json& typed_data, const crypto::SecretKey32& key);

}  // namespace ehr::eth::eip712
