// Handle tables: objects that hold secrets (private keys, stream states) stay in the module's memory
// and are referred to from outside (JavaScript) by an opaque 32-bit handle, never by their bytes or
// by a raw pointer. A handle names its kind, its slot and the slot's generation, so a disposed
// handle, a forged number or a handle of another kind is refused instead of reaching another
// object. Destroying an object runs its destructor, which wipes it (Secret<N>, the stream classes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "common/result.hpp"

namespace ehr::crypto {

/// Handle layout: bit 31 clear (a positive int32 in JS), bits 27..30 the kind (1..15), bits
/// 16..26 the slot's generation, bits 0..15 the slot index.
struct HandleBits {
  static constexpr std::uint32_t kIndexBits = 16;
  static constexpr std::uint32_t kGenBits = 11;
  static constexpr std::uint32_t kMaxSlots = 1u << kIndexBits;
  static constexpr std::uint32_t kGenMask = (1u << kGenBits) - 1;
  static constexpr std::uint32_t kKindShift = kIndexBits + kGenBits;
  /// The kind encoded in `handle` (0 for a number that is no handle of ours).
  static constexpr std::uint32_t kind(std::uint32_t handle) noexcept { return (handle >> kKindShift) & 0xf; }
};

/// Owns objects of type T, each under a handle of one kind (1..15, distinct per table). Freed slots
/// are reused oldest first, so a stale handle only aliases a new object after its slot has been
/// reused 2048 times. Not thread-safe (one WebAssembly instance is single-threaded).
template <class T>
class HandleTable {
 public:
  explicit HandleTable(std::uint32_t kind) noexcept : kind_(kind & 0xf) {}

  /// Takes ownership of `obj` and returns its handle (never 0). Fails with out_of_memory if `obj`
  /// is null or 65,536 objects of this kind are alive.
  [[nodiscard]] Result<std::uint32_t> insert(std::unique_ptr<T> obj) noexcept {
    if (!obj) return Error{Errc::out_of_memory, "out of memory"};
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.front();
      free_.pop_front();
    } else {
      if (slots_.size() >= HandleBits::kMaxSlots) return Error{Errc::out_of_memory, "too many live handles"};
      index = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    slots_[index].obj = std::move(obj);
    ++live_;
    return handle_of(index);
  }

  /// The object behind `handle`, or null if the handle is stale, of another kind, or not a handle.
  [[nodiscard]] T* get(std::uint32_t handle) noexcept {
    const std::uint32_t index = handle & (HandleBits::kMaxSlots - 1);
    if (HandleBits::kind(handle) != kind_ || (handle >> 31) != 0 || index >= slots_.size()) return nullptr;
    Slot& s = slots_[index];
    if (!s.obj || handle != handle_of(index)) return nullptr;
    return s.obj.get();
  }

  /// Destroys the object behind `handle` (its destructor wipes it). False if the handle is not live.
  bool erase(std::uint32_t handle) noexcept {
    if (get(handle) == nullptr) return false;
    const std::uint32_t index = handle & (HandleBits::kMaxSlots - 1);
    release(index);
    return true;
  }

  /// Destroys every object (lock, idle timeout, tab close). Every handle becomes stale.
  void clear() noexcept {
    for (std::uint32_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].obj) release(i);
  }

  /// Number of live objects.
  [[nodiscard]] std::size_t size() const noexcept { return live_; }

 private:
  struct Slot {
    std::unique_ptr<T> obj;
    std::uint32_t gen = 0;
  };

  [[nodiscard]] std::uint32_t handle_of(std::uint32_t index) const noexcept {
    return (kind_ << HandleBits::kKindShift) | (slots_[index].gen << HandleBits::kIndexBits) | index;
  }

  void release(std::uint32_t index) noexcept {
    slots_[index].obj.reset();
    slots_[index].gen = (slots_[index].gen + 1) & HandleBits::kGenMask;
    free_.push_back(index);
    --live_;
  }

  std::uint32_t kind_;
  std::vector<Slot> slots_;
  std::deque<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace ehr::crypto
