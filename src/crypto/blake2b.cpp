#include "crypto/blake2b.hpp"

#include <new>

#include "crypto/secret.hpp"

namespace ehr::crypto {

Result<std::unique_ptr<Blake2b>> Blake2b::create(std::size_t out_len, ByteView key) noexcept {
  if (out_len < kMinOut || out_len > kMaxOut) return Error{Errc::bad_length, "blake2b: output must be 1..64 bytes"};
  if (key.size() > kMaxKey) return Error{Errc::bad_length, "blake2b: key must be 0..64 bytes"};
  std::unique_ptr<Blake2b> h(new (std::nothrow) Blake2b());
  if (!h) return Error{Errc::out_of_memory, "blake2b: out of memory"};
  h->out_len_ = out_len;
  crypto_generichash_blake2b_init(&h->state_, key.empty() ? nullptr : key.data(), key.size(), out_len);
  return h;
}

Blake2b::~Blake2b() { wipe(&state_, sizeof state_); }

void Blake2b::update(ByteView data) noexcept {
  if (!done_) crypto_generichash_blake2b_update(&state_, nonnull(data), data.size());
}

Status Blake2b::final(std::span<std::uint8_t> out) noexcept {
  if (done_) return Error{Errc::stream_state, "blake2b: already finalized"};
  if (out.size() != out_len_) return Error{Errc::bad_length, "blake2b: wrong output size"};
  crypto_generichash_blake2b_final(&state_, nonnull(out), out.size());
  wipe(&state_, sizeof state_);
  done_ = true;
  return ok_status();
}

Status blake2b(std::span<std::uint8_t> out, ByteView data, ByteView key) noexcept {
  if (out.size() < Blake2b::kMinOut || out.size() > Blake2b::kMaxOut)
    return Error{Errc::bad_length, "blake2b: output must be 1..64 bytes"};
  if (key.size() > Blake2b::kMaxKey) return Error{Errc::bad_length, "blake2b: key must be 0..64 bytes"};
  crypto_generichash_blake2b(nonnull(out), out.size(), nonnull(data), data.size(), key.empty() ? nullptr : key.data(),
                             key.size());
  return ok_status();
}

}  // namespace ehr::crypto
