// Fuzz target: strict RLP decoding. Property: whatever decodes re-encodes to exactly the input
// (the decoder accepts canonical encodings only), and the JSON form round-trips.
#include <cstdint>
#include <cstdlib>

#include "eth/rlp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ehr::ByteView in(data, size);
  auto tree = ehr::eth::rlp::decode_tree(in);
  if (!tree.ok()) return 0;
  const ehr::Bytes again = ehr::eth::rlp::encode(tree.value());
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  auto back = ehr::eth::rlp::from_json(ehr::eth::rlp::to_json(tree.value()));
  if (!back.ok() || ehr::eth::rlp::encode(back.value()) != again) std::abort();
  auto top = ehr::eth::rlp::decode_exact(in);
  if (!top.ok()) std::abort();
  if (top.value().is_list && !ehr::eth::rlp::list_items(top.value().payload).ok()) std::abort();
  return 0;
}
