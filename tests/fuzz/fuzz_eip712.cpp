// Fuzz target: EIP-712 typed-data JSON. Property: hashing is deterministic and never crashes;
// when the document hashes, its domain separator does too.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json.hpp"
#include "eth/eip712.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = ehr::parse_json(std::string_view(reinterpret_cast<const char*>(data), size), 1u << 16);
  if (!j.ok()) return 0;
  auto h1 = ehr::eth::eip712::hash_typed_data(j.value());
  auto h2 = ehr::eth::eip712::hash_typed_data(j.value());
  if (h1.ok() != h2.ok() || (h1.ok() && h1.value() != h2.value())) std::abort();
  if (h1.ok() && !ehr::eth::eip712::domain_separator(j.value()).ok()) std::abort();
  return 0;
}
