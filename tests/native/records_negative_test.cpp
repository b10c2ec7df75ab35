// Negative tests of the envelope: every single-bit flip of a small record (header and payload; a
// sample for a large one), truncation at every chunk boundary and inside chunks, reordered,
// dropped and duplicated chunks, wrong keys, unknown versions, oversized headers. Each gives its
// specific error code (docs/record-format.md, "Errors"), and no plaintext of a failed chunk is
// ever released: read chunk by chunk, the plaintext out before the error is exactly the verified
// chunks before the altered one.
#include <gtest/gtest.h>

#include <algorithm>

#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records/key_schedule.hpp"
#include "records/le.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;

namespace {

struct Fixture {
  crypto::Secret<32> chart;        // scope wrap 0 (the one a chart-key reader opens)
  crypto::Secret<32> other_chart;  // scope wrap 1
  crypto::Secret<32> patient;      // recipient wrap 2
  crypto::Secret<32> doctor;       // recipient wrap 3
  std::uint32_t chunk = 1024;
  Bytes pt;
  Bytes env;
  HeaderInfo h;
};

// A record with 4 wraps (scope wraps 0 and 1, recipient wraps 2 and 3), or with `two_wraps` only
// scope wrap 0 and recipient wrap 1.
Fixture make(test::Rng& rng, std::size_t len, std::uint32_t chunk, bool two_wraps = false) {
  Fixture f;
  f.chart = crypto::Secret<32>(ByteView(rng.bytes(32)));
  f.other_chart = crypto::Secret<32>(ByteView(rng.bytes(32)));
  f.patient = crypto::Secret<32>(ByteView(rng.bytes(32)));
  f.doctor = crypto::Secret<32>(ByteView(rng.bytes(32)));
  f.chunk = chunk;
  f.pt = rng.bytes(len);
  WriterParams p;
  p.scope = 3;
  p.epoch = 9;
  p.chunk_size = chunk;
  p.chart_keys = {&f.chart, &f.other_chart};
  p.recipients = {crypto::x25519::public_key(f.patient), crypto::x25519::public_key(f.doctor)};
  if (two_wraps) {
    p.chart_keys = {&f.chart};
    p.recipients = {crypto::x25519::public_key(f.patient)};
  }
  f.env = encrypt_record(f.pt, p).value();
  f.h = parse_header(f.env).value();
  return f;
}

ReaderKeys chart_reader(const Fixture& f) {
  ReaderKeys rk;
  rk.chart_keys.emplace_back(f.chart.view());
  return rk;
}
ReaderKeys patient_reader(const Fixture& f) {
  ReaderKeys rk;
  rk.x25519_secrets.emplace_back(f.patient.view());
  return rk;
}

// Reads `env` one chunk-sized piece at a time (the header first), collecting the plaintext
// released before the outcome. Returns the error code, or "OK".
std::string read_chunkwise(ByteView env, ReaderKeys keys, std::size_t header_len, std::size_t ct_chunk,
                           Bytes& released) {
  released.clear();
  auto r = EnvelopeReader::create(std::move(keys));
  if (!r) return std::string(errc_name(r.error().code));
  std::size_t off = 0;
  while (off < env.size()) {
    const std::size_t n = off == 0 ? std::min(header_len, env.size()) : std::min(ct_chunk, env.size() - off);
    auto c = r.value().push(env.subspan(off, n));
    if (!c) return std::string(errc_name(c.error().code));
    released.insert(released.end(), c.value().begin(), c.value().end());
    off += n;
  }
  auto t = r.value().finish();
  if (!t) return std::string(errc_name(t.error().code));
  released.insert(released.end(), t.value().begin(), t.value().end());
  return "OK";
}

// The error a single-bit flip at byte `pos` must give, for a reader that opens wrap `used`
// (docs/record-format.md, "Errors by header field").
std::string expected_for_flip(const Fixture& f, std::size_t pos, std::uint8_t bit, std::size_t used) {
  if (pos < 4) return "ERR_BAD_ENVELOPE";
  if (pos == 4 || pos == 5) return "ERR_UNKNOWN_VERSION";
  if (pos < 12) return "ERR_BAD_ENVELOPE";  // flags, reserved, header_len
  if (pos < 16) {
    Bytes b(f.env.begin() + 12, f.env.begin() + 16);
    b[pos - 12] ^= bit;
    const std::uint32_t cs = le::load32(b.data());
    return (cs < kMinChunkSize || cs > kMaxChunkSize) ? "ERR_BAD_ENVELOPE" : "ERR_AUTH_FAILED";
  }
  if (pos < 22) return "ERR_AUTH_FAILED";   // scope, epoch
  if (pos < 24) return "ERR_BAD_ENVELOPE";  // wrap_count
  for (std::size_t i = 0; i < f.h.wraps.size(); ++i) {
    const WrapRef& w = f.h.wraps[i];
    const std::size_t head = w.offset - kWrapHeadSize;
    if (pos < head || pos >= w.offset + w.length) continue;
    const std::size_t in = pos - head;
    if (in < 5) return i == used ? "ERR_NO_RECIPIENT" : "ERR_AUTH_FAILED";  // type, hint
    if (in < 7) return "ERR_BAD_ENVELOPE";                                  // length
    return "ERR_AUTH_FAILED";                                               // body
  }
  return "ERR_AUTH_FAILED";  // secretstream header, payload
}

}  // namespace

