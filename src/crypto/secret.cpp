#include "crypto/secret.hpp"

#include <sodium.h>

#include <cstring>

namespace ehr::crypto {

void wipe(void* p, std::size_t n) noexcept {
  if (p != nullptr && n != 0) sodium_memzero(p, n);
}

SecretBytes::SecretBytes(std::size_t n) : data_(new std::uint8_t[n]()), size_(n) {}

SecretBytes::SecretBytes(ByteView in) : SecretBytes(in.size()) {
  if (!in.empty()) std::memcpy(data_.get(), in.data(), in.size());
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(std::move(other.data_)), size_(other.size_) {
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
  }
  return *this;
}

SecretBytes::~SecretBytes() { release(); }

void SecretBytes::release() noexcept {
  wipe(data_.get(), size_);
  data_.reset();
  size_ = 0;
}

}  // namespace ehr::crypto
