// The one handle registry of the WASM boundary. Every object that JS refers to — keys (secp256k1,
// X25519, symmetric, chart roots, chart keys, record X25519 identities and group keys), Ethereum
// key-ring entries (HD wallets, keystore unlocks, imported keys), stream states (secretstream,
// record envelope writers and readers), search indexes, IPFS builders and readers — lives here
// and crosses the boundary as a handle, never as a pointer.
//
// Handle format (a positive int32, so it is the same number in C, JS and a u32 slot):
//   bit 31      0
//   bits 26..30 kind (Kind, 1..31)
//   bits 16..25 generation of the slot (10 bits)
//   bits 0..15  slot index (at most 65,536 live objects)
// A lookup checks kind, index and generation: a disposed (stale) handle, a handle of another kind
// and any forged number all give nullptr, which every export turns into ERR_BAD_HANDLE (never UB).
// A freed slot is reused oldest-first, so a stale handle can alias a new object only after its
// slot has been reused 1,024 times.
//
// Registry::clear() (the ehr_dispose_all export) destroys every live object of every kind. Destroying runs the object's
// destructor, which wipes its secrets (crypto::Secret<N>, the stream and index classes), and then
// frees it. Not thread-safe (one WebAssembly instance is single-threaded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "common/result.hpp"

namespace ehr::wasm {

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

struct HandleBits {
  static constexpr std::uint32_t kIndexBits = 16;
  static constexpr std::uint32_t kGenBits = 10;
  static constexpr std::uint32_t kMaxSlots = 1u << kIndexBits;
  static constexpr std::uint32_t kGenMask = (1u << kGenBits) - 1;
  static constexpr std::uint32_t kKindShift = kIndexBits + kGenBits;
  static constexpr std::uint32_t kKindMask = 0x1f;
};

class Registry {
 public:
  /// Takes `obj` and returns its handle (never 0). out_of_memory if `obj` is null or 65,536
  /// objects are live.
  template <class T>
  [[nodiscard]] Result<std::uint32_t> adopt(Kind kind, std::unique_ptr<T> obj) noexcept {
    if (!obj) return Error{Errc::out_of_memory, "out of memory"};
    auto h = insert(kind, obj.get(), [](void* p) noexcept { delete static_cast<T*>(p); });
    if (h) (void)obj.release();
    return h;
  }
  /// The object behind `handle` if it is live and of `kind`, else nullptr. T must be the type
  /// adopted under `kind`.
  template <class T>
  [[nodiscard]] T* get(std::uint32_t handle, Kind kind) const noexcept {
    return static_cast<T*>(lookup(handle, kind));
  }
  /// The kind of a live handle, or 0.
  [[nodiscard]] std::uint32_t kind_of(std::uint32_t handle) const noexcept;
  /// Destroys (wipes, then frees) the object behind `handle`. False if the handle is not live.
  bool erase(std::uint32_t handle) noexcept;
  /// Destroys every live object of every kind; every handle becomes stale.
  void clear() noexcept;
  /// Number of live objects (of `kind`, or of every kind when 0).
  [[nodiscard]] std::size_t size(std::uint32_t kind = 0) const noexcept;

 private:
  using Deleter = void (*)(void*) noexcept;
  struct Slot {
    void* obj = nullptr;
    Deleter del = nullptr;
    std::uint32_t kind = 0;
    std::uint32_t gen = 0;
  };
  Result<std::uint32_t> insert(Kind kind, void* obj, Deleter del) noexcept;
  [[nodiscard]] void* lookup(std::uint32_t handle, Kind kind) const noexcept;
  [[nodiscard]] const Slot* live_slot(std::uint32_t handle) const noexcept;
  void release(std::uint32_t index) noexcept;

  std::vector<Slot> slots_;
  std::deque<std::uint32_t> free_;
  std::size_t live_ = 0;
};

/// The boundary's registry.
Registry& registry() noexcept;

// adopt_to(kind, obj, out_h), which stores an object and writes its handle for an export, is in
// boundary.hpp with the result convention.

}  // namespace ehr::wasm
