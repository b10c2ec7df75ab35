// WASM exports of src/crypto, symmetric encryption: symmetric-key handles, ChaCha20-Poly1305 and
// XChaCha20-Poly1305 (one-shot AEAD) and libsodium's secretstream. Rules: boundary.hpp.
//
// A key argument is either a symmetric-key handle (`key_h` != 0, kind sym_key) or, when key_h is
// 0, 32 bytes at `key_p` copied into a SecretKey32 for the call and wiped when it returns (the JS
// API wipes its own copy). Decryption checks the tag before it writes plaintext; on failure `out`
// holds no plaintext (the core wipes it).
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>
#include <new>

#include "boundary.hpp"
#include "crypto/aead.hpp"
#include "crypto/random.hpp"
#include "crypto/secretstream.hpp"

using namespace ehr;
using crypto::SecretKey32;
using wasm::adopt_to;
using wasm::bad_handle;
using wasm::fail;
using wasm::get;
using wasm::in;
using wasm::Kind;
namespace ss = ehr::crypto::secretstream;

namespace {

// The key of a call: the symmetric key behind `key_h`, or 32 bytes at `key_p` copied into `tmp`.
const SecretKey32* key_of(std::uint32_t key_h, const std::uint8_t* key_p, SecretKey32& tmp) {
  if (key_h != 0) return get<SecretKey32>(key_h, Kind::sym_key);
  tmp = SecretKey32(in<32>(key_p));
  return &tmp;
}

crypto::aead::Cipher cipher_of(int c) {
  return c == 0 ? crypto::aead::Cipher::chacha20poly1305 : crypto::aead::Cipher::xchacha20poly1305;
}

}  // namespace

