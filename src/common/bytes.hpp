// Byte containers used across the core: fixed sizes carry their length in the type.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ehr {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

template <std::size_t N>
using FixedBytes = std::array<std::uint8_t, N>;

using Hash32 = FixedBytes<32>;            ///< a 32-byte digest (keccak256, sha256)
using Address20 = FixedBytes<20>;         ///< an Ethereum address
using PublicKey33 = FixedBytes<33>;       ///< SEC1 compressed secp256k1 point (02/03 || x)
using PublicKey65 = FixedBytes<65>;       ///< SEC1 uncompressed secp256k1 point (04 || x || y)
using Signature64 = FixedBytes<64>;       ///< compact ECDSA signature r || s
using RecoverableSig65 = FixedBytes<65>;  ///< r || s || v, v = recovery id 0 or 1

/// Copies a view of exactly N bytes into a FixedBytes<N>. The caller checks the length first.
template <std::size_t N>
FixedBytes<N> to_fixed(ByteView in) noexcept {
  FixedBytes<N> out{};
  for (std::size_t i = 0; i < N && i < in.size(); ++i) out[i] = in[i];
  return out;
}

/// A view of the bytes of a string (ASCII labels, addresses): no copy, valid while `s` is.
inline ByteView text_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// A non-null pointer for the bytes of `v`, even when `v` is empty: C libraries (libsodium) declare
/// their buffer arguments nonnull, also for length 0.
inline const std::uint8_t* nonnull(ByteView v) noexcept {
  static const std::uint8_t none = 0;
  return v.empty() ? &none : v.data();
}
/// Writable form of nonnull(): nothing is ever written through the placeholder (length 0).
inline std::uint8_t* nonnull(std::span<std::uint8_t> v) noexcept {
  static std::uint8_t none = 0;
  return v.empty() ? &none : v.data();
}

}  // namespace ehr
