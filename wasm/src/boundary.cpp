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
// Result convention, handles and disposeAll: boundary.hpp, handles.hpp.
//
// Files by area and purpose: boundary.cpp (module, errors), handles.cpp (the registry),
// crypto_{hash,aead,keys}_exports.cpp, kdf_exports.cpp, eth_exports.cpp (shared) with
// eth_{abi,tx,sign,keys}_exports.cpp, ipfs_exports.cpp, records_exports.cpp (shared, keys) with
// records_{envelope,sharing,search,fhir}_exports.cpp, recovery_exports.cpp; small_printf.cpp.
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

int bad_handle() {
  return fail(Error{Errc::bad_handle, "the handle is stale (disposed or locked), forged, or of another kind"});
}

void wipe_shared_buffers() {
  crypto::wipe(g_io, kIoSize);
  wipe_records_buffers();
  wipe_eth_buffers();
  wipe_ipfs_buffers();
}

}  // namespace ehr::wasm

using namespace ehr;

extern "C" {

/** ehr_io, ehr_io_size: the I/O arena (64 KiB, 16-byte aligned) the JS API stages arguments and
 *  small outputs in. Owned by the module; wiped by ehr_dispose_all(). Never fail. */
EMSCRIPTEN_KEEPALIVE std::uint8_t* ehr_io() { return wasm::g_io; }
EMSCRIPTEN_KEEPALIVE std::size_t ehr_io_size() { return wasm::kIoSize; }
/** ehr_init: initializes libsodium and the secp256k1 context. Returns 0 or an Errc. */
EMSCRIPTEN_KEEPALIVE int ehr_init() {
  auto s = crypto::init();
  return s.ok() ? 0 : wasm::fail(s.error());
}
/** ehr_error_name, ehr_error_kind, ehr_last_error: the 'ERR_...' name and class of a code, and the
 *  detail text of the last failure (NUL-terminated, owned by the module). Never fail. */
EMSCRIPTEN_KEEPALIVE const char* ehr_error_name(int code) { return errc_name(static_cast<Errc>(code)).data(); }
EMSCRIPTEN_KEEPALIVE int ehr_error_kind(int code) { return errc_kind(static_cast<Errc>(code)); }
EMSCRIPTEN_KEEPALIVE const char* ehr_last_error() { return wasm::g_last_error.c_str(); }
/// Wipes `n` bytes at `p` (used by the JS API on heap copies of secrets).
EMSCRIPTEN_KEEPALIVE void ehr_wipe(std::uint8_t* p, std::size_t n) { crypto::wipe(p, n); }

}  // extern "C"

namespace {
std::string version() { return "ehr-core 0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(ehr_boundary) { emscripten::function("version", &version); }
