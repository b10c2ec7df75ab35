// AES-128 (FIPS 197) and the CTR mode of NIST SP 800-38A, for Web3 Secret Storage keystores
// (libsodium has no AES-CTR). Constant time: no table is indexed by secret data and no branch
// depends on it. The S-box is computed, not looked up: the GF(2^8) inverse as x^254 by an addition
// chain of masked shift-and-xor multiplications, then the affine map, on eight bytes at once in a
// 64-bit word (SWAR).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"

namespace ehr::crypto {

/// An expanded AES-128 key (11 round keys). The schedule is secret: wiped on destruction.
class Aes128 {
 public:
  /// Expands the 16-byte key (FIPS 197 section 5.2).
  explicit Aes128(std::span<const std::uint8_t, 16> key) noexcept;
  Aes128(const Aes128&) = delete;
  Aes128& operator=(const Aes128&) = delete;
  ~Aes128();

  /// Encrypts one 16-byte block (FIPS 197 section 5.1). `in` and `out` may alias.
  void encrypt_block(std::span<const std::uint8_t, 16> in, std::span<std::uint8_t, 16> out) const noexcept;

 private:
  // Round keys as the state is held: two little-endian 64-bit words per round.
  std::array<std::uint64_t, 22> rk_{};
};

/// AES-128-CTR (SP 800-38A section 6.5): out = in XOR E(K, T_1) || E(K, T_2) || ..., with T_1 = iv
/// and T_{j+1} = T_j + 1 modulo 2^128 (the standard incrementing function on the whole block).
/// Encryption and decryption are the same operation. `out` must be in.size() bytes and may alias
/// `in`.
void aes128_ctr(std::span<const std::uint8_t, 16> key, std::span<const std::uint8_t, 16> iv, ByteView in,
                std::span<std::uint8_t> out) noexcept;

}  // namespace ehr::crypto
