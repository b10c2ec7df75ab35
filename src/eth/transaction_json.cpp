// Transactions as JSON (docs/eth.md, "JSON"): the strict reader (unknown fields refused, every
// integer range-checked), the writer, and the decode-and-check helper the page uses.
#include "eth/transaction.hpp"

#include <string>

#include "eth/address.hpp"

namespace ehr::eth {
namespace {

using json_util::Json;

Error bad(std::string msg) { return Error{Errc::bad_transaction, "transaction: " + std::move(msg)}; }

Json hex_or_null(const std::optional<Address20>& a) {
  if (!a) return nullptr;
  return to_checksum_address(*a);
}

}  // namespace

Result<Transaction> transaction_from_json(const Json& j) {
  if (!j.is_object()) return bad("must be a JSON object");
  static const char* const kKeys[] = {"type",         "chainId",  "nonce", "gasPrice", "maxPriorityFeePerGas",
                                      "maxFeePerGas", "gasLimit", "to",    "value",    "data",
                                      "accessList",   "signature"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* k : kKeys) known |= it.key() == k;
    if (!known) return bad("unknown field '" + it.key() + "'");
  }
  using json_util::member;
  Transaction tx;
  const Json* type = member(j, "type");
  const bool has1559 = member(j, "maxFeePerGas") || member(j, "maxPriorityFeePerGas");
  if (type && !type->is_null()) {
    auto t = json_util::get_uint(*type, "type", Errc::bad_transaction);
    if (!t) return t.error();
    if (t.value() > U256(2))
      return Error{Errc::unsupported, "transaction: type " + t.value().to_dec() + " is not supported"};
    tx.type = static_cast<TxType>(t.value().low64());
  } else if (has1559 || !member(j, "gasPrice")) {
    tx.type = TxType::dynamic_fee;
  } else {
    tx.type = member(j, "accessList") ? TxType::access_list : TxType::legacy;
  }
  auto get = [&](const char* key, U256& dst) -> Status {
    const Json* v = member(j, key);
    if (!v || v->is_null()) return ok_status();
    auto r = json_util::get_uint(*v, key, Errc::bad_transaction);
    if (!r) return r.error();
    dst = r.value();
    return ok_status();
  };
  const std::pair<const char*, U256*> fields[] = {{"chainId", &tx.chain_id},
                                                  {"nonce", &tx.nonce},
                                                  {"gasPrice", &tx.gas_price},
                                                  {"maxPriorityFeePerGas", &tx.max_priority_fee_per_gas},
                                                  {"maxFeePerGas", &tx.max_fee_per_gas},
                                                  {"gasLimit", &tx.gas_limit},
                                                  {"value", &tx.value}};
  for (const auto& [key, dst] : fields) {
    auto s = get(key, *dst);
    if (!s) return s.error();
  }
  if (tx.type == TxType::dynamic_fee && member(j, "gasPrice") && !member(j, "gasPrice")->is_null())
    return bad("an EIP-1559 transaction has maxFeePerGas/maxPriorityFeePerGas, not gasPrice");
  if (tx.type != TxType::dynamic_fee && has1559)
    return bad("maxFeePerGas/maxPriorityFeePerGas belong to EIP-1559 (type 2) transactions");
  if (const Json* to = member(j, "to"); to && !to->is_null()) {
    auto a = json_util::get_address(*to, "to", Errc::bad_transaction);
    if (!a) return a.error();
    tx.to = a.value();
  }
  if (const Json* data = member(j, "data"); data && !data->is_null()) {
    auto d = json_util::get_bytes(*data, "data", Errc::bad_transaction);
    if (!d) return d.error();
    tx.data = std::move(d).value();
  }
  if (const Json* al = member(j, "accessList"); al && !al->is_null()) {
    if (tx.type == TxType::legacy) return bad("a legacy transaction has no access list");
    if (!al->is_array()) return bad("accessList must be an array");
    for (const auto& e : *al) {
      const Json* addr = member(e, "address");
      const Json* keys = member(e, "storageKeys");
      if (!addr || !keys || !keys->is_array() || e.size() != 2)
        return bad("accessList entries are {address, storageKeys: [...]}");
      AccessListEntry entry;
      auto a = json_util::get_address(*addr, "accessList address", Errc::bad_transaction);
      if (!a) return a.error();
      entry.address = a.value();
      for (const auto& k : *keys) {
        auto kb = json_util::get_bytes(k, "storage key", Errc::bad_transaction);
        if (!kb) return kb.error();
        if (kb.value().size() != 32) return bad("storage keys must be 32 bytes");
        entry.storage_keys.push_back(to_fixed<32>(kb.value()));
      }
      tx.access_list.push_back(std::move(entry));
    }
  }
  if (const Json* sig = member(j, "signature"); sig && !sig->is_null()) {
    TxSignature s;
    const Json* r = member(*sig, "r");
    const Json* ss = member(*sig, "s");
    const Json* yp = member(*sig, "yParity");
    const Json* v = member(*sig, "v");
    if (!r || !ss || (!yp && !v)) return bad("signature needs r, s and yParity or v");
    auto rr = json_util::get_uint(*r, "signature.r", Errc::bad_transaction);
    auto sr = json_util::get_uint(*ss, "signature.s", Errc::bad_transaction);
    if (!rr) return rr.error();
    if (!sr) return sr.error();
    s.r = rr.value();
    s.s = sr.value();
    if (tx.type == TxType::legacy && v) {
      auto vr = json_util::get_uint(*v, "signature.v", Errc::bad_transaction);
      if (!vr) return vr.error();
      s.v = vr.value();
    } else {
      auto pr = json_util::get_uint(yp ? *yp : *v, "signature.yParity", Errc::bad_transaction);
      if (!pr) return pr.error();
      U256 parity = pr.value();
      if (!yp && parity >= U256(27)) {
        // v given for a typed transaction or a legacy one: normalise 27/28 and EIP-155 forms.
        bool borrow = false;
        parity = parity == U256(27) || parity == U256(28) ? sub(parity, U256(27), borrow)
                                                          : U256(sub(parity, U256(35), borrow).low64() & 1U);
      }
      if (parity > U256(1)) return bad("signature yParity must be 0 or 1");
      if (tx.type == TxType::legacy) {
        bool of = false, carry = false;
        s.v = tx.chain_id.is_zero() ? U256(27 + parity.low64())
                                    : add(mul(tx.chain_id, U256(2), of), U256(35 + parity.low64()), carry);
        if (of || carry) return bad("chainId too large for EIP-155");
      } else {
        s.v = parity;
      }
    }
    tx.signature = s;
  }
  return tx;
}

