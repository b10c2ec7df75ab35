// Shared machinery of the WASM boundary: the result convention every C export follows, error
// reporting, and the helpers to write outputs.
//
// RESULT CONVENTION (one for every C export `ehr_*`):
//  - A fallible export returns `int`: 0 on success, or an ehr::Errc (a positive number) on
//    failure. The failure's detail text (never secret material) is then readable with
//    ehr_last_error() until the next failure; ehr_error_name(code) gives the stable 'ERR_...'
//    name and ehr_error_kind(code) its class (the JS call helper, wasm/js/core.js `check`, turns
//    the three into a typed EhrError / RangeError).
//  - Every output goes through a pointer the caller passes: fixed-size outputs to caller memory
//    (e.g. `out32`), a new object's handle as a little-endian u32 at `out_h`, variable-size
//    outputs as (pointer, length) u32 pair at `out8` pointing into a buffer the module owns
//    (valid until the next call of that area, documented at each export).
//  - An export that cannot fail returns void, or for pure queries the value itself (a predicate's
//    1/0, a count, the address of a module-owned buffer), and says "Never fails" where it is
//    declared.
//  - Objects JS holds are named by handles of the one registry (handles.hpp); an unknown,
//    stale or forged handle is ERR_BAD_HANDLE.
//  Each export is documented where it is declared, in one comment block: sizes of its pointer
//  arguments, its failures and who owns what it returns.
//
// Embind functions (strings and JSON in and out) are not C exports; eth_internal.hpp documents how
// they report failures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

#include "common/result.hpp"
#include "handles.hpp"

namespace ehr::wasm {

/// Records `e.message` for ehr_last_error() and returns the code as an int for JS.
int fail(const Error& e);
/// fail() with ERR_BAD_HANDLE (a handle that is not live, or not of the kind the export takes).
int bad_handle();

/// A fixed-size view of N bytes at `p` in module memory.
template <std::size_t N>
std::span<const std::uint8_t, N> in(const std::uint8_t* p) {
  return std::span<const std::uint8_t, N>(p, N);
}

/// The object of kind `k` behind handle `h`, or nullptr when `h` is not live or of another kind.
template <class T>
T* get(std::uint32_t h, Kind k) {
  return registry().get<T>(h, k);
}

/// Writes `v` little-endian at `out` (module memory, any alignment).
inline void put_u32(std::uint8_t* out, std::uint32_t v) { std::memcpy(out, &v, 4); }

/// Stores `obj` in the registry under `kind` and writes its handle at out_h: 0 or an Errc.
template <class T>
int adopt_to(Kind kind, std::unique_ptr<T> obj, std::uint8_t* out_h) {
  auto h = registry().adopt(kind, std::move(obj));
  if (!h) return fail(h.error());
  put_u32(out_h, h.value());
  return 0;
}

/// Wipes the boundary's shared buffers (the I/O arena and each area's output buffers); part of
/// ehr_dispose_all(). Each area defines its part.
void wipe_shared_buffers();
void wipe_records_buffers();
void wipe_eth_buffers();
void wipe_ipfs_buffers();

}  // namespace ehr::wasm
