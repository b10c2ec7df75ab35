// Shared by the records_*_exports.cpp files (not a public interface): record keys in the
// registry, and the output buffers of the records exports.
//
// Record keys (a crypto::Secret<32> each) live in the boundary's registry (handles.hpp) under
// three kinds: Kind::chart_root, Kind::chart_key, Kind::rec_x25519; JS holds handle numbers and
// the secrets never cross the boundary outward. Byte outputs are views: an export writes
// (pointer, length) as two u32 LE at `out8`, and JS copies the bytes out before the next call that
// can change them (each export says which).
#pragma once

#include <cstring>

#include "boundary.hpp"
#include "crypto/secret.hpp"

namespace ehr::wasm::rec_boundary {

// The boundary's helpers, for the records exports (each brings this namespace in with `using
// namespace ehr::wasm::rec_boundary`).
using wasm::bad_handle;
using wasm::fail;
using wasm::get;
using wasm::in;
using wasm::Kind;
using wasm::put_u32;

/// The key of kind `k` behind `h`, or nullptr.
inline const crypto::Secret<32>* key_get(std::uint32_t h, Kind k) { return get<crypto::Secret<32>>(h, k); }
/// Stores a key; its handle, or 0 when the registry is full or out of memory (fail() was called).
std::uint32_t key_put(Kind k, crypto::Secret<32> s);
/// Stores a secret and writes its handle (u32 LE) at out_h; with out_pk32 (32 bytes), also its
/// X25519 public key. 0 or an Errc.
int store(Kind kind, Result<crypto::Secret<32>> r, std::uint8_t* out_h, std::uint8_t* out_pk32);

/// Output of the last call that returns variable-size public bytes (grant payloads, member wraps,
/// MetaMask JSON, query results, sealed indexes): valid until the next such call; wiped by
/// ehr_dispose_all.
Bytes& last_out();
/// Plaintext of the last one-shot decryption (MetaMask format): wiped by the next such call, by
/// ehr_rec_release() and by ehr_dispose_all.
crypto::SecretBytes& last_plain();

/// (pointer, length) of a view, as two u32 LE at out8.
inline void put_view(ByteView v, std::uint8_t* out8) {
  put_u32(out8, static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(v.data())));
  put_u32(out8 + 4, static_cast<std::uint32_t>(v.size()));
}

}  // namespace ehr::wasm::rec_boundary