Json transaction_to_json(const Transaction& tx) {
  Json j = Json::object();
  j["type"] = static_cast<int>(tx.type);
  j["chainId"] = tx.chain_id.to_dec();
  j["nonce"] = tx.nonce.to_dec();
  if (tx.type == TxType::dynamic_fee) {
    j["maxPriorityFeePerGas"] = tx.max_priority_fee_per_gas.to_dec();
    j["maxFeePerGas"] = tx.max_fee_per_gas.to_dec();
  } else {
    j["gasPrice"] = tx.gas_price.to_dec();
  }
  j["gasLimit"] = tx.gas_limit.to_dec();
  j["to"] = hex_or_null(tx.to);
  j["value"] = tx.value.to_dec();
  j["data"] = json_util::hex0x(tx.data);
  if (tx.type != TxType::legacy) {
    Json al = Json::array();
    for (const auto& e : tx.access_list) {
      Json keys = Json::array();
      for (const auto& k : e.storage_keys) keys.push_back(json_util::hex0x(k));
      al.push_back(Json{{"address", to_checksum_address(e.address)}, {"storageKeys", std::move(keys)}});
    }
    j["accessList"] = std::move(al);
  }
  if (tx.signature) {
    const auto& s = *tx.signature;
    Json sig = Json::object();
    sig["r"] = json_util::hex0x(s.r.to_be32());
    sig["s"] = json_util::hex0x(s.s.to_be32());
    auto recid = recovery_id(tx);
    if (recid) sig["yParity"] = recid.value();
    sig["v"] = s.v.to_dec();
    j["signature"] = std::move(sig);
  }
  return j;
}

Result<Json> parse_transaction(ByteView raw, const TxRules* rules) {
  auto tx = decode_transaction(raw);
  if (!tx) return tx.error();
  if (rules != nullptr) {
    auto v = validate_transaction(tx.value(), *rules);
    if (!v) return v.error();
  }
  auto from = recover_sender(tx.value());
  if (!from) return from.error();
  Json j = transaction_to_json(tx.value());
  j["hash"] = json_util::hex0x(transaction_hash(raw));
  j["from"] = to_checksum_address(from.value());
  return j;
}

Result<TxRules> tx_rules_from_json(const Json& j) {
  TxRules rules;
  if (j.is_null()) return rules;
  if (!j.is_object()) return Error{Errc::bad_argument, "transaction rules must be an object"};
  if (const Json* c = json_util::member(j, "chainId"); c != nullptr && !c->is_null()) {
    auto v = json_util::get_uint(*c, "chainId", Errc::bad_argument);
    if (!v) return v.error();
    rules.chain_id = v.value();
  }
  if (const Json* s = json_util::member(j, "shanghai"); s != nullptr && s->is_boolean())
    rules.shanghai = s->get<bool>();
  return rules;
}

}  // namespace ehr::eth
