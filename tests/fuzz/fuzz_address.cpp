// Fuzz target: hex and EIP-55 address parsing. Property: whatever parses re-encodes to a form
// that parses to the same bytes (decode -> encode -> decode).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/hex.hpp"
#include "eth/address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = ehr::from_hex(text);
  if (bytes.ok()) {
    auto again = ehr::from_hex(ehr::to_hex(bytes.value()));
    if (!again.ok() || again.value() != bytes.value()) std::abort();
  }
  for (bool strict : {false, true}) {
    auto addr = ehr::eth::parse_address(text, strict);
    if (addr.ok()) {
      const std::string canonical = ehr::eth::to_checksum_address(addr.value());
      auto again = ehr::eth::parse_address(canonical, true);
      if (!again.ok() || again.value() != addr.value()) std::abort();
    }
  }
  return 0;
}