TEST(RecordsNegative, EveryBitFlipOfASmallRecord) {
  test::Rng rng("RecordsNegative.EveryBitFlipOfASmallRecord");
  // Header with a scope and a recipient wrap, a full chunk and a short FINAL chunk: every bit.
  // (Other wrap layouts: EveryHeaderBitFlipForARecipientKey and the sampled test.)
  const Fixture f = make(rng, 1024 + 60, 1024, true);
  const std::size_t hl = f.h.header_len;
  const std::size_t ct = f.chunk + kChunkOverhead;
  std::size_t checked = 0;
  Bytes released;
  for (std::size_t pos = 0; pos < f.env.size(); ++pos) {
    for (int b = 0; b < 8; ++b) {
      const auto bit = static_cast<std::uint8_t>(1u << b);
      Bytes env = f.env;
      env[pos] ^= bit;
      const std::string want = expected_for_flip(f, pos, bit, 0);
      const std::string got = read_chunkwise(env, chart_reader(f), hl, ct, released);
      ASSERT_EQ(got, want) << "byte " << pos << " bit " << b;
      // Released plaintext: exactly the chunks before the altered one, all verified.
      const std::size_t good_chunks = pos < hl ? 0 : (pos - hl) / ct;
      ASSERT_EQ(released.size(), good_chunks * f.chunk) << "byte " << pos;
      ASSERT_TRUE(std::equal(released.begin(), released.end(), f.pt.begin())) << "byte " << pos;
      ++checked;
    }
  }
  EXPECT_EQ(checked, f.env.size() * 8);
}

TEST(RecordsNegative, EveryHeaderBitFlipForARecipientKey) {
  test::Rng rng("RecordsNegative.EveryHeaderBitFlipForARecipientKey");
  const Fixture f = make(rng, 100, 1024);
  Bytes released;
  // The prefix and the recipient wrap this reader opens: every bit (the other wraps are covered
  // with a chart-key reader above and in the sampled test).
  const WrapRef& w = f.h.wraps[2];
  std::vector<std::size_t> positions;
  for (std::size_t pos = 0; pos < kPrefixSize; ++pos) positions.push_back(pos);
  for (std::size_t pos = w.offset - kWrapHeadSize; pos < w.offset + w.length; ++pos) positions.push_back(pos);
  for (std::size_t pos : positions) {
    for (int b = 0; b < 8; ++b) {
      const auto bit = static_cast<std::uint8_t>(1u << b);
      Bytes env = f.env;
      env[pos] ^= bit;
      const std::string got = read_chunkwise(env, patient_reader(f), f.h.header_len, f.chunk + 17, released);
      ASSERT_EQ(got, expected_for_flip(f, pos, bit, 2)) << "byte " << pos << " bit " << b;
      ASSERT_TRUE(released.empty());
    }
  }
}

TEST(RecordsNegative, SampledBitFlipsOfALargeRecord) {
  test::Rng rng("RecordsNegative.SampledBitFlipsOfALargeRecord");
  const Fixture f = make(rng, 5 * 65536 + 777, 65536);
  const std::size_t hl = f.h.header_len;
  const std::size_t ct = f.chunk + kChunkOverhead;
  Bytes released;
  for (int i = 0; i < 300; ++i) {
    // Half in the header, half anywhere.
    const std::size_t pos = (i % 2 == 0) ? rng.below(hl) : rng.below(f.env.size());
    const auto bit = static_cast<std::uint8_t>(1u << rng.below(8));
    Bytes env = f.env;
    env[pos] ^= bit;
    ASSERT_EQ(read_chunkwise(env, chart_reader(f), hl, ct, released), expected_for_flip(f, pos, bit, 0))
        << "byte " << pos;
    const std::size_t good_chunks = pos < hl ? 0 : (pos - hl) / ct;
    ASSERT_EQ(released.size(), good_chunks * f.chunk);
    ASSERT_TRUE(std::equal(released.begin(), released.end(), f.pt.begin()));
  }
}

