// KeyRing: secrets held in the module's memory and named by opaque handles, so that JavaScript
// never holds key material. An entry is a private key or a BIP-32 extended key; removing an entry
// wipes it. The WASM boundary keeps one process-wide ring (global_keyring()).
//
// Handles are never reused within a process (a counter), so a stale handle fails with bad_handle
// rather than reaching another key.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "eth/bip32.hpp"

namespace ehr::eth {

class KeyRing {
 public:
  /// Stores a private key (checked: 0 < k < n). Fails with invalid_private_key.
  [[nodiscard]] Result<std::uint32_t> add_private_key(crypto::SecretKey32 key);
  /// Stores an extended key (the account keys are derived from it on demand).
  [[nodiscard]] std::uint32_t add_extended(bip32::ExtendedKey key);

  /// The private key of a handle: the key itself, or an extended key's own key.
  /// Fails with bad_handle for an unknown or removed handle.
  [[nodiscard]] Result<const crypto::SecretKey32*> private_key(std::uint32_t handle) const;
  /// The extended key of a handle (bad_handle when the entry is a plain key or unknown).
  [[nodiscard]] Result<const bip32::ExtendedKey*> extended(std::uint32_t handle) const;

  /// Wipes and forgets an entry. Returns false for an unknown handle.
  bool remove(std::uint32_t handle) noexcept;
  /// Wipes every entry (lock, idle timeout).
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::unique_ptr<crypto::SecretKey32> key;
    std::unique_ptr<bip32::ExtendedKey> xkey;
  };
  std::unordered_map<std::uint32_t, Entry> entries_;
  std::uint32_t next_ = 1;
};

/// The ring the WASM exports use.
KeyRing& global_keyring() noexcept;

}  // namespace ehr::eth
