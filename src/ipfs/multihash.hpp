// Multihash (https://github.com/multiformats/multihash): varint code || varint digest length ||
// digest. Supported functions: sha2-256 (0x12, 32-byte digest) and identity (0x00, the data
// itself, at most kMaxIdentityDigest bytes: inline CIDs of tiny blocks).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::ipfs {

inline constexpr std::uint64_t kHashIdentity = 0x00;
inline constexpr std::uint64_t kHashSha2_256 = 0x12;
/// Largest identity "digest" accepted (an inline block); also the digest buffer size.
inline constexpr std::size_t kMaxIdentityDigest = 64;

/// A parsed multihash. Value type: the digest is held inline (no allocation).
struct Multihash {
  std::uint64_t code = kHashSha2_256;
  std::uint8_t size = 0;  ///< digest length in bytes
  std::array<std::uint8_t, kMaxIdentityDigest> digest{};

  [[nodiscard]] ByteView digest_view() const noexcept { return ByteView(digest.data(), size); }
  friend bool operator==(const Multihash& a, const Multihash& b) noexcept;
};

/// A multicodec code as text for messages: "0x12", "0x70".
[[nodiscard]] std::string code_hex(std::uint64_t code);

/// The sha2-256 multihash of `data`.
[[nodiscard]] Multihash multihash_sha256(ByteView data) noexcept;
/// A sha2-256 multihash from a digest computed elsewhere (e.g. WebCrypto).
[[nodiscard]] Multihash multihash_from_sha256(const Hash32& digest) noexcept;
/// The identity multihash of `data` (at most kMaxIdentityDigest bytes, else bad_multihash).
[[nodiscard]] Result<Multihash> multihash_identity(ByteView data);

/// Bytes of the encoding (code, length, digest).
[[nodiscard]] std::size_t multihash_encoded_size(const Multihash& mh) noexcept;
void append_multihash(Bytes& out, const Multihash& mh);

/// A multihash and the number of bytes it took at the start of the input.
struct MultihashRead {
  Multihash mh;
  std::size_t length = 0;
};

/// Reads a multihash at the start of `in` (trailing bytes are left to the caller). Strict: minimal
/// varints; sha2-256 digests exactly 32 bytes; identity at most kMaxIdentityDigest. Fails with
/// bad_multihash for a malformed or truncated one, unsupported for another hash function.
[[nodiscard]] Result<MultihashRead> read_multihash(ByteView in);

}  // namespace ehr::ipfs
