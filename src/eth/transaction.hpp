// Ethereum transactions: legacy (with EIP-155 replay protection), EIP-2930 (type 1, access
// lists) and EIP-1559 (type 2, dynamic fees). Build from fields (or their JSON form), sign,
// serialize, hash; decode raw bytes back to fields strictly, recover the sender, and check a
// transaction against the rules a node applies before accepting it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "eth/json_util.hpp"
#include "eth/u256.hpp"

namespace ehr::eth {

enum class TxType : std::uint8_t { legacy = 0, access_list = 1, dynamic_fee = 2 };

struct AccessListEntry {
  Address20 address{};
  std::vector<Hash32> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

struct TxSignature {
  U256 r;
  U256 s;
  /// Legacy: the v of the encoding (27/28, or chain_id * 2 + 35/36 under EIP-155).
  /// Typed transactions: the y parity, 0 or 1.
  U256 v;
  friend bool operator==(const TxSignature&, const TxSignature&) = default;
};

struct Transaction {
  TxType type = TxType::dynamic_fee;
  /// Typed: the chain id field. Legacy: the EIP-155 chain id, 0 for an unprotected transaction.
  U256 chain_id;
  U256 nonce;                     ///< below 2^64 - 1 (EIP-2681) to be signed or valid
  U256 gas_price;                 ///< legacy and type 1
  U256 max_priority_fee_per_gas;  ///< type 2
  U256 max_fee_per_gas;           ///< type 2
  U256 gas_limit;                 ///< at most 2^64 - 1
  std::optional<Address20> to;    ///< empty: contract creation
  U256 value;
  Bytes data;
  std::vector<AccessListEntry> access_list;  ///< types 1 and 2 only
  std::optional<TxSignature> signature;
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

/// The preimage that is signed: legacy rlp([nonce, gasPrice, gas, to, value, data]) plus
/// [chainId, 0, 0] under EIP-155; typed: type byte || rlp([...fields without signature]).
[[nodiscard]] Bytes encode_unsigned(const Transaction& tx);

/// keccak256 of encode_unsigned(tx): the digest the sender signs.
[[nodiscard]] Hash32 signing_hash(const Transaction& tx);

/// The signed network encoding (what eth_sendRawTransaction takes). Fails with bad_transaction
/// if the transaction has no signature.
[[nodiscard]] Result<Bytes> encode_signed(const Transaction& tx);

/// The transaction hash: keccak256 of the signed encoding.
[[nodiscard]] Hash32 transaction_hash(ByteView raw) noexcept;

/// Checks that the fields can be encoded and signed: nonce < 2^64 - 1, gas limit < 2^64, a
/// legacy transaction has no access list and no 1559 fees, a typed one has the fields of its type.
/// Fails with bad_transaction naming the field.
[[nodiscard]] Status check_fields(const Transaction& tx);

/// Signs `tx` with `key` (RFC 6979, low-s) after check_fields(), returning the transaction with
/// its signature set (legacy v = 27/28, or chain_id * 2 + 35/36 when chain_id != 0).
/// Fails with bad_transaction or invalid_private_key.
[[nodiscard]] Result<Transaction> sign_transaction(Transaction tx, const crypto::SecretKey32& key);

/// Decodes a raw signed transaction strictly: canonical RLP consumed exactly, a known type
/// (legacy list, 0x01 or 0x02), the right number of fields, integers without leading zeros
/// and of at most 32 bytes (nonce and gas limit at most 8), `to` empty or 20 bytes, access list
/// addresses of 20 bytes and storage keys of 32. Fails with bad_rlp or bad_transaction.
[[nodiscard]] Result<Transaction> decode_transaction(ByteView raw);

/// Recovers the sender of a signed transaction after checking the signature values: r and s in
/// [1, n - 1], s <= n / 2 (EIP-2), legacy v in {27, 28} or >= 35 (EIP-155), typed y parity 0/1.
/// Fails with invalid_signature (values), recovery_failed (no key matches) or bad_transaction.
[[nodiscard]] Result<Address20> recover_sender(const Transaction& tx);

/// The recovery id (0 or 1) of tx.signature: v itself for typed transactions, v - 27 or the
/// parity of v - 35 (EIP-155) for legacy ones. tx.signature must be set. Fails with
/// invalid_signature for a legacy v that is none of 27, 28 or >= 35.
[[nodiscard]] Result<int> recovery_id(const Transaction& tx);

/// What validate() checks against.
struct TxRules {
  /// The chain the transaction must be for; unprotected legacy transactions are accepted.
  std::optional<U256> chain_id;
  /// Shanghai and later: EIP-3860 initcode cost and size limit.
  bool shanghai = true;
};

/// Intrinsic gas (Yellow Paper g0 with EIP-2028 calldata prices, EIP-2930 access list costs and,
/// with `shanghai`, the EIP-3860 initcode word cost).
[[nodiscard]] std::uint64_t intrinsic_gas(const Transaction& tx, bool shanghai) noexcept;

/// The checks a node makes before accepting a decoded transaction (beyond account state):
/// nonce < 2^64 - 1, gas limit < 2^64, fees below 2^256 with gas limit * fee < 2^256,
/// priority fee <= max fee, gas limit >= intrinsic gas, initcode size (Shanghai), chain id.
/// The signature is checked by recover_sender(). Fails with bad_transaction and the reason.
[[nodiscard]] Status validate_transaction(const Transaction& tx, const TxRules& rules);

/// Builds a transaction from its JSON form (docs/eth.md): keys type, chainId, nonce, gasPrice,
/// maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList and optionally
/// signature {r, s, yParity | v}. Integers as decimal or 0x strings; the type is inferred when
/// absent (2 unless gasPrice is given: then 1 with an access list, else 0). Unknown keys and
/// fields foreign to the type are rejected (bad_transaction).
[[nodiscard]] Result<Transaction> transaction_from_json(const json_util::Json& j);

/// The JSON form of a transaction (integers as decimal strings, addresses EIP-55, bytes 0x-hex;
/// signature {r, s as 32-byte hex, yParity, v as decimal string} when signed).
[[nodiscard]] json_util::Json transaction_to_json(const Transaction& tx);

/// Decodes `raw`, checks it with validate_transaction() when `rules` is given, recovers the
/// sender and returns transaction_to_json() plus "hash" (0x hex) and "from" (EIP-55).
/// Fails like decode_transaction(), validate_transaction() and recover_sender().
[[nodiscard]] Result<json_util::Json> parse_transaction(ByteView raw, const TxRules* rules);

/// TxRules from JSON {"chainId": ..., "shanghai": bool} (both optional). Fails with bad_argument.
[[nodiscard]] Result<TxRules> tx_rules_from_json(const json_util::Json& j);

}  // namespace ehr::eth
