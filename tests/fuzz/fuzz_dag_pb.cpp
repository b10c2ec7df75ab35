// Fuzz target: strict DAG-PB and UnixFS decoding, and the DAG reader on whatever decodes.
// Properties: decode -> encode gives back the input bytes (both codecs are canonical-only), and
// the reader never returns bytes outside the block or more than the node claims.
#include <cstdint>
#include <cstdlib>

#include "ipfs/block.hpp"
#include "ipfs/dag_pb.hpp"
#include "ipfs/dag_reader.hpp"
#include "ipfs/unixfs.hpp"

using namespace ehr;
using namespace ehr::ipfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  auto node = decode_dag_pb(in);
  if (node.ok()) {
    Bytes again;
    encode_dag_pb(node.value(), again);
    if (again != Bytes(in.begin(), in.end()) || dag_pb_size(node.value()) != size) std::abort();
    // As the root of a file read: whatever comes out lies inside the block.
    auto cid = block_cid(1, kCodecDagPb, in);
    auto reader = DagReader::create(cid.value());
    auto out = reader.value().supply(in);
    if (out.ok() && out.value().offset + out.value().length > size) std::abort();
  }
  auto ufs = decode_unixfs(in);
  if (ufs.ok()) {
    Bytes again;
    encode_unixfs(ufs.value(), again);
    if (again != Bytes(in.begin(), in.end())) std::abort();
  }
  return 0;
}
