// HandleRegistry: objects that JavaScript refers to (keys, wallets, stream states, indexes,
// builders, readers) stay in the module's memory and cross the WASM boundary as 32-bit handles,
// never as pointers or bytes. The boundary keeps one registry (wasm/src/handles.hpp names the
// kinds and holds the instance); this file is the registry itself, portable and natively tested
// (tests/native/handles_test.cpp).
//
// Handle format (a positive int32, so it is the same number in C, JS and a u32 slot):
//   bit 31      0
//   bits 26..30 kind (1..31)
//   bits 16..25 generation of the slot (10 bits)
//   bits 0..15  slot index (at most 65,536 live objects)
// A lookup checks kind, index and generation: a disposed (stale) handle, a handle of another kind
// and any forged number all give nullptr (never UB). A freed slot is reused oldest-first, so a
// stale handle can alias a new object only after its slot has been reused 1,024 times.
//
// Destroying an object (erase, clear) runs its destructor, which wipes its secrets
// (crypto::Secret<N>, the stream and index classes), and then frees it. Not thread-safe (one
// WebAssembly instance is single-threaded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <type_traits>
#include <vector>

#include "common/result.hpp"

namespace ehr {

struct HandleBits {
  static constexpr std::uint32_t kIndexBits = 16;
  static constexpr std::uint32_t kGenBits = 10;
  static constexpr std::uint32_t kMaxSlots = 1u << kIndexBits;
  static constexpr std::uint32_t kGenMask = (1u << kGenBits) - 1;
  static constexpr std::uint32_t kKindShift = kIndexBits + kGenBits;
  static constexpr std::uint32_t kKindMask = 0x1f;
  /// The kind bits of `handle` (whether or not it is live).
  static constexpr std::uint32_t kind(std::uint32_t handle) noexcept { return (handle >> kKindShift) & kKindMask; }
  /// The generation bits of `handle`.
  static constexpr std::uint32_t generation(std::uint32_t handle) noexcept { return (handle >> kIndexBits) & kGenMask; }
  /// The slot index of `handle`.
  static constexpr std::uint32_t index(std::uint32_t handle) noexcept { return handle & (kMaxSlots - 1); }
};

class HandleRegistry {
 public:
  HandleRegistry() = default;
  /// Destroys every live object (as clear()).
  ~HandleRegistry() { clear(); }
  HandleRegistry(const HandleRegistry&) = delete;
  HandleRegistry& operator=(const HandleRegistry&) = delete;

  /// A kind: 1..31, an enumerator of the boundary's `Kind` or a plain number.
  template <class K>
  static constexpr std::uint32_t kind_number(K kind) noexcept {
    static_assert(std::is_enum_v<K> || std::is_integral_v<K>, "a kind is an enum or an integer");
    return static_cast<std::uint32_t>(kind);
  }

  /// Takes `obj` and returns its handle under `kind` (1..31; never 0). Fails with out_of_memory
  /// if `obj` is null or 65,536 objects are live, and bad_argument for a kind outside 1..31;
  /// `obj` is then destroyed.
  template <class T, class K>
  [[nodiscard]] Result<std::uint32_t> adopt(K kind, std::unique_ptr<T> obj) noexcept {
    if (!obj) return Error{Errc::out_of_memory, "out of memory"};
    // insert() owns the object from here: it destroys it when it fails.
    return insert(kind_number(kind), obj.release(), [](void* p) noexcept { delete static_cast<T*>(p); });
  }
  /// The object behind `handle` if it is live and of `kind`, else nullptr. T must be the type
  /// adopted under `kind` (one type per kind).
  template <class T, class K>
  [[nodiscard]] T* get(std::uint32_t handle, K kind) const noexcept {
    return static_cast<T*>(lookup(handle, kind_number(kind)));
  }
  /// The kind of a live handle, or 0 (stale, forged, freed).
  [[nodiscard]] std::uint32_t kind_of(std::uint32_t handle) const noexcept;
  /// Destroys (wipes, then frees) the object behind `handle`. False if the handle is not live.
  bool erase(std::uint32_t handle) noexcept;
  /// Destroys every live object of every kind; every handle given out becomes stale.
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
  Result<std::uint32_t> insert(std::uint32_t kind, void* obj, Deleter del) noexcept;
  [[nodiscard]] void* lookup(std::uint32_t handle, std::uint32_t kind) const noexcept;
  [[nodiscard]] const Slot* live_slot(std::uint32_t handle) const noexcept;
  void release(std::uint32_t index) noexcept;

  std::vector<Slot> slots_;
  std::deque<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace ehr
