// Shared by the eth_*_exports.cpp files (not a public interface): how Embind functions report
// results, the text output of the C exports, and the key ring.
//
// Embind functions (JSON or hex text in and out) return their text, or "" on failure with the
// code kept for ehr_eth_last_code() (abiNew: a handle, or 0 on failure, likewise). Secrets never
// travel as Embind strings (Embind copies strings through heap blocks it frees without wiping):
// they cross as bytes through the C exports, which follow boundary.hpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "boundary.hpp"
#include "common/json.hpp"
#include "crypto/secret.hpp"
#include "eth/bip32.hpp"
#include "eth/json_util.hpp"

namespace ehr::wasm::eth_boundary {

namespace js = ehr::eth::json_util;

/// The code of the last failed Embind eth call (0 after a success): ehr_eth_last_code().
int& last_code();

/// An Embind result: the text (code 0), or "" with the error's code recorded.
std::string give(Result<std::string> r);
/// give() of a JSON value's text.
std::string give_json(Result<js::Json> r);
/// give() of "0x" + hex.
std::string give_hex(Result<Bytes> r);

/// A C-export text result kept in the module (ehr_eth_out()), its length (u32 LE) at out_len:
/// 0 or the error's code.
int put_text(Result<std::string> r, std::uint8_t* out_len);

/// JSON text from JS, parsed without exceptions.
inline Result<Json> parse(const std::string& s) { return parse_json(s); }

/// n bytes at address p of module memory (Embind passes addresses as numbers).
inline ByteView view(std::uintptr_t p, std::size_t n) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(p), n);  // NOLINT
}
/// n bytes of UTF-8 at p.
inline std::string_view text(const std::uint8_t* p, std::size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);  // NOLINT
}

/// Key-ring entries (HD wallets, keystore unlocks, imported and generated keys) live in the
/// boundary's registry (handles.hpp) as Kind::eth_key: a private key or a BIP-32 extended key.
struct EthKey {
  std::unique_ptr<crypto::SecretKey32> key;
  std::unique_ptr<eth::bip32::ExtendedKey> xkey;
};
/// The key ring over the registry (eth_keys_exports.cpp).
struct Ring {
  /// Stores a private key (refused unless 0 < key < n): its handle.
  Result<std::uint32_t> add_private_key(crypto::SecretKey32 key);
  /// Stores an extended key: its handle.
  Result<std::uint32_t> add_extended(eth::bip32::ExtendedKey key);
  /// The private key of an entry (an extended key's own key for BIP-32 entries); ERR_BAD_HANDLE.
  Result<const crypto::SecretKey32*> private_key(std::uint32_t h) const;
  /// The extended key of a BIP-32 entry; ERR_BAD_HANDLE for other entries and dead handles.
  Result<const eth::bip32::ExtendedKey*> extended(std::uint32_t h) const;
};
Ring& ring();

/// Runs fn(key) with the private key of `handle` (ERR_BAD_HANDLE when it has none).
template <class Fn>
auto with_handle(std::uint32_t handle, Fn fn) -> decltype(fn(std::declval<const crypto::SecretKey32&>())) {
  auto k = ring().private_key(handle);
  if (!k) return k.error();
  return fn(*k.value());
}

}  // namespace ehr::wasm::eth_boundary