TEST(RecordsNegative, TruncationAtEveryChunkBoundaryAndInside) {
  test::Rng rng("RecordsNegative.TruncationAtEveryChunkBoundaryAndInside");
  for (std::size_t len : {0u, 1024u, 3072u, 5000u}) {
    const Fixture f = make(rng, len, 1024);
    const std::size_t hl = f.h.header_len;
    const std::size_t ct = f.chunk + kChunkOverhead;
    Bytes released;
    // Every cut inside the header; at every chunk boundary and at several points inside chunks.
    std::vector<std::size_t> cuts;
    for (std::size_t cut = 0; cut <= hl; ++cut) cuts.push_back(cut);
    for (std::size_t b = hl; b < f.env.size(); b += ct) {
      for (std::size_t d : {0ul, 1ul, 16ul, 17ul, 18ul, ct / 2, ct - 1}) {
        if (b + d < f.env.size()) cuts.push_back(b + d);
      }
    }
    for (std::size_t cut : cuts) {
      const ByteView t(f.env.data(), cut);
      const std::string got = read_chunkwise(t, chart_reader(f), hl, ct, released);
      std::string want;
      if (cut < hl) {
        want = "ERR_STREAM_TRUNCATED";  // inside the header
      } else {
        const std::size_t in_chunk = (cut - hl) % ct;
        want = in_chunk == 0 || in_chunk < kChunkOverhead ? "ERR_STREAM_TRUNCATED" : "ERR_AUTH_FAILED";
      }
      ASSERT_EQ(got, want) << "len " << len << " cut " << cut;
      const std::size_t good = cut < hl ? 0 : (cut - hl) / ct;
      ASSERT_EQ(released.size(), good * f.chunk);
    }
    ASSERT_EQ(read_chunkwise(f.env, chart_reader(f), hl, ct, released), "OK");
    ASSERT_EQ(released, f.pt);
  }
}

TEST(RecordsNegative, ReorderedDroppedDuplicatedChunks) {
  test::Rng rng("RecordsNegative.ReorderedDroppedDuplicatedChunks");
  const Fixture f = make(rng, 5 * 1024 + 300, 1024);  // 6 chunks
  const std::size_t hl = f.h.header_len;
  const std::size_t ct = f.chunk + kChunkOverhead;
  const std::size_t n = 6;
  auto chunk_at = [&](std::size_t i) {
    const std::size_t b = hl + i * ct;
    return Bytes(f.env.begin() + static_cast<std::ptrdiff_t>(b),
                 f.env.begin() + static_cast<std::ptrdiff_t>(std::min(b + ct, f.env.size())));
  };
  auto assemble = [&](const std::vector<std::size_t>& order) {
    Bytes e(f.env.begin(), f.env.begin() + static_cast<std::ptrdiff_t>(hl));
    for (auto i : order) {
      const Bytes c = chunk_at(i);
      e.insert(e.end(), c.begin(), c.end());
    }
    return e;
  };
  Bytes released;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      std::vector<std::size_t> order = {0, 1, 2, 3, 4, 5};
      std::swap(order[i], order[j]);
      EXPECT_EQ(read_chunkwise(assemble(order), chart_reader(f), hl, ct, released), "ERR_AUTH_FAILED")
          << "swap " << i << " " << j;
      EXPECT_EQ(released.size(), i * f.chunk);
    }
    // Chunk i dropped.
    std::vector<std::size_t> drop;
    for (std::size_t k = 0; k < n; ++k)
      if (k != i) drop.push_back(k);
    const std::string want = i == n - 1 ? "ERR_STREAM_TRUNCATED" : "ERR_AUTH_FAILED";
    EXPECT_EQ(read_chunkwise(assemble(drop), chart_reader(f), hl, ct, released), want) << "drop " << i;
    // Chunk i repeated.
    std::vector<std::size_t> dup = {0, 1, 2, 3, 4, 5};
    dup.insert(dup.begin() + static_cast<std::ptrdiff_t>(i) + 1, i);
    // (A repeated short last chunk makes one longer last chunk, whose tag fails.)
    EXPECT_EQ(read_chunkwise(assemble(dup), chart_reader(f), hl, ct, released), "ERR_AUTH_FAILED") << "dup " << i;
  }
  // The chunks of another record with the same chart key do not splice in.
  const Fixture g = make(rng, 5 * 1024 + 300, 1024);
  Bytes spliced(f.env.begin(), f.env.begin() + static_cast<std::ptrdiff_t>(hl));
  spliced.insert(spliced.end(), g.env.begin() + static_cast<std::ptrdiff_t>(g.h.header_len), g.env.end());
  EXPECT_EQ(read_chunkwise(spliced, chart_reader(f), hl, ct, released), "ERR_AUTH_FAILED");
}

