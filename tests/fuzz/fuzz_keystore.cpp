// Fuzz target: keystore V3 JSON. Parsing never crashes; a keystore with cheap KDF parameters is
// also decrypted (MAC check, AES-CTR) with a fixed password, and describe() works on anything
// that parses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eth/keystore.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ks = ehr::eth::keystore;
  auto k = ks::parse_text(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!k.ok()) return 0;
  (void)ks::describe(k.value());
  const bool cheap = k.value().kdf == ks::Kdf::scrypt
                         ? (k.value().scrypt.n <= 64 && k.value().scrypt.r <= 8 && k.value().scrypt.p <= 2)
                         : k.value().iterations <= 64;
  if (!cheap) return 0;
  static const std::uint8_t kPassword[] = {'f', 'u', 'z', 'z'};
  auto dk = ks::derive_key(k.value(), ehr::ByteView(kPassword, sizeof kPassword));
  if (!dk.ok()) return 0;
  auto key = ks::decrypt_with_key(k.value(), dk.value().view());
  if (!key.ok() && key.error().code == ehr::Errc::internal) std::abort();
  return 0;
}
