// The record envelope: round trips in any split, the published vectors (decrypted and reproduced
// byte for byte in the test-only deterministic mode), header parsing and writer/reader states.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>

#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records/key_schedule.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;
using ehr::test::unhex;

namespace {

crypto::Secret<32> key_from(const Bytes& b) { return crypto::Secret<32>(ByteView(b)); }

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// Writes `pt` in random-size pushes, returns the envelope.
Bytes write_split(ByteView pt, const WriterParams& p, test::Rng& rng, std::size_t max_piece) {
  auto w = EnvelopeWriter::create(p);
  EXPECT_TRUE(w.ok()) << w.error().message;
  Bytes env(w.value().header().begin(), w.value().header().end());
  for (std::size_t off = 0; off < pt.size();) {
    const std::size_t n = std::min(pt.size() - off, 1 + rng.below(max_piece));
    auto c = w.value().push(pt.subspan(off, n));
    EXPECT_TRUE(c.ok());
    env.insert(env.end(), c.value().begin(), c.value().end());
    off += n;
  }
  auto t = w.value().finish();
  EXPECT_TRUE(t.ok());
  env.insert(env.end(), t.value().begin(), t.value().end());
  return env;
}

// Reads `env` in random-size pushes; returns the plaintext or the error code.
Result<Bytes> read_split(ByteView env, ReaderKeys keys, test::Rng& rng, std::size_t max_piece) {
  auto r = EnvelopeReader::create(std::move(keys));
  if (!r) return r.error();
  Bytes pt;
  for (std::size_t off = 0; off < env.size();) {
    const std::size_t n = std::min(env.size() - off, 1 + rng.below(max_piece));
    auto c = r.value().push(env.subspan(off, n));
    if (!c) return c.error();
    pt.insert(pt.end(), c.value().begin(), c.value().end());
    off += n;
  }
  auto t = r.value().finish();
  if (!t) return t.error();
  pt.insert(pt.end(), t.value().begin(), t.value().end());
  return pt;
}

ReaderKeys chart_keys(const crypto::Secret<32>& k) {
  ReaderKeys rk;
  rk.chart_keys.emplace_back(k.view());
  return rk;
}

}  // namespace

TEST(RecordsEnvelope, RoundTripAnySizeAnySplit) {
  test::Rng rng("RecordsEnvelope.RoundTripAnySizeAnySplit");
  const auto root = key_from(rng.bytes(32));
  const auto patient = key_from(rng.bytes(32));
  const auto patient_pk = crypto::x25519::public_key(patient);
  for (int i = 0; i < 60; ++i) {
    const std::uint32_t chunk = (i % 3 == 0) ? 1024 : static_cast<std::uint32_t>(1024 + rng.below(5000));
    // Sizes around chunk multiples, and random ones.
    std::size_t len;
    switch (i % 4) {
      case 0: len = chunk * rng.below(4); break;
      case 1: len = chunk * rng.below(4) + 1; break;
      case 2: len = chunk * (1 + rng.below(3)) - 1; break;
      default: len = rng.below(5 * chunk); break;
    }
    const Bytes pt = rng.bytes(len);
    const auto k = chart_key(root, static_cast<std::uint16_t>(i), 7);
    WriterParams p;
    p.scope = static_cast<std::uint16_t>(i);
    p.epoch = 7;
    p.chunk_size = chunk;
    p.chart_keys = {&k};
    p.recipients = {patient_pk};
    const Bytes env = write_split(pt, p, rng, 3 * chunk);
    ASSERT_EQ(env.size(), parse_header(env).value().header_len + payload_size(len, chunk)) << "len " << len;
    auto a = read_split(env, chart_keys(k), rng, 3 * chunk);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a.value(), pt);
    ReaderKeys rk;
    rk.x25519_secrets.emplace_back(patient.view());
    auto b = read_split(env, std::move(rk), rng, 97);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b.value(), pt);
  }
}

TEST(RecordsEnvelope, DefaultChunkSizeAndOneShotHelpers) {
  test::Rng rng("RecordsEnvelope.DefaultChunkSizeAndOneShotHelpers");
  const auto k = key_from(rng.bytes(32));
  const Bytes pt = rng.bytes(3 * kDefaultChunkSize + 12345);
  WriterParams p;
  p.chart_keys = {&k};
  auto env = encrypt_record(pt, p);
  ASSERT_TRUE(env.ok());
  auto h = parse_header(env.value());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value().chunk_size, kDefaultChunkSize);
  EXPECT_EQ(env.value().size(), h.value().header_len + payload_size(pt.size(), kDefaultChunkSize));
  auto back = decrypt_record(env.value(), chart_keys(k));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(same(back.value().view(), pt));
}

TEST(RecordsEnvelope, FreshContentKeyAndNoncesEveryTime) {
  const crypto::Secret<32> k(ByteView(Bytes(32, 9)));
  WriterParams p;
  p.chart_keys = {&k};
  const Bytes pt(100, 1);
  auto a = encrypt_record(pt, p);
  auto b = encrypt_record(pt, p);
  ASSERT_TRUE(a.ok() && b.ok());
  // Same prefix and hint; different nonce, wrap, stream header and payload.
  EXPECT_TRUE(std::equal(a.value().begin(), a.value().begin() + 31, b.value().begin()));
  EXPECT_NE(Bytes(a.value().begin() + 31, a.value().end()), Bytes(b.value().begin() + 31, b.value().end()));
}

