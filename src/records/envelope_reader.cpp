#include "records/envelope_reader.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

#include <algorithm>
#include <cstring>

#include "records/buffer.hpp"
#include "records/envelope_writer.hpp"
#include "crypto/secretstream.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"

namespace ehr::records {

struct EnvelopeReader::State {
  ReaderKeys keys;
  std::vector<KeyHint> chart_hints;
  std::vector<KeyHint> x25519_hints;
  Bytes header;          // header bytes (at most kMaxHeaderSize)
  std::size_t need = 1;  // header bytes to collect before scanning again
  bool header_done = false;
  HeaderInfo info;
  std::optional<std::size_t> opened;
  std::optional<crypto::secretstream::Pull> stream;  // keyed by the content key, once a wrap opened
  Hash32 ad{};
  bool first = true;
  Bytes partial;          // ciphertext of the chunk being filled
  ChunkBuffer out{true};  // plaintext of the current call
  bool done = false;      // FINAL verified
  bool dead = false;      // failed or finished
};

EnvelopeReader::EnvelopeReader(std::unique_ptr<State> s) noexcept : s_(std::move(s)) {}
EnvelopeReader::EnvelopeReader(EnvelopeReader&&) noexcept = default;
EnvelopeReader& EnvelopeReader::operator=(EnvelopeReader&&) noexcept = default;
EnvelopeReader::~EnvelopeReader() = default;

Result<EnvelopeReader> EnvelopeReader::create(ReaderKeys keys) {
  if (auto st = crypto::init(); !st) return st.error();
  auto s = std::make_unique<State>();
  for (const auto& k : keys.chart_keys) s->chart_hints.push_back(scope_key_hint(k));
  for (const auto& k : keys.x25519_secrets) {
    s->x25519_hints.push_back(public_key_hint(crypto::x25519::public_key(k)));
  }
  s->keys = std::move(keys);
  return EnvelopeReader(std::move(s));
}

const HeaderInfo* EnvelopeReader::header() const noexcept { return s_->header_done ? &s_->info : nullptr; }
std::optional<std::size_t> EnvelopeReader::opened_wrap() const noexcept { return s_->opened; }
bool EnvelopeReader::done() const noexcept { return s_->done; }

Error EnvelopeReader::fail(Error e) {
  s_->dead = true;
  s_->out.clear();
  s_->stream.reset();  // wipes the stream state
  return e;
}

Status EnvelopeReader::open_wraps() {
  State& s = *s_;
  const ByteView header(s.header);
  const ByteView prefix = header.first(kPrefixSize);
  bool matched = false;
  for (std::size_t i = 0; i < s.info.wraps.size(); ++i) {
    const WrapRef& w = s.info.wraps[i];
    const ByteView body = header.subspan(w.offset, w.length);
    std::optional<crypto::Secret<32>> ck;
    if (w.type == static_cast<std::uint8_t>(WrapType::scope)) {
      for (std::size_t k = 0; k < s.keys.chart_keys.size() && !ck; ++k) {
        if (sodium_memcmp(s.chart_hints[k].data(), w.hint.data(), 4) != 0) continue;
        matched = true;
        auto r = open_scope_wrap(body, s.keys.chart_keys[k], prefix);
        if (r) ck.emplace(std::move(r.value()));
      }
    } else if (w.type == static_cast<std::uint8_t>(WrapType::recipient)) {
      for (std::size_t k = 0; k < s.keys.x25519_secrets.size() && !ck; ++k) {
        if (sodium_memcmp(s.x25519_hints[k].data(), w.hint.data(), 4) != 0) continue;
        matched = true;
        auto r = crypto::sealed_box::open(body, s.keys.x25519_secrets[k]);
        if (r && r.value().size() == 32) ck.emplace(r.value().view());
      }
    }  // other types: skipped (a newer writer's wrap this reader cannot use)
    if (ck) {
      s.opened = i;
      const std::size_t ss_at = s.info.header_len - kStreamHeaderSize;
      s.ad = header_digest(header.first(ss_at));
      s.stream.emplace(*ck,
                       std::span<const std::uint8_t, kStreamHeaderSize>(s.header.data() + ss_at, kStreamHeaderSize));
      return ok_status();
    }
  }
  if (matched) return Error{Errc::auth_failed, "a wrap for this key does not open (altered header)"};
  return Error{Errc::no_recipient, "no wrap in this envelope is for the given keys"};
}

Status EnvelopeReader::absorb_header(ByteView& rest) {
  State& s = *s_;
  while (!s.header_done && !rest.empty()) {
    const std::size_t take = std::min(rest.size(), s.need - s.header.size());
    s.header.insert(s.header.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(take));
    rest = rest.subspan(take);
    if (s.header.size() < s.need) break;
    auto scan = scan_header(s.header);
    if (!scan) return scan.error();
    if (!scan.value().complete) {
      s.need = scan.value().need;
      continue;
    }
    s.info = std::move(scan.value().info);
    s.header_done = true;
    auto opened = open_wraps();
    if (!opened) return opened;
    s.partial.reserve(s.info.chunk_size + kChunkOverhead);
  }
  return ok_status();
}

Status EnvelopeReader::decrypt_chunk(const std::uint8_t* c, std::size_t clen, std::uint8_t* out, bool at_end) {
  State& s = *s_;
  if (s.done) return Error{Errc::stream_truncated, "data after the final chunk"};
  if (clen < kChunkOverhead) return Error{Errc::stream_truncated, "the envelope ends inside a chunk"};
  using crypto::secretstream::Tag;
  const std::size_t mlen = clen - kChunkOverhead;
  const ByteView ad = s.first ? ByteView(s.ad) : ByteView();
  // The tag is verified before any plaintext is written; on failure `out` is zeroed.
  auto tag = s.stream->pull(std::span<std::uint8_t>(out, mlen), ByteView(c, clen), ad);
  if (!tag) return Error{Errc::auth_failed, "chunk authentication failed"};
  s.first = false;
  if (tag.value() == Tag::final) {
    s.done = true;
  } else if (tag.value() != Tag::message || at_end) {
    crypto::wipe(out, mlen);
    return Error{Errc::bad_envelope, at_end ? "short chunk without the FINAL tag" : "unexpected chunk tag"};
  }
  return ok_status();
}

Result<ByteView> EnvelopeReader::push(ByteView in) {
  State& s = *s_;
  if (s.dead) return Error{Errc::stream_state, "the reader has failed or finished"};
  s.out.clear();
  ByteView rest = in;
  if (!s.header_done) {
    auto st = absorb_header(rest);
    if (!st) return fail(st.error());
    if (rest.empty()) return s.out.view();
  }
  if (rest.empty()) return s.out.view();  // an empty push changes nothing
  if (s.done) return fail(Error{Errc::stream_truncated, "data after the final chunk"});
  const std::size_t chunk = s.info.chunk_size;
  const std::size_t ct_chunk = chunk + kChunkOverhead;
  const std::size_t n_out = (s.partial.size() + rest.size()) / ct_chunk;
  std::uint8_t* out = s.out.reset(n_out * chunk);
  if (out == nullptr && n_out != 0) return fail(Error{Errc::out_of_memory, "cannot grow the output buffer"});
  std::size_t written = 0;
  if (!s.partial.empty() || rest.size() < ct_chunk) {
    const std::size_t n = std::min(ct_chunk - s.partial.size(), rest.size());
    s.partial.insert(s.partial.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n));
    rest = rest.subspan(n);
    if (s.partial.size() < ct_chunk) return s.out.view();
    auto st = decrypt_chunk(s.partial.data(), ct_chunk, out, false);
    if (!st) return fail(st.error());
    s.partial.clear();
    written += chunk;
    s.out.set_size(written);
  }
  while (rest.size() >= ct_chunk) {
    auto st = decrypt_chunk(rest.data(), ct_chunk, out + written, false);
    if (!st) return fail(st.error());
    written += chunk;
    s.out.set_size(written);
    rest = rest.subspan(ct_chunk);
  }
  if (!rest.empty()) {
    if (s.done) return fail(Error{Errc::stream_truncated, "data after the final chunk"});
    s.partial.assign(rest.begin(), rest.end());
  }
  return s.out.view();
}

