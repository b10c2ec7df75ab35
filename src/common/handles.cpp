// The handle registry (see handles.hpp).
#include "common/handles.hpp"

namespace ehr {

Result<std::uint32_t> HandleRegistry::insert(std::uint32_t kind, void* obj, Deleter del) noexcept {
  if (kind == 0 || kind > HandleBits::kKindMask) {
    del(obj);
    return Error{Errc::bad_argument, "handle kind must be 1..31"};
  }
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.front();
    free_.pop_front();
  } else {
    if (slots_.size() >= HandleBits::kMaxSlots) {
      del(obj);
      return Error{Errc::out_of_memory, "too many live handles"};
    }
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[index];
  s.obj = obj;
  s.del = del;
  s.kind = kind;
  ++live_;
  return (s.kind << HandleBits::kKindShift) | (s.gen << HandleBits::kIndexBits) | index;
}

const HandleRegistry::Slot* HandleRegistry::live_slot(std::uint32_t handle) const noexcept {
  const std::uint32_t index = HandleBits::index(handle);
  if ((handle >> 31) != 0 || index >= slots_.size()) return nullptr;
  const Slot& s = slots_[index];
  if (s.obj == nullptr || HandleBits::kind(handle) != s.kind || HandleBits::generation(handle) != s.gen) return nullptr;
  return &s;
}

void* HandleRegistry::lookup(std::uint32_t handle, std::uint32_t kind) const noexcept {
  const Slot* s = live_slot(handle);
  return s != nullptr && s->kind == kind ? s->obj : nullptr;
}

std::uint32_t HandleRegistry::kind_of(std::uint32_t handle) const noexcept {
  const Slot* s = live_slot(handle);
  return s != nullptr ? s->kind : 0;
}

void HandleRegistry::release(std::uint32_t index) noexcept {
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

bool HandleRegistry::erase(std::uint32_t handle) noexcept {
  if (live_slot(handle) == nullptr) return false;
  release(HandleBits::index(handle));
  return true;
}

void HandleRegistry::clear() noexcept {
  for (std::uint32_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].obj != nullptr) release(i);
}

std::size_t HandleRegistry::size(std::uint32_t kind) const noexcept {
  if (kind == 0) return live_;
  std::size_t n = 0;
  for (const Slot& s : slots_) n += s.obj != nullptr && s.kind == kind ? 1 : 0;
  return n;
}

}  // namespace ehr
