// The handle registry (see handles.hpp) and the exports on handles of any kind.
#include "handles.hpp"

#include <emscripten/emscripten.h>

#include "boundary.hpp"

namespace ehr::wasm {

Result<std::uint32_t> Registry::insert(Kind kind, void* obj, Deleter del) noexcept {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.front();
    free_.pop_front();
  } else {
    if (slots_.size() >= HandleBits::kMaxSlots) return Error{Errc::out_of_memory, "too many live handles"};
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[index];
  s.obj = obj;
  s.del = del;
  s.kind = static_cast<std::uint32_t>(kind) & HandleBits::kKindMask;
  ++live_;
  return (s.kind << HandleBits::kKindShift) | (s.gen << HandleBits::kIndexBits) | index;
}

const Registry::Slot* Registry::live_slot(std::uint32_t handle) const noexcept {
  const std::uint32_t index = handle & (HandleBits::kMaxSlots - 1);
  if ((handle >> 31) != 0 || index >= slots_.size()) return nullptr;
  const Slot& s = slots_[index];
  if (s.obj == nullptr || ((handle >> HandleBits::kKindShift) & HandleBits::kKindMask) != s.kind ||
      ((handle >> HandleBits::kIndexBits) & HandleBits::kGenMask) != s.gen)
    return nullptr;
  return &s;
}

void* Registry::lookup(std::uint32_t handle, Kind kind) const noexcept {
  const Slot* s = live_slot(handle);
  return s != nullptr && s->kind == static_cast<std::uint32_t>(kind) ? s->obj : nullptr;
}

std::uint32_t Registry::kind_of(std::uint32_t handle) const noexcept {
  const Slot* s = live_slot(handle);
  return s != nullptr ? s->kind : 0;
}

void Registry::release(std::uint32_t index) noexcept {
  Slot& s = slots_[index];
  void* obj = s.obj;
  const Deleter del = s.del;
  s.obj = nullptr;
  s.del = nullptr;
  s.kind = 0;
  s.gen = (s.gen + 1) & HandleBits::kGenMask;
  free_.push_back(index);
  --live_;
  del(obj);  // the destructor wipes
}

bool Registry::erase(std::uint32_t handle) noexcept {
  if (live_slot(handle) == nullptr) return false;
  release(handle & (HandleBits::kMaxSlots - 1));
  return true;
}

void Registry::clear() noexcept {
  for (std::uint32_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].obj != nullptr) release(i);
}

std::size_t Registry::size(std::uint32_t kind) const noexcept {
  if (kind == 0) return live_;
  std::size_t n = 0;
  for (const Slot& s : slots_) n += s.obj != nullptr && s.kind == kind ? 1 : 0;
  return n;
}

Registry& registry() noexcept {
  static Registry r;
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
