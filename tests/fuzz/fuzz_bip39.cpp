// Fuzz target: mnemonic text and derivation paths. A mnemonic that validates maps to entropy
// that maps back to the same text; a path that parses re-parses from its canonical form.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "eth/bip32.hpp"
#include "eth/bip39.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entropy = ehr::eth::bip39::mnemonic_to_entropy(text);
  if (entropy.ok()) {
    auto back = ehr::eth::bip39::entropy_to_mnemonic(entropy.value().view());
    if (!back.ok()) std::abort();
    const std::string_view again(reinterpret_cast<const char*>(back.value().view().data()), back.value().size());
    if (again != text) std::abort();
  }
  auto path = ehr::eth::bip32::parse_path(text);
  if (path.ok()) {
    std::string canonical = "m";
    for (auto i : path.value()) {
      canonical += "/" + std::to_string(i & ~ehr::eth::bip32::kHardened);
      if (i & ehr::eth::bip32::kHardened) canonical += "'";
    }
    auto again = ehr::eth::bip32::parse_path(canonical);
    if (!again.ok() || again.value() != path.value()) std::abort();
  }
  return 0;
}
