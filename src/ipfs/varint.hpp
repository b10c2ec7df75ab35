// Unsigned varints: the multiformats unsigned-varint (CIDs, multihashes, CAR framing) and the
// protobuf base-128 varint (DAG-PB, UnixFS). Both are LEB128; they differ in their limits.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::ipfs {

/// Longest multiformats unsigned-varint: 9 bytes (63 bits of value), per the spec's
/// "practical maximum" (https://github.com/multiformats/unsigned-varint).
inline constexpr std::size_t kMaxMultiformatsVarint = 9;
/// Longest protobuf varint: 10 bytes (64 bits).
inline constexpr std::size_t kMaxProtobufVarint = 10;

/// A decoded varint and the number of input bytes it took.
struct VarintRead {
  std::uint64_t value = 0;
  std::size_t length = 0;
};

/// Number of bytes the LEB128 encoding of `value` takes (1..10).
[[nodiscard]] std::size_t varint_size(std::uint64_t value) noexcept;

/// Appends the LEB128 encoding of `value` to `out`.
void append_varint(Bytes& out, std::uint64_t value);

/// Writes the LEB128 encoding of `value` at `out` (room for varint_size(value) bytes) and returns
/// the number of bytes written.
std::size_t write_varint(std::uint8_t* out, std::uint64_t value) noexcept;

/// Reads a multiformats unsigned-varint at the start of `in`. Strict: minimal encoding only
/// (no trailing 0x00 continuation groups), at most 9 bytes. Fails with `code` on a truncated,
/// over-long or non-minimal varint.
[[nodiscard]] Result<VarintRead> read_uvarint(ByteView in, Errc code) noexcept;

/// Reads a protobuf varint at the start of `in`: at most 10 bytes, value within 64 bits, minimal
/// encoding only (every protobuf encoder writes the minimal form, and the strict DAG-PB decoder
/// must re-encode to the same bytes). Fails with `code`.
[[nodiscard]] Result<VarintRead> read_pb_varint(ByteView in, Errc code) noexcept;

}  // namespace ehr::ipfs
