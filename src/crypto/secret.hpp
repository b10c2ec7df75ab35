// Zeroizing containers for secrets (private keys, seeds, content keys). Move-only; the storage is
// wiped with sodium_memzero when it is destroyed or moved from. No accessor returns a plain copy:
// callers borrow a view for the duration of a call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "common/bytes.hpp"

namespace ehr::crypto {

/// Wipes `n` bytes at `p` in a way the compiler cannot elide (sodium_memzero).
void wipe(void* p, std::size_t n) noexcept;

/// A fixed-size secret held inline (on the stack or inside another object).
template <std::size_t N>
class Secret {
 public:
  Secret() noexcept = default;
  /// Copies `in` (exactly N bytes; the caller checks) into the secret.
  explicit Secret(ByteView in) noexcept {
    for (std::size_t i = 0; i < N && i < in.size(); ++i) bytes_[i] = in[i];
  }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : bytes_(other.bytes_) { other.clear(); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      other.clear();
    }
    return *this;
  }
  ~Secret() { clear(); }

  void clear() noexcept { wipe(bytes_.data(), N); }
  [[nodiscard]] std::span<const std::uint8_t, N> view() const noexcept { return bytes_; }
  [[nodiscard]] std::span<std::uint8_t, N> mut() noexcept { return bytes_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.data(); }
  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.data(); }
  static constexpr std::size_t size() noexcept { return N; }

 private:
  std::array<std::uint8_t, N> bytes_{};
};

using SecretKey32 = Secret<32>;

/// A variable-size secret on the heap.
class SecretBytes {
 public:
  SecretBytes() noexcept = default;
  explicit SecretBytes(std::size_t n);
  explicit SecretBytes(ByteView in);
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  [[nodiscard]] ByteView view() const noexcept { return {data_.get(), size_}; }
  [[nodiscard]] std::span<std::uint8_t> mut() noexcept { return {data_.get(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  void release() noexcept;
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
};

}  // namespace ehr::crypto
