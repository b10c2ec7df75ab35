#include "records/envelope_writer.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

#include <algorithm>
#include <cstring>

#include "crypto/sealed_box.hpp"
#include "records/buffer.hpp"
#include "records/envelope_writer_build.hpp"

namespace ehr::records {

namespace {

// The production entropy: libsodium's CSPRNG for every random input (see
// envelope_writer_build.hpp for the contract).
struct SystemEntropy {
  void content_key(crypto::Secret<32>& out) { crypto_secretstream_xchacha20poly1305_keygen(out.data()); }
  void wrap_nonce(FixedBytes<24>& out) { randombytes_buf(out.data(), out.size()); }
  Status seal(std::uint8_t* out80, const crypto::Secret<32>& content_key, const X25519Public& pk) {
    return crypto::sealed_box::seal(std::span<std::uint8_t>(out80, kRecipientWrapSize), content_key.view(), pk);
  }
  void init_stream(crypto_secretstream_xchacha20poly1305_state& st, std::uint8_t* header24,
                   const crypto::Secret<32>& content_key) {
    crypto_secretstream_xchacha20poly1305_init_push(&st, header24, content_key.data());
  }
};

}  // namespace

struct EnvelopeWriter::State {
  crypto_secretstream_xchacha20poly1305_state st{};
  Bytes header;
  Hash32 ad{};  // BLAKE2b-256 of the header before the stream header (first chunk's AD)
  bool first = true;
  std::uint32_t chunk_size = 0;
  crypto::SecretBytes partial;  // plaintext of the chunk being filled
  std::size_t partial_len = 0;
  ChunkBuffer out{false};  // ciphertext of the current call
  bool finished = false;
  bool failed = false;
  ~State() { crypto::wipe(&st, sizeof st); }
};

EnvelopeWriter::EnvelopeWriter(std::unique_ptr<State> s) noexcept : s_(std::move(s)) {}
EnvelopeWriter::EnvelopeWriter(EnvelopeWriter&&) noexcept = default;
EnvelopeWriter& EnvelopeWriter::operator=(EnvelopeWriter&&) noexcept = default;
EnvelopeWriter::~EnvelopeWriter() = default;

Result<EnvelopeWriter> EnvelopeWriter::from_parts(Bytes header, void* stream_state, std::uint32_t chunk_size) {
  auto s = std::make_unique<State>();
  std::memcpy(&s->st, stream_state, sizeof s->st);
  crypto::wipe(stream_state, sizeof s->st);
  s->ad = header_digest(ByteView(header).first(header.size() - kStreamHeaderSize));
  s->header = std::move(header);
  s->chunk_size = chunk_size;
  s->partial = crypto::SecretBytes(chunk_size);
  return EnvelopeWriter(std::move(s));
}

Result<EnvelopeWriter> EnvelopeWriter::create(const WriterParams& params) {
  if (auto st = crypto::init(); !st) return st.error();
  SystemEntropy entropy;
  return detail::build_writer(params, entropy);
}

ByteView EnvelopeWriter::header() const noexcept { return s_->header; }
std::uint32_t EnvelopeWriter::chunk_size() const noexcept { return s_->chunk_size; }

Status EnvelopeWriter::encrypt_chunk(const std::uint8_t* m, std::size_t mlen, bool final, std::uint8_t* out) {
  const std::uint8_t tag =
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  const std::uint8_t* ad = s_->first ? s_->ad.data() : nullptr;
  const std::size_t adlen = s_->first ? s_->ad.size() : 0;
  static const std::uint8_t none = 0;  // libsodium's pointers are non-null even for length 0
  if (crypto_secretstream_xchacha20poly1305_push(&s_->st, out, nullptr, mlen == 0 ? &none : m, mlen, ad, adlen, tag) !=
      0) {
    return Error{Errc::internal, "secretstream push failed"};
  }
  s_->first = false;
  return ok_status();
}

Result<ByteView> EnvelopeWriter::push(ByteView in) {
  State& s = *s_;
  if (s.finished || s.failed) return Error{Errc::stream_state, "the writer is finished"};
  const std::size_t chunk = s.chunk_size;
  const std::size_t ct_chunk = chunk + kChunkOverhead;
  // Chunks this call completes: all but the last chunk's worth of buffered + new bytes.
  const std::size_t total = s.partial_len + in.size();
  const std::size_t n_out = total == 0 ? 0 : (total - 1) / chunk;
  std::uint8_t* out = s.out.reset(n_out * ct_chunk);
  if (out == nullptr && n_out != 0) {
    s.failed = true;
    return Error{Errc::out_of_memory, "cannot grow the output buffer"};
  }
  std::size_t written = 0;
  ByteView rest = in;
  std::uint8_t* part = s.partial.mut().data();
  if (s.partial_len > 0 || rest.size() <= chunk) {
    const std::size_t n = std::min(chunk - s.partial_len, rest.size());
    if (n != 0) std::memcpy(part + s.partial_len, rest.data(), n);
    s.partial_len += n;
    rest = rest.subspan(n);
    if (rest.empty()) return s.out.view();  // held back: it may be the final chunk
    auto st = encrypt_chunk(part, chunk, false, out + written);
    if (!st) {
      s.failed = true;
      return st.error();
    }
    written += ct_chunk;
    s.partial_len = 0;
  }
  while (rest.size() > chunk) {
    auto st = encrypt_chunk(rest.data(), chunk, false, out + written);
    if (!st) {
      s.failed = true;
      return st.error();
    }
    written += ct_chunk;
    rest = rest.subspan(chunk);
  }
  std::memcpy(part, rest.data(), rest.size());
  s.partial_len = rest.size();
  s.out.set_size(written);
  return s.out.view();
}

Result<ByteView> EnvelopeWriter::finish() {
  State& s = *s_;
  if (s.finished || s.failed) return Error{Errc::stream_state, "the writer is finished"};
  std::uint8_t* out = s.out.reset(s.partial_len + kChunkOverhead);
  if (out == nullptr) {
    s.failed = true;
    return Error{Errc::out_of_memory, "cannot grow the output buffer"};
  }
  const std::size_t mlen = s.partial_len;
  auto st = encrypt_chunk(s.partial.mut().data(), mlen, true, out);
  crypto::wipe(s.partial.mut().data(), mlen);
  s.partial_len = 0;
  s.finished = true;
  if (!st) return st.error();
  s.out.set_size(mlen + kChunkOverhead);
  return s.out.view();
}

FixedBytes<kScopeWrapSize> scope_wrap(const crypto::Secret<32>& content_key, const crypto::Secret<32>& chart_key,
                                      const FixedBytes<24>& nonce, ByteView ad) noexcept {
  FixedBytes<kScopeWrapSize> body{};
  std::copy(nonce.begin(), nonce.end(), body.begin());
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(body.data() + 24, &clen, content_key.data(), 32, ad.data(), ad.size(),
                                             nullptr, nonce.data(), chart_key.data());
  return body;
}

Result<crypto::Secret<32>> open_scope_wrap(ByteView body, const crypto::Secret<32>& chart_key, ByteView ad) noexcept {
  if (body.size() != kScopeWrapSize) return Error{Errc::bad_length, "scope wrap must be 72 bytes"};
  crypto::Secret<32> content_key;
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(content_key.data(), &mlen, nullptr, body.data() + 24,
                                                 kScopeWrapSize - 24, ad.data(), ad.size(), body.data(),
                                                 chart_key.data()) != 0) {
    return Error{Errc::auth_failed, "scope wrap does not open with this chart key"};
  }
  return content_key;
}

Result<Bytes> encrypt_record(ByteView plaintext, const WriterParams& params) {
  auto w = EnvelopeWriter::create(params);
  if (!w) return w.error();
  EnvelopeWriter& wr = w.value();
  Bytes out;
  out.reserve(wr.header().size() + static_cast<std::size_t>(payload_size(plaintext.size(), wr.chunk_size())));
  out.insert(out.end(), wr.header().begin(), wr.header().end());
  auto body = wr.push(plaintext);
  if (!body) return body.error();
  out.insert(out.end(), body.value().begin(), body.value().end());
  auto tail = wr.finish();
  if (!tail) return tail.error();
  out.insert(out.end(), tail.value().begin(), tail.value().end());
  return out;
}

}  // namespace ehr::records
