// Streaming encryption of a record into an envelope (format: envelope_format.hpp and
// docs/record-format.md). Constant memory: the writer holds one partial chunk and the ciphertext
// of the chunks completed by the current call, whatever the record's size.
//
//   auto w = EnvelopeWriter::create(params);     // fresh content key, wraps, stream header
//   emit(w.value().header());
//   for (piece : plaintext) emit(w.value().push(piece).value());
//   emit(w.value().finish().value());            // the FINAL chunk
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

/// What a new envelope is for and who can open it.
struct WriterParams {
  std::uint16_t scope = 0;                       ///< the record's scope id (scopes.hpp)
  std::uint32_t epoch = 0;                       ///< the chart's current epoch for that scope
  std::uint32_t chunk_size = kDefaultChunkSize;  ///< 1 KiB..16 MiB
  /// One scope wrap per chart key, in this order (normally K(scope, epoch)). Not owned: they are
  /// only read during create().
  std::vector<const crypto::Secret<32>*> chart_keys;
  /// One recipient wrap per X25519 public key, after the scope wraps, in this order.
  std::vector<X25519Public> recipients;
};

class EnvelopeWriter;
namespace detail {
template <class Entropy>
Result<EnvelopeWriter> build_writer(const WriterParams& params, Entropy& entropy);
}  // namespace detail

class EnvelopeWriter {
 public:
  /// A writer with a fresh random content key, random wrap nonces, sealed-box ephemeral keys and
  /// secretstream header (libsodium's CSPRNG).
  /// Fails with bad_argument (chunk size outside 1 KiB..16 MiB, no wraps, more than 256 wraps, a
  /// null chart key) or invalid_public_key (a recipient key libsodium refuses).
  [[nodiscard]] static Result<EnvelopeWriter> create(const WriterParams& params);

  EnvelopeWriter(EnvelopeWriter&&) noexcept;
  EnvelopeWriter& operator=(EnvelopeWriter&&) noexcept;
  EnvelopeWriter(const EnvelopeWriter&) = delete;
  EnvelopeWriter& operator=(const EnvelopeWriter&) = delete;
  ~EnvelopeWriter();  ///< wipes the stream state and any buffered plaintext

  /// The header bytes (header_len of them): emit them before any chunk.
  [[nodiscard]] ByteView header() const noexcept;
  [[nodiscard]] std::uint32_t chunk_size() const noexcept;

  /// Absorbs `plaintext` (any length) and returns the ciphertext of every chunk it completed: a
  /// view into the writer's buffer, valid until the next call. A full chunk is held back until
  /// more data (or finish()) shows whether it is the last one.
  /// Fails with stream_state after finish() or a failure, out_of_memory if the buffer cannot grow.
  [[nodiscard]] Result<ByteView> push(ByteView plaintext);

  /// Encrypts what is buffered as the FINAL chunk (possibly empty, for an empty record) and
  /// returns it (view valid until the writer is destroyed). Fails with stream_state if called twice.
  [[nodiscard]] Result<ByteView> finish();

 private:
  struct State;
  explicit EnvelopeWriter(std::unique_ptr<State> s) noexcept;
  template <class Entropy>
  friend Result<EnvelopeWriter> detail::build_writer(const WriterParams& params, Entropy& entropy);
  /// Used by build_writer once the header and the stream state are ready. `stream_state` points
  /// to a crypto_secretstream_xchacha20poly1305_state; it is copied and the original is wiped.
  static Result<EnvelopeWriter> from_parts(Bytes header, void* stream_state, std::uint32_t chunk_size);

  Status encrypt_chunk(const std::uint8_t* m, std::size_t mlen, bool final, std::uint8_t* out);

  std::unique_ptr<State> s_;
};

/// Scope wrap body: nonce24 || XChaCha20-Poly1305-IETF(content key, key = chart key, nonce, ad).
[[nodiscard]] FixedBytes<kScopeWrapSize> scope_wrap(const crypto::Secret<32>& content_key,
                                                    const crypto::Secret<32>& chart_key, const FixedBytes<24>& nonce,
                                                    ByteView ad) noexcept;

/// Opens a 72-byte scope wrap body with a chart key; auth_failed if it does not open.
[[nodiscard]] Result<crypto::Secret<32>> open_scope_wrap(ByteView body, const crypto::Secret<32>& chart_key,
                                                         ByteView ad) noexcept;

/// One-shot helper over EnvelopeWriter: the whole envelope of `plaintext` in memory.
[[nodiscard]] Result<Bytes> encrypt_record(ByteView plaintext, const WriterParams& params);

}  // namespace ehr::records
