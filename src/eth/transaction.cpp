#include "eth/transaction.hpp"

#include <string>

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"
#include "eth/rlp.hpp"

namespace ehr::eth {
namespace {

using json_util::Json;

Error bad(std::string msg) { return Error{Errc::bad_transaction, "transaction: " + std::move(msg)}; }

// secp256k1 group order n and floor(n / 2) (SEC 2, section 2.4.1).
const U256& curve_n() {
  static const U256 n = U256::parse("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").value();
  return n;
}
const U256& half_n() {
  static const U256 h = U256::parse("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0").value();
  return h;
}

const U256 kMaxU64 = U256(~std::uint64_t{0});

void append_address_field(Bytes& out, const std::optional<Address20>& to) {
  if (to) rlp::append_string(out, *to);
  else rlp::append_string(out, ByteView{});
}

void append_access_list(Bytes& out, const std::vector<AccessListEntry>& list) {
  Bytes payload;
  for (const auto& e : list) {
    Bytes keys;
    for (const auto& k : e.storage_keys) rlp::append_string(keys, k);
    Bytes entry;
    rlp::append_string(entry, e.address);
    rlp::append_list_header(entry, keys.size());
    entry.insert(entry.end(), keys.begin(), keys.end());
    rlp::append_list_header(payload, entry.size());
    payload.insert(payload.end(), entry.begin(), entry.end());
  }
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

// The fields shared by the signing payload and the signed encoding, in order. The three types
// share one layout: [chain id], nonce, fee fields, gas limit, to, value, data, [access list]:
//   legacy (EIP-155 payload adds its own tail):  nonce, gasPrice, ...
//   EIP-2930: chainId, nonce, gasPrice, ..., accessList
//   EIP-1559: chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, ..., accessList
Bytes payload_fields(const Transaction& tx) {
  Bytes p;
  p.reserve(64 + tx.data.size());
  const bool typed = tx.type != TxType::legacy;
  if (typed) rlp::append_uint(p, tx.chain_id);
  rlp::append_uint(p, tx.nonce);
  if (tx.type == TxType::dynamic_fee) {
    rlp::append_uint(p, tx.max_priority_fee_per_gas);
    rlp::append_uint(p, tx.max_fee_per_gas);
  } else {
    rlp::append_uint(p, tx.gas_price);
  }
  rlp::append_uint(p, tx.gas_limit);
  append_address_field(p, tx.to);
  rlp::append_uint(p, tx.value);
  rlp::append_string(p, tx.data);
  if (typed) append_access_list(p, tx.access_list);
  return p;
}

Bytes finish(const Transaction& tx, const Bytes& payload) {
  Bytes out;
  out.reserve(1 + rlp::header_size(payload.size()) + payload.size());
  if (tx.type != TxType::legacy) out.push_back(static_cast<std::uint8_t>(tx.type));
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<U256> field_uint(const rlp::Item& item, std::size_t max_bytes, const char* what) {
  auto r = rlp::to_uint(item, max_bytes, what);
  if (!r) return bad(r.error().message.substr(5));  // drop the "RLP: " prefix
  return r;
}

Result<std::vector<AccessListEntry>> decode_access_list(const rlp::Item& item) {
  if (!item.is_list) return bad("access list must be a list");
  auto entries = rlp::list_items(item.payload);
  if (!entries) return entries.error();
  std::vector<AccessListEntry> out;
  out.reserve(entries.value().size());
  for (const auto& e : entries.value()) {
    if (!e.is_list) return bad("access list entry must be a list");
    auto parts = rlp::list_items(e.payload);
    if (!parts) return parts.error();
    if (parts.value().size() != 2) return bad("access list entry must have an address and storage keys");
    const auto& addr = parts.value()[0];
    if (addr.is_list) return bad("access list address must be a string");
    if (addr.payload.size() != 20)
      return bad(std::string("access list address must be 20 bytes, got ") + std::to_string(addr.payload.size()));
    if (!parts.value()[1].is_list) return bad("access list storage keys must be a list");
    auto keys = rlp::list_items(parts.value()[1].payload);
    if (!keys) return keys.error();
    AccessListEntry entry;
    entry.address = to_fixed<20>(addr.payload);
    for (const auto& k : keys.value()) {
      if (k.is_list) return bad("storage key must be a string");
      if (k.payload.size() != 32)
        return bad(std::string("storage key must be 32 bytes, got ") + std::to_string(k.payload.size()));
      entry.storage_keys.push_back(to_fixed<32>(k.payload));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// Decodes the fields of `items` (already split) for `type`.
Result<Transaction> decode_fields(TxType type, const std::vector<rlp::Item>& items) {
  Transaction tx;
  tx.type = type;
  const std::size_t want = type == TxType::legacy ? 9 : type == TxType::access_list ? 11 : 12;
  if (items.size() < want)
    return bad("too few fields (" + std::to_string(items.size()) + ", want " + std::to_string(want) + ")");
  if (items.size() > want)
    return bad("too many fields (" + std::to_string(items.size()) + ", want " + std::to_string(want) + ")");
  std::size_t i = 0;
  auto next_uint = [&](U256& dst, std::size_t max_bytes, const char* what) -> Status {
    auto r = field_uint(items[i++], max_bytes, what);
    if (!r) return r.error();
    dst = r.value();
    return ok_status();
  };
#define EHR_TRY(expr)           \
  do {                          \
    auto s_ = (expr);           \
    if (!s_) return s_.error(); \
  } while (0)
  if (type != TxType::legacy) EHR_TRY(next_uint(tx.chain_id, 32, "chainId"));
  EHR_TRY(next_uint(tx.nonce, 8, "nonce"));
  if (type == TxType::dynamic_fee) {
    EHR_TRY(next_uint(tx.max_priority_fee_per_gas, 32, "maxPriorityFeePerGas"));
    EHR_TRY(next_uint(tx.max_fee_per_gas, 32, "maxFeePerGas"));
  } else {
    EHR_TRY(next_uint(tx.gas_price, 32, "gasPrice"));
  }
  EHR_TRY(next_uint(tx.gas_limit, 8, "gasLimit"));
  {
    const auto& to = items[i++];
    if (to.is_list) return bad("to must be a string, not a list");
    if (to.payload.size() == 20) tx.to = to_fixed<20>(to.payload);
    else if (!to.payload.empty()) return bad("to must be empty or 20 bytes, got " + std::to_string(to.payload.size()));
  }
  EHR_TRY(next_uint(tx.value, 32, "value"));
  {
    const auto& data = items[i++];
    if (data.is_list) return bad("data must be a string, not a list");
    tx.data.assign(data.payload.begin(), data.payload.end());
  }
  if (type != TxType::legacy) {
    auto al = decode_access_list(items[i++]);
    if (!al) return al.error();
    tx.access_list = std::move(al).value();
  }
  TxSignature sig;
  EHR_TRY(next_uint(sig.v, 32, type == TxType::legacy ? "v" : "yParity"));
  EHR_TRY(next_uint(sig.r, 32, "r"));
  EHR_TRY(next_uint(sig.s, 32, "s"));
#undef EHR_TRY
  if (type == TxType::legacy) {
    // EIP-155: v = chain_id * 2 + 35 + parity; 27/28 is an unprotected signature.
    if (sig.v >= U256(35)) {
      bool borrow = false;
      U256 t = sub(sig.v, U256(35), borrow);
      // chain_id = t >> 1
      for (std::size_t k = 0; k < 4; ++k) { tx.chain_id.w[k] = (t.w[k] >> 1) | (k + 1 < 4 ? t.w[k + 1] << 63 : 0); }
    }
  } else if (sig.v > U256(1)) {
    return Error{Errc::invalid_signature, "transaction: y parity must be 0 or 1"};
  }
  tx.signature = sig;
  return tx;
}

}  // namespace

Result<int> recovery_id(const Transaction& tx) {
  const auto& v = tx.signature->v;
  if (tx.type != TxType::legacy) return static_cast<int>(v.low64());
  if (v == U256(27) || v == U256(28)) return static_cast<int>(v.low64() - 27);
  if (v >= U256(35)) {
    bool borrow = false;
    return static_cast<int>(sub(v, U256(35), borrow).low64() & 1U);
  }
  return Error{Errc::invalid_signature, "transaction: legacy v must be 27, 28 or chain_id * 2 + 35/36 (EIP-155)"};
}

Bytes encode_unsigned(const Transaction& tx) {
  Bytes p = payload_fields(tx);
  if (tx.type == TxType::legacy && !tx.chain_id.is_zero()) {
    // EIP-155: the signed payload appends chain_id, 0, 0.
    rlp::append_uint(p, tx.chain_id);
    rlp::append_string(p, ByteView{});
    rlp::append_string(p, ByteView{});
  }
  return finish(tx, p);
}

Hash32 signing_hash(const Transaction& tx) { return crypto::keccak256(encode_unsigned(tx)); }

Result<Bytes> encode_signed(const Transaction& tx) {
  if (!tx.signature) return bad("not signed");
  Bytes p = payload_fields(tx);
  rlp::append_uint(p, tx.signature->v);
  rlp::append_uint(p, tx.signature->r);
  rlp::append_uint(p, tx.signature->s);
  return finish(tx, p);
}

Hash32 transaction_hash(ByteView raw) noexcept { return crypto::keccak256(raw); }

Status check_fields(const Transaction& tx) {
  if (tx.nonce >= kMaxU64) return bad("nonce must be below 2^64 - 1 (EIP-2681)");
  if (!tx.gas_limit.fits_u64()) return bad("gasLimit must be below 2^64");
  if (tx.type == TxType::legacy) {
    if (!tx.access_list.empty()) return bad("a legacy transaction has no access list");
    if (!tx.max_fee_per_gas.is_zero() || !tx.max_priority_fee_per_gas.is_zero())
      return bad("a legacy transaction has gasPrice, not maxFeePerGas/maxPriorityFeePerGas");
  } else if (tx.type == TxType::access_list) {
    if (!tx.max_fee_per_gas.is_zero() || !tx.max_priority_fee_per_gas.is_zero())
      return bad("an EIP-2930 transaction has gasPrice, not maxFeePerGas/maxPriorityFeePerGas");
  } else if (!tx.gas_price.is_zero()) {
    return bad("an EIP-1559 transaction has maxFeePerGas/maxPriorityFeePerGas, not gasPrice");
  }
  return ok_status();
}

Result<Transaction> sign_transaction(Transaction tx, const crypto::SecretKey32& key) {
  auto checked = check_fields(tx);
  if (!checked) return checked.error();
  const Hash32 digest = signing_hash(tx);
  auto sig = crypto::secp256k1::sign_recoverable(digest, key);
  if (!sig) return sig.error();
  const auto& rsv = sig.value();
  TxSignature out;
  out.r = U256::from_be(ByteView(rsv).subspan(0, 32));
  out.s = U256::from_be(ByteView(rsv).subspan(32, 32));
  const std::uint64_t parity = rsv[64];
  if (tx.type != TxType::legacy) {
    out.v = U256(parity);
  } else if (tx.chain_id.is_zero()) {
    out.v = U256(27 + parity);
  } else {
    // EIP-155: v = chain_id * 2 + 35 + parity.
    bool of = false, carry = false;
    U256 v = mul(tx.chain_id, U256(2), of);
    v = add(v, U256(35 + parity), carry);
    if (of || carry) return bad("chainId too large for EIP-155");
    out.v = v;
  }
  tx.signature = out;
  return tx;
}

Result<Transaction> decode_transaction(ByteView raw) {
  if (raw.empty()) return bad("empty input");
  const std::uint8_t b0 = raw[0];
  TxType type = TxType::legacy;
  ByteView body = raw;
  if (b0 >= 0xc0) {
    type = TxType::legacy;
  } else if (b0 == 0x01 || b0 == 0x02) {
    type = static_cast<TxType>(b0);
    body = raw.subspan(1);
  } else if (b0 < 0x80) {
    return Error{Errc::unsupported, "transaction: type " + std::to_string(b0) + " is not supported"};
  } else {
    return bad("not a transaction: neither a typed envelope nor an RLP list");
  }
  auto top = rlp::decode_exact(body);
  if (!top) return top.error();
  if (!top.value().is_list) return bad("payload must be an RLP list");
  auto items = rlp::list_items(top.value().payload);
  if (!items) return items.error();
  return decode_fields(type, items.value());
}

Result<Address20> recover_sender(const Transaction& tx) {
  if (!tx.signature) return bad("not signed");
  const auto& sig = *tx.signature;
  if (sig.r.is_zero() || sig.s.is_zero())
    return Error{Errc::invalid_signature, "transaction: r and s must be non-zero"};
  if (sig.r >= curve_n() || sig.s >= curve_n())
    return Error{Errc::invalid_signature, "transaction: r and s must be below the curve order"};
  if (sig.s > half_n()) return Error{Errc::invalid_signature, "transaction: s must be at most n/2 (EIP-2)"};
  auto recid = recovery_id(tx);
  if (!recid) return recid.error();
  RecoverableSig65 rsv{};
  const auto r = sig.r.to_be32(), s = sig.s.to_be32();
  std::copy(r.begin(), r.end(), rsv.begin());
  std::copy(s.begin(), s.end(), rsv.begin() + 32);
  rsv[64] = static_cast<std::uint8_t>(recid.value());
  const Hash32 digest = signing_hash(tx);
  auto pub = crypto::secp256k1::recover(rsv, digest);
  if (!pub) return pub.error();
  return address_from_public_key(pub.value());
}

std::uint64_t intrinsic_gas(const Transaction& tx, bool shanghai) noexcept {
  // Yellow Paper g0: 21000, + 32000 for a creation (EIP-2), 4 per zero and 16 per non-zero
  // calldata byte (EIP-2028), 2400 per access-list address and 1900 per storage key (EIP-2930),
  // and 2 per 32-byte word of initcode (EIP-3860, Shanghai).
  std::uint64_t gas = 21000;
  if (!tx.to) gas += 32000;
  for (auto b : tx.data) gas += b == 0 ? 4 : 16;
  for (const auto& e : tx.access_list) gas += 2400 + 1900 * static_cast<std::uint64_t>(e.storage_keys.size());
  if (!tx.to && shanghai) gas += 2 * ((static_cast<std::uint64_t>(tx.data.size()) + 31) / 32);
  return gas;
}

Status validate_transaction(const Transaction& tx, const TxRules& rules) {
  if (!tx.nonce.fits_u64()) return bad("nonce does not fit in 64 bits");
  if (tx.nonce == kMaxU64) return bad("nonce must be below 2^64 - 1 (EIP-2681)");
  if (!tx.gas_limit.fits_u64()) return bad("gasLimit does not fit in 64 bits");
  const U256& fee = tx.type == TxType::dynamic_fee ? tx.max_fee_per_gas : tx.gas_price;
  bool overflow = false;
  (void)mul(tx.gas_limit, fee, overflow);
  if (overflow) return bad("gasLimit * fee per gas does not fit in 256 bits");
  if (tx.type == TxType::dynamic_fee && tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
    return bad("maxPriorityFeePerGas is above maxFeePerGas");
  if (!tx.to && rules.shanghai && tx.data.size() > 49152) return bad("initcode is larger than 49152 bytes (EIP-3860)");
  const std::uint64_t g0 = intrinsic_gas(tx, rules.shanghai);
  if (tx.gas_limit.low64() < g0)
    return bad("gasLimit " + std::to_string(tx.gas_limit.low64()) + " is below the intrinsic gas " +
               std::to_string(g0));
  if (rules.chain_id) {
    if (tx.type != TxType::legacy) {
      if (tx.chain_id != *rules.chain_id)
        return bad("chain id " + tx.chain_id.to_dec() + " is not " + rules.chain_id->to_dec());
    } else if (tx.signature) {
      // EIP-155: v is 27/28 (unprotected, valid on every chain) or chain_id * 2 + 35/36.
      const auto& v = tx.signature->v;
      if (v != U256(27) && v != U256(28)) {
        if (v < U256(35)) return bad("legacy v " + v.to_dec() + " is neither 27/28 nor an EIP-155 value");
        if (tx.chain_id != *rules.chain_id)
          return bad("chain id " + tx.chain_id.to_dec() + " (from v) is not " + rules.chain_id->to_dec());
      }
    } else if (!tx.chain_id.is_zero() && tx.chain_id != *rules.chain_id) {
      return bad("chain id " + tx.chain_id.to_dec() + " is not " + rules.chain_id->to_dec());
    }
  }
  return ok_status();
}

}  // namespace ehr::eth