Result<ByteView> EnvelopeReader::finish() {
  State& s = *s_;
  if (s.dead) return Error{Errc::stream_state, "the reader has failed or finished"};
  s.out.clear();
  if (!s.header_done) return fail(Error{Errc::stream_truncated, "the envelope ends inside its header"});
  if (!s.partial.empty()) {
    std::uint8_t* out = s.out.reset(s.partial.size());
    if (out == nullptr) return fail(Error{Errc::out_of_memory, "cannot grow the output buffer"});
    auto st = decrypt_chunk(s.partial.data(), s.partial.size(), out, true);
    if (!st) return fail(st.error());
    s.out.set_size(s.partial.size() - kChunkOverhead);
    s.partial.clear();
  }
  if (!s.done) return fail(Error{Errc::stream_truncated, "the envelope ends before its final chunk"});
  s.dead = true;
  return s.out.view();
}

Result<crypto::SecretBytes> decrypt_record(ByteView envelope, ReaderKeys keys) {
  auto r = EnvelopeReader::create(std::move(keys));
  if (!r) return r.error();
  auto body = r.value().push(envelope);
  if (!body) return body.error();
  const std::size_t n = body.value().size();
  crypto::SecretBytes pt(n);
  std::copy(body.value().begin(), body.value().end(), pt.mut().begin());
  auto tail = r.value().finish();
  if (!tail) return tail.error();
  crypto::SecretBytes all(n + tail.value().size());
  std::copy(pt.view().begin(), pt.view().end(), all.mut().begin());
  std::copy(tail.value().begin(), tail.value().end(), all.mut().begin() + static_cast<std::ptrdiff_t>(n));
  return all;
}

}  // namespace ehr::records
