// A reusable output buffer for the streaming envelope: grows to the largest size asked for and is
// reused across calls (no per-call allocation, no zero-filling). A buffer marked secret (decrypted
// plaintext) is wiped before it is reused, reallocated or freed. Internal to src/records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "common/bytes.hpp"
#include "crypto/secret.hpp"

namespace ehr::records {

/// Wipes `n` bytes at `p`: memset, then an empty asm statement that takes the pointer and clobbers
/// memory, so the compiler must assume the zeros are read and cannot drop the memset (the
/// construction of BoringSSL's OPENSSL_cleanse). Used for large plaintext buffers: libsodium's
/// sodium_memzero falls back to a volatile byte loop in the WebAssembly build, which costs a
/// quarter of the decryption time of a large record.
inline void wipe_bulk(void* p, std::size_t n) noexcept {
  if (p == nullptr || n == 0) return;
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

class ChunkBuffer {
 public:
  explicit ChunkBuffer(bool secret) noexcept : secret_(secret) {}
  ChunkBuffer(const ChunkBuffer&) = delete;
  ChunkBuffer& operator=(const ChunkBuffer&) = delete;
  ChunkBuffer(ChunkBuffer&&) noexcept = default;
  ChunkBuffer& operator=(ChunkBuffer&&) noexcept = default;
  ~ChunkBuffer() { clear(); }

  /// Empties the buffer (wiping the old contents if secret) and makes room for `cap` bytes.
  /// Returns nullptr if the allocation fails.
  std::uint8_t* reset(std::size_t cap) noexcept {
    clear();
    if (cap > cap_) {
      if (secret_) wipe_bulk(data_.get(), cap_);
      data_.reset(new (std::nothrow) std::uint8_t[cap]);
      cap_ = data_ ? cap : 0;
      if (!data_) return nullptr;
    }
    return data_.get();
  }
  /// Wipes (if secret) the bytes written so far and empties the buffer; keeps the capacity.
  void clear() noexcept {
    if (secret_ && size_ != 0) wipe_bulk(data_.get(), size_);
    size_ = 0;
  }
  [[nodiscard]] std::uint8_t* data() noexcept { return data_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  void set_size(std::size_t n) noexcept { size_ = n; }
  [[nodiscard]] ByteView view() const noexcept { return {data_.get(), size_}; }

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t cap_ = 0;
  std::size_t size_ = 0;
  bool secret_;
};

}  // namespace ehr::records
