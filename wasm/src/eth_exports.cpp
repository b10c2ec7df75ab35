// WASM exports of src/eth, shared part: the result channel of the Embind functions
// (ehr_eth_last_code), the text output of the C exports (ehr_eth_out), and Ethereum addresses.
// The rest is by purpose: eth_abi_exports.cpp (RLP, ABI), eth_tx_exports.cpp (transactions),
// eth_sign_exports.cpp (EIP-191, EIP-712), eth_keys_exports.cpp (key ring, BIP-39, BIP-32,
// keystore). Rules: boundary.hpp; how Embind functions report failures: eth_internal.hpp.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "eth/address.hpp"
#include "eth_internal.hpp"

using namespace ehr;
using namespace ehr::wasm::eth_boundary;
using wasm::fail;

namespace {
int g_code = 0;     // the code of the last failed Embind call (0 after a success)
std::string g_out;  // text output of the C exports that produce text (ehr_eth_out)
}  // namespace

namespace ehr::wasm::eth_boundary {

int& last_code() { return g_code; }

std::string give(Result<std::string> r) {
  if (!r) {
    g_code = fail(r.error());
    return {};
  }
  g_code = 0;
  return std::move(r).value();
}
std::string give_json(Result<js::Json> r) {
  if (!r) return give(r.error());
  return give(js::dump(r.value()));
}
std::string give_hex(Result<Bytes> r) {
  if (!r) return give(r.error());
  return give(js::hex0x(r.value()));
}

int put_text(Result<std::string> r, std::uint8_t* out_len) {
  if (!r) return fail(r.error());
  g_out = std::move(r).value();
  wasm::put_u32(out_len, static_cast<std::uint32_t>(g_out.size()));
  return 0;
}

}  // namespace ehr::wasm::eth_boundary

namespace ehr::wasm {
void wipe_eth_buffers() {
  crypto::wipe(g_out.data(), g_out.size());
  g_out.clear();
  g_out.shrink_to_fit();
}
}  // namespace ehr::wasm

extern "C" {

/** ehr_eth_last_code: the result of the last Embind eth call.
 *  Returns: 0 after a success, else its Errc (detail at ehr_last_error()). Never fails.
 */
EMSCRIPTEN_KEEPALIVE int ehr_eth_last_code() { return g_code; }
/** ehr_eth_out: the text output of the last C export that produced one (ehr_keystore_encrypt).
 *  Returns: its address (UTF-8, length given by that export; not NUL-terminated). Never fails.
 *  Owns:    the module owns it; valid until the next such export or ehr_eth_out_clear.
 */
EMSCRIPTEN_KEEPALIVE const char* ehr_eth_out() { return g_out.data(); }
/** ehr_eth_out_clear: wipes and releases the text output (it may have held a keystore's JSON).
 *  Returns: nothing; never fails.
 */
EMSCRIPTEN_KEEPALIVE void ehr_eth_out_clear() { wasm::wipe_eth_buffers(); }

/** ehr_address_from_pubkey: the Ethereum address of a secp256k1 public key.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 33 or 65), ERR_INVALID_PUBLIC_KEY.
 *  In:      pub:   len bytes (SEC1, 33 or 65).
 *  Out:     out20: 20 bytes, keccak256(x || y)[12..32].
 */
EMSCRIPTEN_KEEPALIVE int ehr_address_from_pubkey(const std::uint8_t* pub, std::size_t len, std::uint8_t* out20) {
  auto r = eth::address_from_public_key(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

}  // extern "C"

// ---- Embind: addresses ------------------------------------------------------------------------------
namespace {

// addr20: address of 20 bytes in module memory. Returns "0x" + EIP-55 mixed case.
std::string checksum_address(std::uintptr_t addr20) {
  Address20 a{};
  std::memcpy(a.data(), reinterpret_cast<const void*>(addr20), 20);  // NOLINT
  return eth::to_checksum_address(a);
}

// Parses `text` (strict: a mixed-case address must match its EIP-55 checksum); on success writes
// 20 bytes at out20 and returns 0, else an Errc (ERR_BAD_ENCODING, ERR_BAD_LENGTH, ERR_BAD_CHECKSUM).
int parse_address(const std::string& text, bool strict, std::uintptr_t out20) {
  auto r = eth::parse_address(text, strict);
  if (!r) return fail(r.error());
  std::memcpy(reinterpret_cast<void*>(out20), r.value().data(), 20);  // NOLINT
  return 0;
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_eth) {
  emscripten::function("checksumAddress", &checksum_address);
  emscripten::function("parseAddress", &parse_address);
}
