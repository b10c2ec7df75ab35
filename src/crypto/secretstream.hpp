// Streaming authenticated encryption: libsodium's crypto_secretstream_xchacha20poly1305. A stream is
// a 24-byte header followed by chunks, each the encrypted message plus 17 bytes (a tag byte and a
// Poly1305 MAC). Each chunk's MAC covers its position in the stream, so a modified, reordered,
// dropped or replayed chunk fails authentication; the final chunk carries Tag::final, so a stream
// cut short is detected when the reader ends it (Pull::finish).
//
// The classes add a state machine over libsodium's functions: a stream is open until its final
// chunk, after which (or after any authentication failure, for a reader) every further call fails
// with stream_state. The key-derived state is wiped as soon as the stream closes and on destruction.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::secretstream {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kHeaderSize = 24;
constexpr std::size_t kOverhead = 17;  ///< bytes a chunk adds to its message (ABYTES)

/// Chunk tags (crypto_secretstream_xchacha20poly1305_TAG_*). A tag read from a stream is any byte
/// the writer chose; only these four are written here.
enum class Tag : std::uint8_t { message = 0, push = 1, rekey = 2, final = 3 };

/// The writing end of a stream.
class Push {
 public:
  /// Starts a stream under `key` (crypto_secretstream_xchacha20poly1305_init_push): writes the
  /// random 24-byte header, which the reader needs before the first chunk.
  Push(const SecretKey32& key, std::span<std::uint8_t, kHeaderSize> header) noexcept;
  Push(const Push&) = delete;
  Push& operator=(const Push&) = delete;
  ~Push();

  /// Encrypts `message` with associated data `ad` (may be empty) as the next chunk into `out`
  /// (message.size() + 17 bytes, not overlapping `message`). After a chunk tagged final, the state
  /// is wiped and the stream is closed. Fails with bad_length on a wrong output size, bad_argument
  /// for a tag other than the four above, stream_state once the stream is closed.
  [[nodiscard]] Status push(std::span<std::uint8_t> out, ByteView message, ByteView ad, Tag tag) noexcept;
  /// True once the final chunk has been written.
  [[nodiscard]] bool closed() const noexcept { return closed_; }

 private:
  crypto_secretstream_xchacha20poly1305_state state_{};
  bool closed_ = false;
};

/// The reading end of a stream.
class Pull {
 public:
  /// Starts reading a stream with its 24-byte header under `key` (init_pull; any header is
  /// accepted here, a wrong one makes the first pull fail authentication).
  Pull(const SecretKey32& key, std::span<const std::uint8_t, kHeaderSize> header) noexcept;
  Pull(const Pull&) = delete;
  Pull& operator=(const Pull&) = delete;
  ~Pull();

  /// Checks and decrypts the next chunk (at least 17 bytes) into `out` (chunk.size() - 17 bytes,
  /// not overlapping `chunk`) and returns its tag; `out` holds plaintext only on success. Failures:
  /// bad_length (chunk shorter than 17 bytes or wrong output size: the stream stays usable);
  /// auth_failed (modified, reordered, dropped or foreign chunk, wrong key or header, other `ad`):
  /// `out` is zeroed and the stream is dead; stream_state after the final chunk or a failure.
  [[nodiscard]] Result<Tag> pull(std::span<std::uint8_t> out, ByteView chunk, ByteView ad) noexcept;
  /// Ends reading: ok if the final chunk was read, stream_truncated if the stream ended before it
  /// (or stream_state if it had failed). Wipes the state in every case; later pulls fail with
  /// stream_state.
  [[nodiscard]] Status finish() noexcept;
  /// True once the final chunk has been read.
  [[nodiscard]] bool final_seen() const noexcept { return phase_ == Phase::final_seen; }

 private:
  enum class Phase : std::uint8_t { open, final_seen, failed, finished };
  crypto_secretstream_xchacha20poly1305_state state_{};
  Phase phase_ = Phase::open;
};

}  // namespace ehr::crypto::secretstream
