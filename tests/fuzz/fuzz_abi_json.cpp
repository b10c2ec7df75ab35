// Fuzz target: contract ABI JSON (Interface::parse). Whatever parses can be described, and every
// fragment is found again by its own signature and selector.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eth/abi.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ehr::eth::abi;
  auto iface = Interface::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!iface.ok()) return 0;
  (void)iface.value().describe();
  for (const auto& f : iface.value().fragments()) {
    if (f.kind != FragmentKind::function && f.kind != FragmentKind::event && f.kind != FragmentKind::error) continue;
    auto by_sig = iface.value().find(f.kind, f.signature);
    if (!by_sig.ok() || by_sig.value()->signature != f.signature) std::abort();
    // Every type that parsed re-parses from its canonical form to the same canonical form.
    for (const auto& p : f.inputs) {
      auto again = parse_type(p.type.canonical());
      if (!again.ok() || again.value().canonical() != p.type.canonical()) std::abort();
    }
  }
  return 0;
}
