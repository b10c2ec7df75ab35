// Streaming decryption of an envelope (format: envelope_format.hpp, docs/record-format.md).
// Constant memory: the reader holds the header (at most 64 KiB), one partial chunk and the
// plaintext of the chunks completed by the current call.
//
// Plaintext is released chunk by chunk, and only after that chunk's tag has been verified. A
// stream that fails, or that ends before its FINAL chunk, is incomplete: the caller must discard
// whatever plaintext it already received (finish() says so with stream_truncated).
//
// Errors (stable codes, see docs/record-format.md for which header byte gives which):
//   bad_envelope      not an envelope, malformed or oversized header, a verified short chunk that
//                     is not FINAL
//   unknown_version   version or payload algorithm this reader does not know
//   no_recipient      no wrap carries a key hint of the reader's keys
//   auth_failed       a wrap with a matching hint does not open, or a chunk's tag fails (any
//                     altered header byte, stream header or payload byte, reordered chunks)
//   stream_truncated  the input ended before the FINAL chunk, or bytes follow it
//   stream_state      push()/finish() after a failure or after finish()
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

/// The keys a reader may use. Copies: the reader owns them (wiped with it).
struct ReaderKeys {
  std::vector<crypto::Secret<32>> chart_keys;      ///< K(scope, epoch) values, for scope wraps
  std::vector<crypto::Secret<32>> x25519_secrets;  ///< identity or group secrets, for recipient wraps
};

class EnvelopeReader {
 public:
  /// A reader that will open the envelope with any of `keys`.
  /// Fails with invalid_private_key if an X25519 secret is unusable.
  [[nodiscard]] static Result<EnvelopeReader> create(ReaderKeys keys);

  EnvelopeReader(EnvelopeReader&&) noexcept;
  EnvelopeReader& operator=(EnvelopeReader&&) noexcept;
  EnvelopeReader(const EnvelopeReader&) = delete;
  EnvelopeReader& operator=(const EnvelopeReader&) = delete;
  ~EnvelopeReader();  ///< wipes keys, content key, stream state and plaintext buffers

  /// Absorbs the next `ciphertext` bytes (any split) and returns the plaintext of every chunk they
  /// completed and verified: a view into the reader's buffer, valid until the next call (and
  /// wiped then). On failure nothing of this call is returned and the reader is dead.
  [[nodiscard]] Result<ByteView> push(ByteView ciphertext);

  /// Ends the input: decrypts a buffered short last chunk. Fails with stream_truncated unless the
  /// FINAL chunk was seen (the caller must then discard all plaintext it got).
  [[nodiscard]] Result<ByteView> finish();

  /// The parsed header, once push() has seen all of it.
  [[nodiscard]] const HeaderInfo* header() const noexcept;
  /// Index (in header order) of the wrap that opened, once the header has been processed.
  [[nodiscard]] std::optional<std::size_t> opened_wrap() const noexcept;
  /// True once the FINAL chunk has been verified.
  [[nodiscard]] bool done() const noexcept;

 private:
  struct State;
  explicit EnvelopeReader(std::unique_ptr<State> s) noexcept;
  Status absorb_header(ByteView& rest);
  Status open_wraps();
  Status decrypt_chunk(const std::uint8_t* c, std::size_t clen, std::uint8_t* out, bool at_end);
  Error fail(Error e);

  std::unique_ptr<State> s_;
};

/// One-shot helper over EnvelopeReader: the whole plaintext of an envelope held in memory.
[[nodiscard]] Result<crypto::SecretBytes> decrypt_record(ByteView envelope, ReaderKeys keys);

}  // namespace ehr::records
