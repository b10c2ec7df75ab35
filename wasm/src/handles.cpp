// The boundary's handle registry (see handles.hpp) and the exports on handles of any kind.
#include "handles.hpp"

#include <emscripten/emscripten.h>

#include "boundary.hpp"

namespace ehr::wasm {

HandleRegistry& registry() noexcept {
  static HandleRegistry r;
  return r;
}

}  // namespace ehr::wasm

using namespace ehr;

extern "C" {

/** ehr_handle_free: destroys the object behind a handle of any kind (its destructor wipes it).
 *  Returns: 0, or ERR_BAD_HANDLE if `h` is not live (stale, forged or already freed).
 *  Ownership: the handle is dead afterwards; JS must not use it again. */
EMSCRIPTEN_KEEPALIVE int ehr_handle_free(std::uint32_t h) { return wasm::registry().erase(h) ? 0 : wasm::bad_handle(); }

/** ehr_handle_kind: the Kind of a live handle, 0 if it is not live. Never fails. */
EMSCRIPTEN_KEEPALIVE std::uint32_t ehr_handle_kind(std::uint32_t h) { return wasm::registry().kind_of(h); }

/** ehr_handles_live: number of live handles of `kind` (every kind when 0). Never fails. */
EMSCRIPTEN_KEEPALIVE std::uint32_t ehr_handles_live(std::uint32_t kind) {
  return static_cast<std::uint32_t>(wasm::registry().size(kind));
}

/** ehr_dispose_all: the lock. Destroys every live object of every kind (keys, wallets, stream
 *  states, indexes, builders: each zeroizes its secrets, then is freed), then wipes the
 *  boundary's shared buffers (the I/O arena, each area's output buffers). Every handle given out
 *  before is stale afterwards (ERR_BAD_HANDLE). Never fails. */
EMSCRIPTEN_KEEPALIVE void ehr_dispose_all() {
  wasm::registry().clear();
  wasm::wipe_shared_buffers();
}

}  // extern "C"
