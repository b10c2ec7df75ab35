// The WASM boundary. Thin on purpose: each export converts arguments, calls one core function,
// and converts back; no logic lives here that a native test could not reach.
//
// Two kinds of exports:
//  - byte-level primitives are plain C exports (`ehr_*`) over pointers into the module's memory.
//    The JS API copies inputs into a fixed I/O arena (or a malloc'd block when larger), calls, copies
//    outputs out, and wipes every copy of a secret. These are the hot paths: no per-call
//    allocation, no Embind invoker (which, without eval, is a generic and slower one).
//  - functions on strings and structured values are Embind bindings.
//
// Every fallible export returns an int: 0 on success or an ehr::Errc. The message of the last
// failure is kept for ehr_last_error() (never secret material).
//
// One file per area: boundary.cpp (module, errors), crypto_exports.cpp, eth_exports.cpp, ...
#include "boundary.hpp"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <string>

#include "crypto/init.hpp"
#include "crypto/secret.hpp"

namespace ehr::wasm {
namespace {
constexpr std::size_t kIoSize = 64 * 1024;
alignas(16) std::uint8_t g_io[kIoSize];
std::string g_last_error;
}  // namespace

int fail(const Error& e) {
  g_last_error = e.message;
  return static_cast<int>(e.code);
}

}  // namespace ehr::wasm

using namespace ehr;

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint8_t* ehr_io() { return wasm::g_io; }
EMSCRIPTEN_KEEPALIVE std::size_t ehr_io_size() { return wasm::kIoSize; }
EMSCRIPTEN_KEEPALIVE int ehr_init() {
  auto s = crypto::init();
  return s.ok() ? 0 : wasm::fail(s.error());
}
EMSCRIPTEN_KEEPALIVE const char* ehr_error_name(int code) {
  return errc_name(static_cast<Errc>(code)).data();
}
EMSCRIPTEN_KEEPALIVE int ehr_error_kind(int code) { return errc_kind(static_cast<Errc>(code)); }
EMSCRIPTEN_KEEPALIVE const char* ehr_last_error() { return wasm::g_last_error.c_str(); }
/// Wipes `n` bytes at `p` (used by the JS API on heap copies of secrets).
EMSCRIPTEN_KEEPALIVE void ehr_wipe(std::uint8_t* p, std::size_t n) { crypto::wipe(p, n); }

}  // extern "C"

namespace {
std::string version() { return "ehr-core 0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(ehr_boundary) { emscripten::function("version", &version); }
