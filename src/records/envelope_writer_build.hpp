// Internal: assembling a writer's header from its random inputs. The randomness comes from an
// Entropy type supplying, in this order, the content key, each scope wrap's nonce, each
// recipient wrap's sealed box and the secretstream header:
//
//   void content_key(crypto::Secret<32>& out);
//   void wrap_nonce(FixedBytes<24>& out);
//   Status seal(std::uint8_t* out80, const crypto::Secret<32>& content_key, const X25519Public& pk);
//   void init_stream(crypto_secretstream_xchacha20poly1305_state& st, std::uint8_t* header24,
//                    const crypto::Secret<32>& content_key);
//
// The core (ehr_core, the WASM module) instantiates this template only with SystemEntropy
// (libsodium's CSPRNG, envelope_writer.cpp). The deterministic mode that reproduces the published
// vectors instantiates it with fixed inputs in a test-only library
// (tests/native/records_testing/), which production targets never link.
#pragma once

#include <sodium.h>

#include "records/envelope_writer.hpp"
#include "records/le.hpp"

namespace ehr::records::detail {

template <class Entropy>
Result<EnvelopeWriter> build_writer(const WriterParams& p, Entropy& entropy) {
  if (p.chunk_size < kMinChunkSize || p.chunk_size > kMaxChunkSize) {
    return Error{Errc::bad_argument, "chunk size must be 1 KiB..16 MiB"};
  }
  const std::size_t wraps = p.chart_keys.size() + p.recipients.size();
  if (wraps == 0) return Error{Errc::bad_argument, "an envelope needs at least one wrap"};
  if (wraps > kMaxWraps) return Error{Errc::bad_argument, "at most 256 wraps"};
  for (const auto* k : p.chart_keys) {
    if (k == nullptr) return Error{Errc::bad_argument, "null chart key"};
  }
  const std::size_t header_len = kPrefixSize + p.chart_keys.size() * (kWrapHeadSize + kScopeWrapSize) +
                                 p.recipients.size() * (kWrapHeadSize + kRecipientWrapSize) + kStreamHeaderSize;
  // header_len <= 24 + 256 * 87 + 24 < 64 KiB: always within kMaxHeaderSize.
  Bytes header;
  header.reserve(header_len);
  const auto prefix = encode_prefix(static_cast<std::uint32_t>(header_len), p.chunk_size, p.scope, p.epoch,
                                    static_cast<std::uint16_t>(wraps));
  header.insert(header.end(), prefix.begin(), prefix.end());

  crypto::Secret<32> content_key;
  entropy.content_key(content_key);

  // Scope wraps: AD = the 24-byte prefix (binds version, sizes, scope, epoch and wrap count).
  for (const auto* k : p.chart_keys) {
    header.push_back(static_cast<std::uint8_t>(WrapType::scope));
    const KeyHint hint = scope_key_hint(*k);
    header.insert(header.end(), hint.begin(), hint.end());
    le::put16(header, static_cast<std::uint16_t>(kScopeWrapSize));
    FixedBytes<24> nonce{};
    entropy.wrap_nonce(nonce);
    const auto body = scope_wrap(content_key, *k, nonce, ByteView(prefix));
    header.insert(header.end(), body.begin(), body.end());
  }
  // Recipient wraps: sealed boxes of the content key.
  for (const auto& pk : p.recipients) {
    header.push_back(static_cast<std::uint8_t>(WrapType::recipient));
    const KeyHint hint = public_key_hint(pk);
    header.insert(header.end(), hint.begin(), hint.end());
    le::put16(header, static_cast<std::uint16_t>(kRecipientWrapSize));
    const std::size_t at = header.size();
    header.resize(at + kRecipientWrapSize);
    auto sealed = entropy.seal(header.data() + at, content_key, pk);
    if (!sealed) return sealed.error();
  }
  // Secretstream header, keyed by the content key.
  crypto_secretstream_xchacha20poly1305_state st;
  const std::size_t at = header.size();
  header.resize(at + kStreamHeaderSize);
  entropy.init_stream(st, header.data() + at, content_key);
  return EnvelopeWriter::from_parts(std::move(header), &st, p.chunk_size);
}

}  // namespace ehr::records::detail
