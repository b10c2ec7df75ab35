// WASM exports of src/eth. Rules: boundary.cpp.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "boundary.hpp"
#include "eth/address.hpp"

using namespace ehr;
using wasm::fail;

extern "C" {

// ---- Ethereum addresses -----------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_address_from_pubkey(const std::uint8_t* pub, std::size_t len, std::uint8_t* out20) {
  auto r = eth::address_from_public_key(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

}  // extern "C"

// ---- Embind: strings ----------------------------------------------------------------------------
namespace {

// addr20: pointer to 20 bytes in module memory. Returns "0x" + EIP-55 mixed case.
std::string checksum_address(std::uintptr_t addr20) {
  Address20 a{};
  std::memcpy(a.data(), reinterpret_cast<const void*>(addr20), 20);  // NOLINT
  return eth::to_checksum_address(a);
}

// Parses `text`; on success writes 20 bytes at out20 and returns 0, else an Errc.
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
