// WASM exports of src/eth, message signing: EIP-191 personal messages, EIP-712 typed data, and
// recovery of a digest's signer. A key is either 32 raw bytes (copied for the call and wiped when
// it returns; the JS API wipes its own copy) or the key of an eth_key handle (eth_keys_exports.cpp).
// Rules: boundary.hpp; Embind results: eth_internal.hpp.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "eth/eip191.hpp"
#include "eth/eip712.hpp"
#include "eth_internal.hpp"

using namespace ehr;
using namespace ehr::wasm::eth_boundary;
using wasm::fail;
using wasm::in;

extern "C" {

/** ehr_eip191_hash: the EIP-191 personal-message digest,
 *  keccak256("\x19Ethereum Signed Message:\n" || decimal len || msg).
 *  Returns: nothing; never fails.
 *  In:      msg:   len bytes.
 *  Out:     out32: 32 bytes.
 */
EMSCRIPTEN_KEEPALIVE void ehr_eip191_hash(const std::uint8_t* msg, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = eth::personal_message_hash(ByteView(msg, len));
  std::memcpy(out32, h.data(), 32);
}
/** ehr_eip191_sign: signs a personal message (personal_sign).
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY (key32), ERR_BAD_HANDLE (handle).
 *  In:      msg:    len bytes.
 *           key32:  32 bytes of private key, or NULL to sign with `handle`.
 *  Args:    handle: an eth_key handle, used when key32 is NULL.
 *  Out:     out65:  65 bytes, r || s || v (v = 27 or 28).
 *  Owns:    the caller wipes key32.
 */
EMSCRIPTEN_KEEPALIVE int ehr_eip191_sign(const std::uint8_t* msg, std::size_t len, const std::uint8_t* key32,
                                         std::uint32_t handle, std::uint8_t* out65) {
  Result<RecoverableSig65> r = Error{Errc::internal, ""};
  if (key32 != nullptr) {
    const crypto::SecretKey32 key(in<32>(key32));
    r = eth::sign_personal_message(ByteView(msg, len), key);
  } else {
    r = with_handle(handle,
                    [&](const crypto::SecretKey32& k) { return eth::sign_personal_message(ByteView(msg, len), k); });
  }
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/** ehr_eip191_recover: the address that signed a personal message.
 *  Returns: 0, or ERR_INVALID_SIGNATURE (v not 27/28/0/1, s above n/2 (EIP-2), r or s
 *           out of range),
 *           ERR_RECOVERY_FAILED.
 *  In:      msg:   len bytes. sig65: 65 bytes, r || s || v.
 *  Out:     out20: 20 bytes, the address.
 */
EMSCRIPTEN_KEEPALIVE int ehr_eip191_recover(const std::uint8_t* msg, std::size_t len, const std::uint8_t* sig65,
                                            std::uint8_t* out20) {
  auto r = eth::recover_personal_message(ByteView(msg, len), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}
/** ehr_eth_recover_digest: the address that signed a 32-byte digest (EIP-712 hashes).
 *  Returns: 0, or ERR_INVALID_SIGNATURE (v not 27/28/0/1, s above n/2 (EIP-2), r or s
 *           out of range),
 *           ERR_RECOVERY_FAILED.
 *  In:      digest32: 32 bytes. sig65: 65 bytes, r || s || v.
 *  Out:     out20:    20 bytes, the address.
 */
EMSCRIPTEN_KEEPALIVE int ehr_eth_recover_digest(const std::uint8_t* digest32, const std::uint8_t* sig65,
                                                std::uint8_t* out20) {
  auto r = eth::recover_digest_eth(to_fixed<32>(ByteView(digest32, 32)), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

}  // extern "C"

// ---- Embind: EIP-712 (typed data JSON in, "0x" hex out) -------------------------------------------
namespace {

std::string eip712_hash(const std::string& json) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto h = eth::eip712::hash_typed_data(j.value());
  if (!h) return give(h.error());
  return give(js::hex0x(h.value()));
}

// key32: address of a 32-byte private key in module memory (copied; the JS API wipes it).
std::string eip712_sign_key(const std::string& json, std::uintptr_t key32) {
  auto j = parse(json);
  if (!j) return give(j.error());
  const crypto::SecretKey32 key(view(key32, 32));
  auto s = eth::eip712::sign_typed_data(j.value(), key);
  if (!s) return give(s.error());
  return give(js::hex0x(s.value()));
}

std::string eip712_sign_handle(const std::string& json, std::uint32_t handle) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto s =
      with_handle(handle, [&](const crypto::SecretKey32& k) { return eth::eip712::sign_typed_data(j.value(), k); });
  if (!s) return give(s.error());
  return give(js::hex0x(s.value()));
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_eth_sign) {
  using emscripten::function;
  function("eip712Hash", &eip712_hash);
  function("eip712SignKey", &eip712_sign_key);
  function("eip712SignHandle", &eip712_sign_handle);
}
