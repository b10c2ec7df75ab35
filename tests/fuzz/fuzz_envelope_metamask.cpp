// Fuzz target: MetaMask's encryption JSON (x25519-xsalsa20-poly1305) and base64. Properties:
// whatever base64 decodes re-encodes to the same text (one encoding per byte string); decrypt
// never crashes on any text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "records/base64.hpp"
#include "records/metamask.hpp"

using namespace ehr;
using namespace ehr::records;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto b = base64_decode(text);
  if (b && base64_encode(b.value()) != text) std::abort();
  const crypto::Secret<32> key(ByteView(Bytes(32, 0x33)));
  (void)metamask_decrypt(text, key);
  return 0;
}
