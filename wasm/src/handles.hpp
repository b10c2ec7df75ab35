// The one handle registry of the WASM boundary: the kinds of object JS holds and the registry
// instance. Every object that JS refers to — keys (secp256k1, X25519, symmetric, chart roots,
// chart keys, record X25519 identities and group keys), Ethereum key-ring entries (HD wallets,
// keystore unlocks, imported keys), stream states (secretstream, record envelope writers and
// readers), search indexes, IPFS builders and readers, parsed ABIs — lives in it and crosses the
// boundary as a handle, never as a pointer.
//
// The registry itself (handle format, generation and kind checks, slot reuse, clear) is
// src/common/handles.hpp, tested natively in tests/native/handles_test.cpp. registry().clear()
// (the ehr_dispose_all export) destroys every live object of every kind, each destructor wiping
// its secrets.
#pragma once

#include <cstdint>

#include "common/handles.hpp"

namespace ehr::wasm {

/// The kinds of handle JS holds. The numbers cross the boundary (ehr_handle_kind,
/// ehr_handles_live): append new kinds, never renumber; at most 31.
enum class Kind : std::uint32_t {
  k1_key = 1,         ///< crypto: secp256k1 private key (PrivateKey)
  x25519_key = 2,     ///< crypto: X25519 key pair
  sym_key = 3,        ///< crypto: 32-byte symmetric key
  ss_push = 4,        ///< crypto: secretstream encryptor state
  ss_pull = 5,        ///< crypto: secretstream decryptor state
  chart_root = 6,     ///< records: chart root
  chart_key = 7,      ///< records: chart key K(scope, epoch)
  rec_x25519 = 8,     ///< records: X25519 secret (identity, institution group key, MetaMask key)
  env_writer = 9,     ///< records: envelope encryptor
  env_reader = 10,    ///< records: envelope decryptor
  search_index = 11,  ///< records: search index (holds its index key)
  eth_key = 12,       ///< eth: key-ring entry (private key or BIP-32 extended key)
  ipfs_file = 13,     ///< ipfs: UnixFS file builder
  ipfs_dir = 14,      ///< ipfs: UnixFS directory builder
  ipfs_reader = 15,   ///< ipfs: DAG reader
  car_reader = 16,    ///< ipfs: CAR reader
  keccak256 = 17,     ///< crypto: incremental Keccak-256 state
  sha256 = 18,        ///< crypto: incremental SHA-256 state
  sha512 = 19,        ///< crypto: incremental SHA-512 state
  blake2b = 20,       ///< crypto: incremental BLAKE2b state (keyed: holds its key)
  abi = 21,           ///< eth: parsed ABI
};
static_assert(static_cast<std::uint32_t>(Kind::abi) <= HandleBits::kKindMask, "kinds fit in 5 bits");

/// The boundary's registry.
HandleRegistry& registry() noexcept;

// adopt_to(kind, obj, out_h), which stores an object and writes its handle for an export, is in
// boundary.hpp with the result convention.

}  // namespace ehr::wasm
