#include "records/envelope_format.hpp"

#include <sodium.h>

#include <algorithm>

#include "records/le.hpp"

namespace ehr::records {
namespace {

constexpr std::size_t kMinHeaderSize = kPrefixSize + kWrapHeadSize + kStreamHeaderSize;

Error bad(const char* what) { return Error{Errc::bad_envelope, what}; }

}  // namespace

Result<HeaderScan> scan_header(ByteView in) {
  HeaderScan scan;
  // Magic first, byte by byte, so that any non-envelope is rejected after its first byte.
  const std::size_t m = std::min(in.size(), kEnvelopeMagic.size());
  if (!std::equal(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(m), kEnvelopeMagic.begin())) {
    return bad("not a record envelope (bad magic)");
  }
  if (in.size() > 4 && in[4] != kEnvelopeVersion) {
    return Error{Errc::unknown_version, "unknown envelope version " + std::to_string(in[4])};
  }
  if (in.size() > 5 && in[5] != kAlgSecretstreamXChaCha20Poly1305) {
    return Error{Errc::unknown_version, "unknown payload algorithm " + std::to_string(in[5])};
  }
  if ((in.size() > 6 && in[6] != 0) || (in.size() > 7 && in[7] != 0)) {
    return bad("flags and reserved byte must be 0");
  }
  if (in.size() < kPrefixSize) {
    scan.need = kPrefixSize;
    return scan;
  }
  HeaderInfo& h = scan.info;
  h.header_len = le::load32(in.data() + 8);
  h.chunk_size = le::load32(in.data() + 12);
  h.scope = le::load16(in.data() + 16);
  h.epoch = le::load32(in.data() + 18);
  const std::uint16_t wrap_count = le::load16(in.data() + 22);
  if (h.header_len > kMaxHeaderSize) return bad("header larger than 64 KiB");
  if (h.header_len < kMinHeaderSize) return bad("header_len too small");
  if (h.chunk_size < kMinChunkSize || h.chunk_size > kMaxChunkSize) return bad("chunk size outside 1 KiB..16 MiB");
  if (wrap_count == 0 || wrap_count > kMaxWraps) return bad("wrap count outside 1..256");

  // Wraps, as far as the bytes go. They must end exactly where the secretstream header begins.
  const std::size_t wraps_end = h.header_len - kStreamHeaderSize;
  std::size_t pos = kPrefixSize;
  h.wraps.reserve(wrap_count);
  for (std::size_t i = 0; i < wrap_count; ++i) {
    if (pos + kWrapHeadSize > wraps_end) return bad("wraps run past header_len");
    if (in.size() < pos + kWrapHeadSize) {
      scan.need = pos + kWrapHeadSize;
      return scan;
    }
    WrapRef w;
    w.type = in[pos];
    std::copy_n(in.data() + pos + 1, 4, w.hint.begin());
    w.length = le::load16(in.data() + pos + 5);
    w.offset = pos + kWrapHeadSize;
    if (w.type == static_cast<std::uint8_t>(WrapType::scope) && w.length != kScopeWrapSize) {
      return bad("scope wrap must be 72 bytes");
    }
    if (w.type == static_cast<std::uint8_t>(WrapType::recipient) && w.length != kRecipientWrapSize) {
      return bad("recipient wrap must be 80 bytes");
    }
    if (w.offset + w.length > wraps_end) return bad("wraps run past header_len");
    pos = w.offset + w.length;
    h.wraps.push_back(w);
  }
  if (pos != wraps_end) return bad("wraps do not end where header_len says");
  if (in.size() < h.header_len) {
    scan.need = h.header_len;
    return scan;
  }
  scan.complete = true;
  return scan;
}

Result<HeaderInfo> parse_header(ByteView bytes) {
  auto scan = scan_header(bytes);
  if (!scan) return scan.error();
  if (!scan.value().complete) return Error{Errc::stream_truncated, "the envelope ends inside its header"};
  return std::move(scan.value().info);
}

std::array<std::uint8_t, kPrefixSize> encode_prefix(std::uint32_t header_len, std::uint32_t chunk_size,
                                                    std::uint16_t scope, std::uint32_t epoch,
                                                    std::uint16_t wrap_count) noexcept {
  std::array<std::uint8_t, kPrefixSize> p{};
  std::copy(kEnvelopeMagic.begin(), kEnvelopeMagic.end(), p.begin());
  p[4] = kEnvelopeVersion;
  p[5] = kAlgSecretstreamXChaCha20Poly1305;
  p[6] = 0;
  p[7] = 0;
  le::store32(p.data() + 8, header_len);
  le::store32(p.data() + 12, chunk_size);
  le::store16(p.data() + 16, scope);
  le::store32(p.data() + 18, epoch);
  le::store16(p.data() + 22, wrap_count);
  return p;
}

KeyHint scope_key_hint(const crypto::Secret<32>& chart_key) noexcept {
  static constexpr std::uint8_t kLabel[] = {'h', 'i', 'n', 't'};
  Hash32 d{};
  crypto_generichash(d.data(), d.size(), kLabel, sizeof kLabel, chart_key.data(), 32);
  return to_fixed<4>(d);
}

KeyHint public_key_hint(const X25519Public& pk) noexcept {
  static constexpr std::uint8_t kLabel[] = {'e', 'h', 'r', '-', 'k', 'i', 'd'};
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  crypto_generichash_update(&st, pk.data(), pk.size());
  crypto_generichash_update(&st, kLabel, sizeof kLabel);
  Hash32 d{};
  crypto_generichash_final(&st, d.data(), d.size());
  return to_fixed<4>(d);
}

Hash32 header_digest(ByteView header_without_stream_header) noexcept {
  Hash32 d{};
  crypto_generichash(d.data(), d.size(), header_without_stream_header.data(), header_without_stream_header.size(),
                     nullptr, 0);
  return d;
}

std::uint64_t payload_size(std::uint64_t plaintext_len, std::uint32_t chunk_size) noexcept {
  const std::uint64_t chunks = plaintext_len == 0 ? 1 : (plaintext_len + chunk_size - 1) / chunk_size;
  return plaintext_len + chunks * kChunkOverhead;
}

}  // namespace ehr::records
