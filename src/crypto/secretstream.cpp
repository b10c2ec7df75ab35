#include "crypto/secretstream.hpp"

#include "crypto/init.hpp"

namespace ehr::crypto::secretstream {

static_assert(kHeaderSize == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(kKeySize == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(static_cast<int>(Tag::final) == crypto_secretstream_xchacha20poly1305_TAG_FINAL);
static_assert(static_cast<int>(Tag::rekey) == crypto_secretstream_xchacha20poly1305_TAG_REKEY);
static_assert(static_cast<int>(Tag::push) == crypto_secretstream_xchacha20poly1305_TAG_PUSH);

Push::Push(const SecretKey32& key, std::span<std::uint8_t, kHeaderSize> header) noexcept {
  (void)init();  // the header is random: the CSPRNG in WebAssembly
  crypto_secretstream_xchacha20poly1305_init_push(&state_, header.data(), key.data());
}

Push::~Push() { sodium_memzero(&state_, sizeof state_); }

Status Push::push(std::span<std::uint8_t> out, ByteView message, ByteView ad, Tag tag) noexcept {
  if (closed_) return Error{Errc::stream_state, "secretstream: the stream was already finished"};
  if (static_cast<std::uint8_t>(tag) > static_cast<std::uint8_t>(Tag::final))
    return Error{Errc::bad_argument, "secretstream: unknown tag"};
  if (out.size() != message.size() + kOverhead)
    return Error{Errc::bad_length, "secretstream: output must be message + 17 bytes"};
  unsigned long long clen = 0;
  if (crypto_secretstream_xchacha20poly1305_push(&state_, nonnull(out), &clen, nonnull(message), message.size(),
                                                 nonnull(ad), ad.size(), static_cast<unsigned char>(tag)) != 0)
    return Error{Errc::too_large, "secretstream: chunk too long"};
  if (tag == Tag::final) {
    sodium_memzero(&state_, sizeof state_);
    closed_ = true;
  }
  return ok_status();
}

Pull::Pull(const SecretKey32& key, std::span<const std::uint8_t, kHeaderSize> header) noexcept {
  (void)crypto_secretstream_xchacha20poly1305_init_pull(&state_, header.data(), key.data());  // always 0
}

Pull::~Pull() { sodium_memzero(&state_, sizeof state_); }

Result<Tag> Pull::pull(std::span<std::uint8_t> out, ByteView chunk, ByteView ad) noexcept {
  switch (phase_) {
    case Phase::open: break;
    case Phase::final_seen: return Error{Errc::stream_state, "secretstream: data after the final chunk"};
    case Phase::failed: return Error{Errc::stream_state, "secretstream: the stream failed authentication earlier"};
    case Phase::finished: return Error{Errc::stream_state, "secretstream: the stream was ended"};
  }
  if (chunk.size() < kOverhead) return Error{Errc::bad_length, "secretstream: chunk shorter than 17 bytes"};
  if (out.size() != chunk.size() - kOverhead)
    return Error{Errc::bad_length, "secretstream: output must be chunk - 17 bytes"};
  unsigned long long mlen = 0;
  unsigned char tag = 0xff;
  if (crypto_secretstream_xchacha20poly1305_pull(&state_, nonnull(out), &mlen, &tag, nonnull(chunk), chunk.size(),
                                                 nonnull(ad), ad.size()) != 0) {
    if (!out.empty()) sodium_memzero(nonnull(out), out.size());
    sodium_memzero(&state_, sizeof state_);
    phase_ = Phase::failed;
    return Error{Errc::auth_failed, "secretstream: chunk failed authentication (modified, reordered or wrong key)"};
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    sodium_memzero(&state_, sizeof state_);
    phase_ = Phase::final_seen;
  }
  return static_cast<Tag>(tag);
}

Status Pull::finish() noexcept {
  const Phase was = phase_;
  sodium_memzero(&state_, sizeof state_);
  phase_ = Phase::finished;
  switch (was) {
    case Phase::final_seen: return ok_status();
    case Phase::open: return Error{Errc::stream_truncated, "secretstream: the stream ended before its final chunk"};
    case Phase::failed: return Error{Errc::stream_state, "secretstream: the stream failed authentication earlier"};
    case Phase::finished: break;
  }
  return Error{Errc::stream_state, "secretstream: the stream was already ended"};
}

}  // namespace ehr::crypto::secretstream