TEST(RecordsEnvelope, WriterArgumentsAndStates) {
  const crypto::Secret<32> k(ByteView(Bytes(32, 3)));
  WriterParams p;
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_BAD_ARGUMENT");  // no wraps
  p.chart_keys = {&k};
  p.chunk_size = 1023;
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_BAD_ARGUMENT");
  p.chunk_size = kMaxChunkSize + 1;
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_BAD_ARGUMENT");
  p.chunk_size = 1024;
  p.recipients.assign(256, X25519Public{9});
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_BAD_ARGUMENT");  // 257 wraps
  p.recipients.assign(1, X25519Public{});                             // the zero point
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_INVALID_PUBLIC_KEY");
  p.recipients.clear();
  p.chart_keys = {nullptr};
  EXPECT_EQ(code_of(EnvelopeWriter::create(p)), "ERR_BAD_ARGUMENT");
  p.chart_keys = {&k};
  auto w = EnvelopeWriter::create(p);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w.value().finish().ok());
  EXPECT_EQ(code_of(w.value().push(Bytes(3))), "ERR_STREAM_STATE");
  EXPECT_EQ(code_of(w.value().finish()), "ERR_STREAM_STATE");
}

TEST(RecordsEnvelope, MaximumWrapsFitTheHeaderLimit) {
  test::Rng rng("RecordsEnvelope.MaximumWrapsFitTheHeaderLimit");
  const auto k = key_from(rng.bytes(32));
  std::vector<crypto::Secret<32>> secrets;
  WriterParams p;
  p.chart_keys = {&k};
  for (int i = 0; i < 255; ++i) {
    secrets.push_back(key_from(rng.bytes(32)));
    p.recipients.push_back(crypto::x25519::public_key(secrets.back()));
  }
  auto env = encrypt_record(Bytes(10, 1), p);
  ASSERT_TRUE(env.ok());
  auto h = parse_header(env.value());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value().wraps.size(), 256u);
  EXPECT_LE(h.value().header_len, kMaxHeaderSize);
  ReaderKeys rk;
  rk.x25519_secrets.emplace_back(secrets.back().view());
  auto r = EnvelopeReader::create(std::move(rk));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.value().push(env.value()).ok());
  ASSERT_TRUE(r.value().finish().ok());
  EXPECT_EQ(r.value().opened_wrap(), std::optional<std::size_t>(255));
}

TEST(RecordsEnvelope, ReaderStates) {
  const crypto::Secret<32> k(ByteView(Bytes(32, 4)));
  WriterParams p;
  p.chart_keys = {&k};
  const Bytes env = encrypt_record(Bytes(5000, 2), p).value();
  auto r = EnvelopeReader::create(chart_keys(k));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().header(), nullptr);
  ASSERT_TRUE(r.value().push(ByteView(env).first(30)).ok());
  EXPECT_EQ(r.value().header(), nullptr);
  ASSERT_TRUE(r.value().push(ByteView(env).subspan(30)).ok());
  ASSERT_NE(r.value().header(), nullptr);
  EXPECT_EQ(r.value().header()->chunk_size, kDefaultChunkSize);
  // 5000 bytes: one short FINAL chunk, which only finish() can tell is complete.
  EXPECT_FALSE(r.value().done());
  auto tail = r.value().finish();
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail.value().size(), 5000u);
  EXPECT_TRUE(r.value().done());
  EXPECT_EQ(code_of(r.value().push(Bytes(1))), "ERR_STREAM_STATE");
  EXPECT_EQ(code_of(r.value().finish()), "ERR_STREAM_STATE");
}

TEST(RecordsEnvelope, EmptyPushesAnywhere) {
  const crypto::Secret<32> k(ByteView(Bytes(32, 6)));
  WriterParams p;
  p.chart_keys = {&k};
  p.chunk_size = 1024;
  auto w = EnvelopeWriter::create(p);
  ASSERT_TRUE(w.ok());
  Bytes env(w.value().header().begin(), w.value().header().end());
  for (const Bytes& piece : {Bytes{}, Bytes(1024, 1), Bytes{}, Bytes(1024, 2), Bytes{}}) {
    auto c = w.value().push(piece);
    ASSERT_TRUE(c.ok());
    env.insert(env.end(), c.value().begin(), c.value().end());
  }
  auto t = w.value().finish();
  ASSERT_TRUE(t.ok());
  env.insert(env.end(), t.value().begin(), t.value().end());
  auto r = EnvelopeReader::create(chart_keys(k));
  ASSERT_TRUE(r.ok());
  std::size_t got = 0;
  ASSERT_TRUE(r.value().push(Bytes{}).ok());
  for (std::size_t off = 0; off < env.size(); off += 700) {
    auto c = r.value().push(ByteView(env).subspan(off, std::min<std::size_t>(700, env.size() - off)));
    ASSERT_TRUE(c.ok());
    got += c.value().size();
    ASSERT_TRUE(r.value().push(Bytes{}).ok());  // empty pushes, also after the FINAL chunk
  }
  EXPECT_TRUE(r.value().done());
  auto tail = r.value().finish();
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(got + tail.value().size(), 2048u);
}

TEST(RecordsEnvelope, IncompleteScanReportsHeaderLength) {
  const crypto::Secret<32> k(ByteView(Bytes(32, 6)));
  WriterParams p;
  p.chart_keys = {&k};
  const Bytes env = encrypt_record(Bytes(10, 1), p).value();
  auto s = scan_header(ByteView(env).first(23));
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s.value().complete);
  EXPECT_EQ(s.value().info.header_len, 0u);
  s = scan_header(ByteView(env).first(24));
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s.value().complete);
  EXPECT_EQ(s.value().info.header_len, 127u);
  EXPECT_EQ(s.value().need, 31u);
}
