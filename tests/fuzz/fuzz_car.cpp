// Fuzz target: the CAR reader (incremental, CARv1 and CARv2) and the DAG-CBOR header codec.
// Properties: a CARv1 header that decodes re-encodes to the same bytes; feeding the input in two
// pieces gives the same sections as feeding it at once; every section handed out verifies.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ipfs/block.hpp"
#include "ipfs/car.hpp"
#include "ipfs/varint.hpp"

using namespace ehr;
using namespace ehr::ipfs;

namespace {
std::vector<Bytes> sections(ByteView in, std::size_t split, bool& ok) {
  std::vector<Bytes> out;
  CarReader reader;
  for (const ByteView piece : {in.first(split), in.subspan(split)}) {
    if (!reader.feed(piece).ok()) std::abort();
    for (;;) {
      auto s = reader.next();
      if (!s.ok()) {
        ok = false;
        return out;
      }
      if (!s.value()) break;
      if (!verify_block(s.value()->cid, s.value()->block).ok()) std::abort();
      Bytes b = s.value()->cid.to_bytes();
      b.insert(b.end(), s.value()->block.begin(), s.value()->block.end());
      out.push_back(std::move(b));
    }
  }
  ok = reader.finish().ok();
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  auto header = decode_car_header(in);
  if (header.ok() && header.value().version == 1) {
    const Bytes enc = car_header(header.value().roots);
    const std::size_t prefix = varint_size(size);
    if (ByteView(enc).subspan(prefix).size() != size ||
        !std::equal(in.begin(), in.end(), enc.begin() + static_cast<std::ptrdiff_t>(prefix))) {
      std::abort();
    }
  }
  bool ok_whole = true;
  bool ok_split = true;
  const auto whole = sections(in, size, ok_whole);
  const auto split = sections(in, size / 2, ok_split);
  if (ok_whole != ok_split || whole != split) std::abort();
  return 0;
}
