// Fuzz target: ABI type strings and strict decoding. Input: one byte n, then n bytes of a type
// list ("uint8,(bytes,string[])[2]"), then the data. Property: whatever decodes encodes back, and
// that encoding decodes to the same values (decode -> encode -> decode).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "eth/abi.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t n = std::min<std::size_t>(data[0], size - 1);
  const std::string list(reinterpret_cast<const char*>(data + 1), n);
  const ehr::ByteView body(data + 1 + n, size - 1 - n);
  auto tuple = ehr::eth::abi::parse_type("(" + list + ")");
  if (!tuple.ok()) return 0;
  const auto& types = tuple.value().components;
  auto values = ehr::eth::abi::decode(types, body);
  if (!values.ok()) return 0;
  auto enc = ehr::eth::abi::encode(types, values.value());
  if (!enc.ok()) std::abort();
  auto again = ehr::eth::abi::decode(types, enc.value());
  if (!again.ok() || again.value() != values.value()) std::abort();
  if (enc.value().size() > body.size()) std::abort();  // canonical is never longer than what decoded
  return 0;
}
