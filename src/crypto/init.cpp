#include "crypto/init.hpp"

#include <sodium.h>

#include "crypto/secp256k1_context.hpp"

#if defined(__wasm__)
#include <sodium/randombytes_internal_random.h>
#endif

namespace ehr::crypto {

Status init() noexcept {
  static const bool ready = [] {
#if defined(__wasm__)
    // libsodium's ChaCha20 CSPRNG, seeded once through getentropy() (crypto.getRandomValues in a
    // browser, a Worker and Node): see cmake/Dependencies.cmake.
    randombytes_set_implementation(&randombytes_internal_implementation);
#endif
    // The secp256k1 context is made on first use (detail::secp256k1_ctx()), not here: it fills
    // libsecp256k1's tables first (cmake/secp256k1/secp256k1_tables.h), several milliseconds in a
    // freshly loaded WebAssembly module, which start-up need not pay.
    return sodium_init() >= 0;
  }();
  if (!ready) return Error{Errc::internal, "crypto initialisation failed"};
  return ok_status();
}

}  // namespace ehr::crypto
