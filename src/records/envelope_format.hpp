// The record envelope, version 1: constants, the header layout and its parser. The layout is
// specified byte by byte in docs/record-format.md; this file is its single source in code.
//
//   offset size
//   0      4    magic "EHR\0"
//   4      1    version = 1
//   5      1    payload algorithm = 1 (libsodium secretstream XChaCha20-Poly1305)
//   6      1    flags = 0
//   7      1    reserved = 0
//   8      4    header_len: bytes from offset 0 to the first payload chunk (u32 LE)
//   12     4    chunk_size: plaintext bytes per chunk, 1 KiB..16 MiB (u32 LE)
//   16     2    scope (u16 LE)
//   18     4    epoch (u32 LE)
//   22     2    wrap_count, 1..256 (u16 LE)
//   24     ...  wraps: type u8 | key hint (4) | length u16 LE | body (length bytes)
//   ...    24   secretstream header
//   header_len  payload: chunks of chunk_size + 17 bytes; the last one (tag FINAL) may be shorter
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::records {

inline constexpr std::array<std::uint8_t, 4> kEnvelopeMagic = {'E', 'H', 'R', 0};
inline constexpr std::uint8_t kEnvelopeVersion = 1;
inline constexpr std::uint8_t kAlgSecretstreamXChaCha20Poly1305 = 1;
inline constexpr std::size_t kPrefixSize = 24;        ///< fixed part of the header
inline constexpr std::size_t kStreamHeaderSize = 24;  ///< crypto_secretstream_xchacha20poly1305_HEADERBYTES
inline constexpr std::size_t kChunkOverhead = 17;     ///< crypto_secretstream_xchacha20poly1305_ABYTES
inline constexpr std::uint32_t kMinChunkSize = 1024;
inline constexpr std::uint32_t kMaxChunkSize = 16u << 20;
inline constexpr std::uint32_t kDefaultChunkSize = 64u << 10;
inline constexpr std::size_t kMaxHeaderSize = 64u << 10;  ///< larger headers are rejected
inline constexpr std::size_t kMaxWraps = 256;
inline constexpr std::size_t kWrapHeadSize = 7;  ///< type + hint + length

/// Wrap types. Readers skip types they do not know (their length still counts).
enum class WrapType : std::uint8_t {
  scope = 1,      ///< XChaCha20-Poly1305 of the content key under a chart key K(scope, epoch)
  recipient = 2,  ///< crypto_box_seal of the content key to an X25519 public key
};
inline constexpr std::size_t kScopeWrapSize = 24 + 32 + 16;      ///< nonce || ciphertext || tag
inline constexpr std::size_t kRecipientWrapSize = 32 + 32 + 16;  ///< crypto_box_SEALBYTES + 32

using KeyHint = FixedBytes<4>;
using X25519Public = FixedBytes<32>;

/// One wrap as found in a header: where its body lies within the header bytes.
struct WrapRef {
  std::uint8_t type = 0;
  KeyHint hint{};
  std::size_t offset = 0;  ///< of the body, from the start of the header
  std::size_t length = 0;  ///< of the body
};

/// The parsed fields of a complete, well-formed v1 header.
struct HeaderInfo {
  std::uint32_t header_len = 0;
  std::uint32_t chunk_size = 0;
  std::uint16_t scope = 0;
  std::uint32_t epoch = 0;
  std::vector<WrapRef> wraps;
};

/// Result of looking at the first bytes of an envelope.
struct HeaderScan {
  bool complete = false;  ///< the whole header (header_len bytes) is available and well formed
  std::size_t need = 0;   ///< when !complete: total bytes needed before scanning again helps
  HeaderInfo info;        ///< when complete; once 24 bytes are in, info.header_len is set (the
                          ///< bytes to fetch for the whole header) and the prefix is checked
};

/// Scans the first `available.size()` bytes of an envelope (any amount, possibly incomplete) and
/// reports either the complete header or how many bytes to wait for. Errors are reported as soon
/// as the bytes seen prove the header malformed, in this order:
///   bad magic -> bad_envelope; version != 1 -> unknown_version; algorithm != 1 ->
///   unknown_version; flags or reserved != 0 -> bad_envelope; header_len outside
///   [24 + 7 + 24, 65536] -> bad_envelope ("oversized header" included); chunk_size outside
///   [1 KiB, 16 MiB] -> bad_envelope; wrap_count 0 or > 256 -> bad_envelope; a wrap running past
///   header_len - 24, a known wrap type with the wrong body length, or wraps not ending exactly at
///   header_len - 24 -> bad_envelope.
[[nodiscard]] Result<HeaderScan> scan_header(ByteView available);

/// Parses a complete header: `bytes` must hold at least header_len bytes (more are ignored).
/// Fails as scan_header does, and with stream_truncated when the header is incomplete.
[[nodiscard]] Result<HeaderInfo> parse_header(ByteView bytes);

/// Encodes the 24-byte fixed prefix. The caller checks the ranges.
[[nodiscard]] std::array<std::uint8_t, kPrefixSize> encode_prefix(std::uint32_t header_len, std::uint32_t chunk_size,
                                                                  std::uint16_t scope, std::uint32_t epoch,
                                                                  std::uint16_t wrap_count) noexcept;

/// Key hint of a chart key: the first 4 bytes of BLAKE2b-256(key = K, message = "hint").
[[nodiscard]] KeyHint scope_key_hint(const crypto::Secret<32>& chart_key) noexcept;

/// Key hint (key id) of an X25519 public key: the first 4 bytes of BLAKE2b-256(pk || "ehr-kid").
[[nodiscard]] KeyHint public_key_hint(const X25519Public& pk) noexcept;

/// BLAKE2b-256 of the header bytes before the secretstream header: the additional data of the
/// first payload chunk, which binds every header byte to the payload.
[[nodiscard]] Hash32 header_digest(ByteView header_without_stream_header) noexcept;

/// Ciphertext size of a payload of `plaintext_len` bytes in chunks of `chunk_size` (at least one
/// chunk: an empty record is one empty FINAL chunk).
[[nodiscard]] std::uint64_t payload_size(std::uint64_t plaintext_len, std::uint32_t chunk_size) noexcept;

}  // namespace ehr::records
