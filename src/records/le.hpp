// Little-endian integer encoding used by every records format (envelope header, grant payloads,
// member wraps, search index). Internal to src/records.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"

namespace ehr::records::le {

/// Appends `v` as 2 / 4 little-endian bytes to `out`.
inline void put16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void put32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}

/// Writes `v` as 2 / 4 little-endian bytes at `p`.
inline void store16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v & 0xff);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
inline void store32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>((v >> (8 * i)) & 0xff);
}

/// Reads 2 / 4 little-endian bytes at `p` (the caller checks the bounds).
inline std::uint16_t load16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
inline std::uint32_t load32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

/// A bounds-checked forward reader over a byte view. Every read fails (returns false) instead of
/// reading past the end.
class Reader {
 public:
  explicit Reader(ByteView in) noexcept : in_(in) {}
  [[nodiscard]] std::size_t remaining() const noexcept { return in_.size() - pos_; }
  [[nodiscard]] std::size_t pos() const noexcept { return pos_; }
  [[nodiscard]] bool u8(std::uint8_t& v) noexcept {
    if (remaining() < 1) return false;
    v = in_[pos_++];
    return true;
  }
  [[nodiscard]] bool u16(std::uint16_t& v) noexcept {
    if (remaining() < 2) return false;
    v = load16(in_.data() + pos_);
    pos_ += 2;
    return true;
  }
  [[nodiscard]] bool u32(std::uint32_t& v) noexcept {
    if (remaining() < 4) return false;
    v = load32(in_.data() + pos_);
    pos_ += 4;
    return true;
  }
  /// A view of the next `n` bytes (valid as long as the underlying bytes are).
  [[nodiscard]] bool take(std::size_t n, ByteView& v) noexcept {
    if (remaining() < n) return false;
    v = in_.subspan(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  ByteView in_;
  std::size_t pos_ = 0;
};

}  // namespace ehr::records::le
