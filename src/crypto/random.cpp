#include "crypto/random.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

namespace ehr::crypto {

void random_bytes(std::span<std::uint8_t> out) noexcept {
  // init() is idempotent; in WebAssembly it selects libsodium's generator before its first use.
  (void)init();
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

}  // namespace ehr::crypto
