#include "records/key_store.hpp"

namespace ehr::records {

std::uint32_t KeyStore::put(KeyKind kind, crypto::Secret<32> secret) {
  while (next_ == 0 || keys_.count(next_) != 0) ++next_;  // 2^32 handles before any wrap-around
  const std::uint32_t h = next_++;
  keys_.emplace(h, Entry{kind, std::move(secret)});
  return h;
}

const crypto::Secret<32>* KeyStore::get(std::uint32_t handle, KeyKind kind) const noexcept {
  auto it = keys_.find(handle);
  if (it == keys_.end() || it->second.kind != kind) return nullptr;
  return &it->second.secret;
}

bool KeyStore::erase(std::uint32_t handle) noexcept { return keys_.erase(handle) != 0; }

void KeyStore::clear() noexcept { keys_.clear(); }

}  // namespace ehr::records
