// Fuzz target: secretstream decryption of untrusted chunks. (1) The input read as a foreign
// stream (a header, then chunks each preceded by a length byte) under a fixed key: nothing may
// crash, and nothing is accepted after a failure or after the final chunk. (2) Round trip: a stream
// written from the input's bytes reads back exactly, with the final tag on the last chunk only,
// and a one-byte change of its first chunk fails authentication.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "crypto/secretstream.hpp"

namespace ss = ehr::crypto::secretstream;

namespace {
ehr::crypto::SecretKey32 fixed_key() {
  ehr::crypto::SecretKey32 k;
  for (std::size_t i = 0; i < 32; ++i) k.data()[i] = static_cast<std::uint8_t>(i * 7 + 1);
  return k;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto key = fixed_key();
  // 1. The input as a foreign stream: header, then (length, chunk) pairs.
  if (size >= ss::kHeaderSize) {
    ss::Pull pull(key, std::span<const std::uint8_t, 24>(data, 24));
    std::size_t off = ss::kHeaderSize;
    bool dead = false;
    while (off < size) {
      const std::size_t len = data[off++];
      const std::size_t take = len < size - off ? len : size - off;
      std::vector<std::uint8_t> out(take >= ss::kOverhead ? take - ss::kOverhead : 0);
      auto r = pull.pull(out, ehr::ByteView(data + off, take), {});
      off += take;
      if (dead && r.ok()) std::abort();  // nothing is accepted after a failure or the final chunk
      if (!r.ok() && r.error().code == ehr::Errc::bad_length) continue;
      if (!r.ok() || r.value() == ss::Tag::final) dead = true;
    }
    (void)pull.finish();
  }
  // 2. Round trip: the input as plaintext chunks of a stream we write.
  std::uint8_t header[24];
  ss::Push push(key, header);
  std::vector<std::vector<std::uint8_t>> wire;
  std::vector<ehr::ByteView> messages;
  for (std::size_t off = 0; off <= size;) {
    const std::size_t len = off < size ? 1 + data[off] % 64 : 0;
    const std::size_t take = len < size - off ? len : size - off;
    messages.emplace_back(data + off, take);
    wire.emplace_back(take + ss::kOverhead);
    const bool last = off + take >= size;
    if (!push.push(wire.back(), messages.back(), {}, last ? ss::Tag::final : ss::Tag::message).ok()) std::abort();
    off += take;
    if (last) break;
  }
  ss::Pull pull(key, header);
  for (std::size_t i = 0; i < wire.size(); ++i) {
    std::vector<std::uint8_t> out(wire[i].size() - ss::kOverhead);
    auto r = pull.pull(out, wire[i], {});
    if (!r.ok() || (r.value() == ss::Tag::final) != (i + 1 == wire.size())) std::abort();
    for (std::size_t j = 0; j < out.size(); ++j)
      if (out[j] != messages[i][j]) std::abort();
  }
  if (!pull.finish().ok()) std::abort();
  if (!wire.empty() && size > 0) {
    auto bad = wire[0];
    bad[data[0] % bad.size()] ^= 0x01;
    ss::Pull p2(key, header);
    std::vector<std::uint8_t> out(bad.size() - ss::kOverhead);
    if (p2.pull(out, bad, {}).ok()) std::abort();
  }
  return 0;
}
