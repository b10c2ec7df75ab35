// Fuzz target: the record envelope reader (header scan, wraps, chunked secretstream).
// Byte 0 selects the mode:
//  even: the rest is an envelope, read with fixed keys in splits chosen by byte 0; properties: the
//        result (plaintext or error code) is the same for a one-shot read and a split read, a
//        header that parses re-encodes to the same prefix, and every prefix of a complete header
//        scans without error.
//  odd:  the rest is a plaintext; round trip: encrypt with chunks of 1 KiB, decrypt, compare.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"

using namespace ehr;
using namespace ehr::records;

namespace {
ReaderKeys fixed_keys() {
  ReaderKeys k;
  k.chart_keys.emplace_back(ByteView(Bytes(32, 0x42)));
  k.x25519_secrets.emplace_back(ByteView(Bytes(32, 0x24)));
  return k;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const ByteView in(data + 1, size - 1);
  if (mode & 1) {
    const crypto::Secret<32> k(ByteView(Bytes(32, 0x42)));
    WriterParams p;
    p.scope = mode;
    p.epoch = 7;
    p.chunk_size = 1024;
    p.chart_keys = {&k};
    auto env = encrypt_record(in, p);
    if (!env) std::abort();
    auto back = decrypt_record(env.value(), fixed_keys());
    if (!back || back.value().size() != in.size() ||
        (!in.empty() && std::memcmp(back.value().view().data(), in.data(), in.size()) != 0)) {
      std::abort();
    }
    return 0;
  }
  // One shot.
  auto whole = decrypt_record(in, fixed_keys());
  // Split read: pieces of (mode / 2 + 1) bytes.
  const std::size_t piece = static_cast<std::size_t>(mode / 2) + 1;
  Bytes split_pt;
  Errc split_code = Errc::ok;
  {
    auto r = EnvelopeReader::create(fixed_keys());
    if (!r) std::abort();
    for (std::size_t off = 0; off < in.size() && split_code == Errc::ok; off += piece) {
      auto c = r.value().push(in.subspan(off, std::min(piece, in.size() - off)));
      if (!c) split_code = c.error().code;
      else split_pt.insert(split_pt.end(), c.value().begin(), c.value().end());
    }
    if (split_code == Errc::ok) {
      auto t = r.value().finish();
      if (!t) split_code = t.error().code;
      else split_pt.insert(split_pt.end(), t.value().begin(), t.value().end());
    }
  }
  if (whole.ok() != (split_code == Errc::ok)) std::abort();
  if (!whole.ok() && whole.error().code != split_code) std::abort();
  if (whole.ok() &&
      (whole.value().size() != split_pt.size() ||
       (!split_pt.empty() && std::memcmp(whole.value().view().data(), split_pt.data(), split_pt.size())))) {
    std::abort();
  }
  auto h = parse_header(in);
  if (h) {
    const auto prefix = encode_prefix(h.value().header_len, h.value().chunk_size, h.value().scope, h.value().epoch,
                                      static_cast<std::uint16_t>(h.value().wraps.size()));
    if (std::memcmp(prefix.data(), in.data(), prefix.size()) != 0) std::abort();
    for (std::size_t n = 0; n < h.value().header_len; ++n) {
      if (!scan_header(in.first(n))) std::abort();
    }
  }
  return 0;
}