TEST(RecordsNegative, WrongKeysUnknownVersionsOversizedHeaders) {
  test::Rng rng("RecordsNegative.WrongKeysUnknownVersionsOversizedHeaders");
  const Fixture f = make(rng, 3000, 1024);
  Bytes released;
  const std::size_t hl = f.h.header_len;
  {
    ReaderKeys rk;
    rk.chart_keys.emplace_back(ByteView(rng.bytes(32)));
    rk.x25519_secrets.emplace_back(ByteView(rng.bytes(32)));
    EXPECT_EQ(read_chunkwise(f.env, std::move(rk), hl, 1041, released), "ERR_NO_RECIPIENT");
    EXPECT_TRUE(released.empty());
    EXPECT_EQ(code_of(decrypt_record(f.env, ReaderKeys{})), "ERR_NO_RECIPIENT");
  }
  for (int v = 0; v < 256; ++v) {
    if (v == 1) continue;
    Bytes e = f.env;
    e[4] = static_cast<std::uint8_t>(v);
    EXPECT_EQ(code_of(decrypt_record(e, chart_reader(f))), "ERR_UNKNOWN_VERSION") << v;
    e = f.env;
    e[5] = static_cast<std::uint8_t>(v);
    EXPECT_EQ(code_of(decrypt_record(e, chart_reader(f))), "ERR_UNKNOWN_VERSION") << v;
  }
  // Oversized: header_len above 64 KiB is refused from the first 24 bytes, before buffering.
  for (std::uint32_t len : {65537u, 1u << 20, 0xffffffffu}) {
    Bytes e(f.env.begin(), f.env.begin() + 24);
    le::store32(e.data() + 8, len);
    auto r = EnvelopeReader::create(chart_reader(f));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(code_of(r.value().push(e)), "ERR_BAD_ENVELOPE") << len;
  }
  // A 64 KiB header of unknown wraps is accepted as a header (then no recipient).
  {
    const std::size_t n_wraps = 256;
    const std::size_t body = (kMaxHeaderSize - kPrefixSize - kStreamHeaderSize) / n_wraps - kWrapHeadSize;
    const std::size_t header_len = kPrefixSize + n_wraps * (kWrapHeadSize + body) + kStreamHeaderSize;
    const auto prefix =
        encode_prefix(static_cast<std::uint32_t>(header_len), 1024, 1, 1, static_cast<std::uint16_t>(n_wraps));
    Bytes e(prefix.begin(), prefix.end());
    for (std::size_t i = 0; i < n_wraps; ++i) {
      e.push_back(0x40);
      e.insert(e.end(), 4, 0);
      le::put16(e, static_cast<std::uint16_t>(body));
      e.insert(e.end(), body, 0xaa);
    }
    e.insert(e.end(), kStreamHeaderSize, 0);
    ASSERT_LE(e.size(), kMaxHeaderSize);
    EXPECT_EQ(code_of(parse_header(e)), "OK");
    EXPECT_EQ(code_of(decrypt_record(e, chart_reader(f))), "ERR_NO_RECIPIENT");
  }
  // Not an envelope at all.
  EXPECT_EQ(code_of(decrypt_record(Bytes{'%', 'P', 'D', 'F'}, chart_reader(f))), "ERR_BAD_ENVELOPE");
  EXPECT_EQ(code_of(decrypt_record(Bytes{'E', 'H'}, chart_reader(f))), "ERR_STREAM_TRUNCATED");
}

TEST(RecordsNegative, AfterAFailureTheReaderStaysDead) {
  test::Rng rng("RecordsNegative.AfterAFailureTheReaderStaysDead");
  const Fixture f = make(rng, 3000, 1024);
  Bytes env = f.env;
  env[f.h.header_len + 3] ^= 1;
  auto r = EnvelopeReader::create(chart_reader(f));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(code_of(r.value().push(env)), "ERR_AUTH_FAILED");
  // Feeding the good bytes again does not revive it.
  EXPECT_EQ(code_of(r.value().push(f.env)), "ERR_STREAM_STATE");
  EXPECT_EQ(code_of(r.value().finish()), "ERR_STREAM_STATE");
}
