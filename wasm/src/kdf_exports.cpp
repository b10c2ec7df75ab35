// WASM exports of the password KDFs (src/crypto/pbkdf2, src/crypto/scrypt). Rules: boundary.cpp.
// Passwords, salts and outputs are bytes in module memory; the JS API wipes every copy.
#include <emscripten/emscripten.h>

#include "boundary.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/scrypt.hpp"

using namespace ehr;
using wasm::fail;

extern "C" {

/** ehr_pbkdf2_sha256 / ehr_pbkdf2_sha512: PBKDF2-HMAC of the password and salt, `iterations`
 *  rounds, outlen bytes (secret) to out. Fails: ERR_BAD_LENGTH, ERR_BAD_ARGUMENT. The caller wipes
 *  the password and out. */
EMSCRIPTEN_KEEPALIVE int ehr_pbkdf2_sha256(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                           std::size_t salt_len, std::uint32_t iterations, std::uint8_t* out,
                                           std::size_t out_len) {
  auto s = crypto::pbkdf2_hmac_sha256(ByteView(pw, pw_len), ByteView(salt, salt_len), iterations,
                                      std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

EMSCRIPTEN_KEEPALIVE int ehr_pbkdf2_sha512(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                           std::size_t salt_len, std::uint32_t iterations, std::uint8_t* out,
                                           std::size_t out_len) {
  auto s = crypto::pbkdf2_hmac_sha512(ByteView(pw, pw_len), ByteView(salt, salt_len), iterations,
                                      std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

/// N is below 2^32 (scrypt_check enforces it), so it crosses as a 32-bit number.
EMSCRIPTEN_KEEPALIVE int ehr_scrypt(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                    std::size_t salt_len, std::uint32_t n, std::uint32_t r, std::uint32_t p,
                                    std::uint8_t* out, std::size_t out_len) {
  auto s = crypto::scrypt(ByteView(pw, pw_len), ByteView(salt, salt_len), crypto::ScryptParams{n, r, p},
                          std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

}  // extern "C"
