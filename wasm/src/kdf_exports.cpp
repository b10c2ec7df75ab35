// WASM exports of the password KDFs (src/crypto/pbkdf2, src/crypto/scrypt, src/crypto/argon2).
// Rules: boundary.hpp. Passwords, salts and outputs are bytes in module memory; the JS API wipes
// every copy. Each derived key is secret: the caller wipes `out` after copying it.
#include <emscripten/emscripten.h>

#include <cstring>

#include "boundary.hpp"
#include "crypto/argon2.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/scrypt.hpp"

using namespace ehr;
using wasm::fail;

extern "C" {

/** ehr_pbkdf2_sha256: PBKDF2-HMAC-SHA-256 (RFC 8018).
 *  Returns: 0, or ERR_BAD_KDF_PARAMS (iterations 0, outlen 0 or too large).
 *  In:      pw:   pw_len bytes. salt: salt_len bytes.
 *  Args:    iterations: the round count (>= 1).
 *  Out:     out:  out_len bytes, the derived key (secret).
 *  Owns:    the caller wipes pw and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_pbkdf2_sha256(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                           std::size_t salt_len, std::uint32_t iterations, std::uint8_t* out,
                                           std::size_t out_len) {
  auto s = crypto::pbkdf2_hmac_sha256(ByteView(pw, pw_len), ByteView(salt, salt_len), iterations,
                                      std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

/** ehr_pbkdf2_sha512: PBKDF2-HMAC-SHA-512; arguments, failures and ownership as ehr_pbkdf2_sha256. */
EMSCRIPTEN_KEEPALIVE int ehr_pbkdf2_sha512(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                           std::size_t salt_len, std::uint32_t iterations, std::uint8_t* out,
                                           std::size_t out_len) {
  auto s = crypto::pbkdf2_hmac_sha512(ByteView(pw, pw_len), ByteView(salt, salt_len), iterations,
                                      std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

/** ehr_scrypt: scrypt (RFC 7914).
 *  Returns: 0, or ERR_BAD_KDF_PARAMS (N not a power of two above 1, r or p 0, r*p or memory too
 *           large), ERR_OUT_OF_MEMORY.
 *  In:      pw:   pw_len bytes. salt: salt_len bytes.
 *  Args:    n, r, p: the cost parameters (N is below 2^32, so it crosses as a 32-bit number).
 *  Out:     out:  out_len bytes, the derived key (secret).
 *  Owns:    the caller wipes pw and out; the module frees (and wipes) its work memory.
 */
EMSCRIPTEN_KEEPALIVE int ehr_scrypt(const std::uint8_t* pw, std::size_t pw_len, const std::uint8_t* salt,
                                    std::size_t salt_len, std::uint32_t n, std::uint32_t r, std::uint32_t p,
                                    std::uint8_t* out, std::size_t out_len) {
  auto s = crypto::scrypt(ByteView(pw, pw_len), ByteView(salt, salt_len), crypto::ScryptParams{n, r, p},
                          std::span<std::uint8_t>(out, out_len));
  return s ? 0 : fail(s.error());
}

/** ehr_argon2id: Argon2id (RFC 9106, version 0x13, one lane).
 *  Returns: 0, or ERR_BAD_LENGTH (salt not 16 bytes, outlen not 16..1024), ERR_BAD_KDF_PARAMS (ops
 *           0, mem not 8 KiB..1 GiB), ERR_OUT_OF_MEMORY.
 *  In:      pw:   pwlen bytes. salt: saltlen bytes (16).
 *  Args:    ops:  passes (>= 1); mem: memory in bytes (8 KiB..1 GiB).
 *  Out:     out:  outlen bytes (16..1024), the derived key (secret).
 *  Owns:    the caller wipes pw and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_argon2id(const std::uint8_t* pw, std::size_t pwlen, const std::uint8_t* salt,
                                      std::size_t saltlen, std::uint8_t* out, std::size_t outlen, std::uint32_t ops,
                                      std::size_t mem) {
  auto r = crypto::argon2id::derive(ByteView(pw, pwlen), ByteView(salt, saltlen), outlen, ops, mem);
  if (!r) return fail(r.error());
  std::memcpy(out, r.value().view().data(), outlen);
  return 0;
}

}  // extern "C"
