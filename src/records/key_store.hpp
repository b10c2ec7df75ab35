// A table of the secrets the page holds while it runs (chart roots, chart keys, X25519 identity
// and group secrets), addressed by opaque handles. The WASM boundary keeps one KeyStore, so that
// keys stay in module memory and JS holds only handle numbers; clear() wipes every key at once
// (lock, idle timeout, tab close).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "crypto/secret.hpp"

namespace ehr::records {

enum class KeyKind : std::uint8_t {
  chart_root = 1,  ///< a patient's chart root (chart keys derive from it)
  chart_key = 2,   ///< K(scope, epoch)
  x25519 = 3,      ///< an X25519 secret (identity, institution group key, MetaMask-format key)
};

class KeyStore {
 public:
  /// Stores `secret` and returns its handle (never 0; never reused while the store lives).
  std::uint32_t put(KeyKind kind, crypto::Secret<32> secret);
  /// The secret behind `handle` if it exists and is of `kind`, else nullptr.
  [[nodiscard]] const crypto::Secret<32>* get(std::uint32_t handle, KeyKind kind) const noexcept;
  /// Wipes and forgets one key; false if there was none.
  bool erase(std::uint32_t handle) noexcept;
  /// Wipes and forgets every key.
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

 private:
  struct Entry {
    KeyKind kind;
    crypto::Secret<32> secret;
  };
  std::unordered_map<std::uint32_t, Entry> keys_;
  std::uint32_t next_ = 1;
};

}  // namespace ehr::records