extern "C" {

// ---- symmetric keys -------------------------------------------------------------------------------
/** ehr_symkey_generate: a 32-byte symmetric key from the CSPRNG.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  Out:     out_h: 4 bytes, the key's handle (u32 LE, kind sym_key).
 *  Owns:    JS owns the handle (ehr_handle_free / ehr_dispose_all wipe the key).
 */
EMSCRIPTEN_KEEPALIVE int ehr_symkey_generate(std::uint8_t* out_h) {
  auto k = std::make_unique<SecretKey32>();
  crypto::random_bytes(k->mut());
  return adopt_to(Kind::sym_key, std::move(k), out_h);
}
/** ehr_symkey_import: copies a 32-byte symmetric key into a handle.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  In:      k32:   32 bytes, the key.
 *  Out:     out_h: 4 bytes, the key's handle (u32 LE, kind sym_key).
 *  Owns:    the caller wipes k32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_symkey_import(const std::uint8_t* k32, std::uint8_t* out_h) {
  return adopt_to(Kind::sym_key, std::make_unique<SecretKey32>(in<32>(k32)), out_h);
}

// ---- one-shot AEAD ----------------------------------------------------------------------------------
/** ehr_aead_encrypt: AEAD encryption, ciphertext || 16-byte tag.
 *  Returns: 0, or ERR_BAD_HANDLE (key_h), ERR_BAD_LENGTH (nonce not 12 / 24 bytes),
 *           ERR_TOO_LARGE (message over the cipher's limit).
 *  Args:    cipher: 0 ChaCha20-Poly1305 (IETF, 12-byte nonce), 1 XChaCha20-Poly1305 (24-byte nonce).
 *           key_h:  a sym_key handle, or 0 to use key_p.
 *  In:      key_p:  32 bytes when key_h is 0 (else unused, may be NULL).
 *           nonce:  noncelen bytes. ad: adlen bytes. msg: len bytes.
 *  Out:     out:    len + 16 bytes (may be msg itself).
 *  Owns:    the caller wipes key_p and msg.
 */
EMSCRIPTEN_KEEPALIVE int ehr_aead_encrypt(int cipher, std::uint32_t key_h, const std::uint8_t* key_p,
                                          const std::uint8_t* nonce, std::size_t noncelen, const std::uint8_t* ad,
                                          std::size_t adlen, const std::uint8_t* msg, std::size_t len,
                                          std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  auto s = crypto::aead::encrypt(cipher_of(cipher), {out, len + crypto::aead::kTagSize}, ByteView(msg, len),
                                 ByteView(ad, adlen), ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_aead_decrypt: AEAD decryption; the tag is checked before any plaintext is written.
 *  Returns: 0, or ERR_AUTH_FAILED (wrong key, nonce, ad or a modified ciphertext), ERR_BAD_LENGTH
 *           (nonce length, len below 16), ERR_BAD_HANDLE (key_h).
 *  Args:    cipher, key_h, key_p, nonce, ad: as ehr_aead_encrypt.
 *  In:      ct:  len bytes (>= 16; the JS API checks), ciphertext || tag.
 *  Out:     out: len - 16 bytes of plaintext (secret; may be ct itself); wiped on failure.
 *  Owns:    the caller wipes key_p and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_aead_decrypt(int cipher, std::uint32_t key_h, const std::uint8_t* key_p,
                                          const std::uint8_t* nonce, std::size_t noncelen, const std::uint8_t* ad,
                                          std::size_t adlen, const std::uint8_t* ct, std::size_t len,
                                          std::uint8_t* out) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  const std::size_t outlen = len >= crypto::aead::kTagSize ? len - crypto::aead::kTagSize : 0;
  auto s = crypto::aead::decrypt(cipher_of(cipher), {out, outlen}, ByteView(ct, len), ByteView(ad, adlen),
                                 ByteView(nonce, noncelen), *key);
  return s.ok() ? 0 : fail(s.error());
}

// ---- secretstream (XChaCha20-Poly1305, chunked) -----------------------------------------------------
/** ehr_ss_push_new: a secretstream encryptor.
 *  Returns: 0, or ERR_BAD_HANDLE (key_h), ERR_OUT_OF_MEMORY.
 *  Args:    key_h:    a sym_key handle, or 0 to use key_p.
 *  In:      key_p:    32 bytes when key_h is 0.
 *  Out:     header24: 24 bytes, the stream header (public; send it before the chunks).
 *           out_h:    4 bytes, the encryptor's handle (u32 LE, kind ss_push).
 *  Owns:    the caller wipes key_p; JS owns the handle (the state wipes itself when freed).
 */
EMSCRIPTEN_KEEPALIVE int ehr_ss_push_new(std::uint32_t key_h, const std::uint8_t* key_p, std::uint8_t* header24,
                                         std::uint8_t* out_h) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  return adopt_to(
      Kind::ss_push,
      std::unique_ptr<ss::Push>(new (std::nothrow) ss::Push(*key, std::span<std::uint8_t, 24>(header24, 24))), out_h);
}
/** ehr_ss_push: encrypts one chunk.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_STREAM_STATE (after the FINAL tag), ERR_TOO_LARGE.
 *  Args:    h:   an ss_push handle.
 *           tag: the chunk's tag byte (0 message, 1 push, 2 rekey, 3 final).
 *  In:      msg: len bytes. ad: adlen bytes.
 *  Out:     out: len + 17 bytes, not overlapping msg.
 *  Owns:    the caller wipes msg.
 */
EMSCRIPTEN_KEEPALIVE int ehr_ss_push(std::uint32_t h, const std::uint8_t* msg, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, int tag, std::uint8_t* out) {
  ss::Push* p = get<ss::Push>(h, Kind::ss_push);
  if (p == nullptr) return bad_handle();
  auto s =
      p->push({out, len + ss::kOverhead}, ByteView(msg, len), ByteView(ad, adlen), static_cast<ss::Tag>(tag & 0xff));
  return s.ok() ? 0 : fail(s.error());
}
/** ehr_ss_pull_new: a secretstream decryptor.
 *  Returns: 0, or ERR_BAD_HANDLE (key_h), ERR_OUT_OF_MEMORY.
 *  Args:    key_h:    a sym_key handle, or 0 to use key_p.
 *  In:      key_p:    32 bytes when key_h is 0. header24: 24 bytes, the stream header.
 *  Out:     out_h:    4 bytes, the decryptor's handle (u32 LE, kind ss_pull).
 *  Owns:    the caller wipes key_p; JS owns the handle (or ehr_ss_pull_finish frees it).
 */
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_new(std::uint32_t key_h, const std::uint8_t* key_p, const std::uint8_t* header24,
                                         std::uint8_t* out_h) {
  SecretKey32 tmp;
  const SecretKey32* key = key_of(key_h, key_p, tmp);
  if (key == nullptr) return bad_handle();
  return adopt_to(Kind::ss_pull, std::unique_ptr<ss::Pull>(new (std::nothrow) ss::Pull(*key, in<24>(header24))), out_h);
}
/** ehr_ss_pull: decrypts one chunk; the tag is checked before plaintext is written.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_AUTH_FAILED (modified, reordered or foreign chunk),
 *           ERR_BAD_LENGTH (len below 17), ERR_STREAM_STATE (after FINAL or a failure).
 *  Args:    h:       an ss_pull handle.
 *  In:      ct:      len bytes (>= 17; the JS API checks). ad: adlen bytes.
 *  Out:     out:     len - 17 bytes of plaintext (secret), not overlapping ct; wiped on failure.
 *           tag_out: 1 byte, the chunk's tag.
 *  Owns:    the caller wipes out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull(std::uint32_t h, const std::uint8_t* ct, std::size_t len, const std::uint8_t* ad,
                                     std::size_t adlen, std::uint8_t* out, std::uint8_t* tag_out) {
  ss::Pull* p = get<ss::Pull>(h, Kind::ss_pull);
  if (p == nullptr) return bad_handle();
  const std::size_t outlen = len >= ss::kOverhead ? len - ss::kOverhead : 0;
  auto r = p->pull({out, outlen}, ByteView(ct, len), ByteView(ad, adlen));
  if (!r) return fail(r.error());
  *tag_out = static_cast<std::uint8_t>(r.value());
  return 0;
}
/** ehr_ss_pull_finish: ends a reading stream.
 *  Returns: 0 if the FINAL chunk was read, else ERR_STREAM_TRUNCATED (or ERR_STREAM_STATE after a
 *           failure); ERR_BAD_HANDLE.
 *  Args:    h: an ss_pull handle.
 *  Owns:    frees the handle in every case but ERR_BAD_HANDLE (the state is wiped).
 */
EMSCRIPTEN_KEEPALIVE int ehr_ss_pull_finish(std::uint32_t h) {
  ss::Pull* p = get<ss::Pull>(h, Kind::ss_pull);
  if (p == nullptr) return bad_handle();
  auto s = p->finish();
  wasm::registry().erase(h);
  return s.ok() ? 0 : fail(s.error());
}

}  // extern "C"
