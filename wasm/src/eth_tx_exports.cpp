// WASM exports of src/eth, transactions (legacy/EIP-155, EIP-2930, EIP-1559): serialize, hash,
// sign, parse. The JSON form is eth::transaction_from_json's. Embind functions return hex or JSON
// text, or "" with the code at ehr_eth_last_code() (eth_internal.hpp). Rules: boundary.hpp.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "eth/transaction.hpp"
#include "eth_internal.hpp"

using namespace ehr;
using namespace ehr::wasm::eth_boundary;

namespace {

Result<eth::Transaction> tx_of(const std::string& json) {
  auto j = parse(json);
  if (!j) return j.error();
  return eth::transaction_from_json(j.value());
}

// The signed encoding when the JSON carries a signature, else the unsigned (signing) payload.
std::string tx_serialize(const std::string& json) {
  auto tx = tx_of(json);
  if (!tx) return give(tx.error());
  if (tx.value().signature) return give_hex(eth::encode_signed(tx.value()));
  return give(js::hex0x(eth::encode_unsigned(tx.value())));
}

std::string tx_signing_hash(const std::string& json) {
  auto tx = tx_of(json);
  if (!tx) return give(tx.error());
  return give(js::hex0x(eth::signing_hash(tx.value())));
}

Result<Bytes> sign_tx(const std::string& json, const crypto::SecretKey32& key) {
  auto tx = tx_of(json);
  if (!tx) return tx.error();
  auto s = eth::sign_transaction(std::move(tx).value(), key);
  if (!s) return s.error();
  return eth::encode_signed(s.value());
}

// key32: address of a 32-byte private key in module memory (copied; the JS API wipes it).
std::string tx_sign_key(const std::string& json, std::uintptr_t key32) {
  const crypto::SecretKey32 key(view(key32, 32));
  return give_hex(sign_tx(json, key));
}

// Signs with the key of an eth_key handle (ERR_BAD_HANDLE).
std::string tx_sign_handle(const std::string& json, std::uint32_t handle) {
  return give_hex(with_handle(handle, [&](const crypto::SecretKey32& k) { return sign_tx(json, k); }));
}

// The fields of the raw transaction at (p, n) as JSON. rules: "null" or {"chainId", "shanghai"}.
std::string tx_parse(std::uintptr_t p, std::size_t n, const std::string& rules_json) {
  auto rj = parse(rules_json);
  if (!rj) return give(rj.error());
  if (rj.value().is_null()) return give_json(eth::parse_transaction(view(p, n), nullptr));
  auto rules = eth::tx_rules_from_json(rj.value());
  if (!rules) return give(rules.error());
  return give_json(eth::parse_transaction(view(p, n), &rules.value()));
}

}  // namespace

extern "C" {

/** ehr_tx_hash: the transaction hash, keccak256 of the raw signed encoding (hot path: no parse).
 *  Returns: nothing; never fails.
 *  In:      raw:   len bytes, the signed transaction as sent to eth_sendRawTransaction.
 *  Out:     out32: 32 bytes.
 */
EMSCRIPTEN_KEEPALIVE void ehr_tx_hash(const std::uint8_t* raw, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = eth::transaction_hash(ByteView(raw, len));
  std::memcpy(out32, h.data(), 32);
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(ehr_eth_tx) {
  using emscripten::function;
  function("txSerialize", &tx_serialize);
  function("txSigningHash", &tx_signing_hash);
  function("txSignKey", &tx_sign_key);
  function("txSignHandle", &tx_sign_handle);
  function("txParse", &tx_parse);
}
