// Fuzz target: hex and EIP-55 address parsing. Properties: whatever parses re-encodes to a form
// that parses to the same bytes (decode -> encode -> decode); an accepted address is "0x" + 40
// digits, and a strictly accepted one is its own EIP-55 form.
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
      // Strict grammar: exactly "0x" + 40 hex digits; with the checksum required, the text is
      // the EIP-55 form itself.
      if (text.size() != 42 || text[0] != '0' || text[1] != 'x') std::abort();
      const std::string canonical = ehr::eth::to_checksum_address(addr.value());
      if (strict && canonical != text) std::abort();
      auto again = ehr::eth::parse_address(canonical, true);
      if (!again.ok() || again.value() != addr.value()) std::abort();
    }
  }
  return 0;
}
