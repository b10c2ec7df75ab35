#include "eth/keyring.hpp"

#include "crypto/secp256k1.hpp"

namespace ehr::eth {

Result<std::uint32_t> KeyRing::add_private_key(crypto::SecretKey32 key) {
  if (!crypto::secp256k1::is_valid_private_key(key.view()))
    return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
  const std::uint32_t h = next_++;
  Entry e;
  e.key = std::make_unique<crypto::SecretKey32>(std::move(key));
  entries_.emplace(h, std::move(e));
  return h;
}

std::uint32_t KeyRing::add_extended(bip32::ExtendedKey key) {
  const std::uint32_t h = next_++;
  Entry e;
  e.xkey = std::make_unique<bip32::ExtendedKey>(std::move(key));
  entries_.emplace(h, std::move(e));
  return h;
}

Result<const crypto::SecretKey32*> KeyRing::private_key(std::uint32_t handle) const {
  const auto it = entries_.find(handle);
  if (it == entries_.end()) return Error{Errc::bad_handle, "unknown or disposed key handle"};
  if (it->second.key) return it->second.key.get();
  return &it->second.xkey->key;
}

Result<const bip32::ExtendedKey*> KeyRing::extended(std::uint32_t handle) const {
  const auto it = entries_.find(handle);
  if (it == entries_.end() || !it->second.xkey) return Error{Errc::bad_handle, "not an extended-key handle"};
  return it->second.xkey.get();
}

bool KeyRing::remove(std::uint32_t handle) noexcept {
  // The secrets' destructors wipe them.
  return entries_.erase(handle) == 1;
}

void KeyRing::clear() noexcept { entries_.clear(); }

KeyRing& global_keyring() noexcept {
  static KeyRing ring;
  return ring;
}

}  // namespace ehr::eth
