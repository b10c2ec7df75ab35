// Fuzz target: raw transaction decoding. Properties: a decoded transaction re-encodes to exactly
// the input, its JSON form rebuilds the same transaction, and validation and sender recovery
// never crash.
#include <cstdint>
#include <cstdlib>

#include "eth/transaction.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ehr::ByteView in(data, size);
  auto tx = ehr::eth::decode_transaction(in);
  if (!tx.ok()) return 0;
  auto again = ehr::eth::encode_signed(tx.value());
  if (!again.ok() || again.value() != ehr::Bytes(in.begin(), in.end())) std::abort();
  auto back = ehr::eth::transaction_from_json(ehr::eth::transaction_to_json(tx.value()));
  if (!back.ok() || !(back.value() == tx.value())) std::abort();
  ehr::eth::TxRules rules;
  rules.chain_id = ehr::eth::U256(1);
  (void)ehr::eth::validate_transaction(tx.value(), rules);
  (void)ehr::eth::recover_sender(tx.value());
  (void)ehr::eth::parse_transaction(in, &rules);
  return 0;
}
