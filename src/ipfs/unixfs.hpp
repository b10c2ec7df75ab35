// UnixFS Data (https://specs.ipfs.tech/unixfs/): the protobuf carried in the Data field of a
// DAG-PB node, describing files and directories.
//   message Data { required DataType Type = 1; optional bytes Data = 2; optional uint64 filesize = 3;
//                  repeated uint64 blocksizes = 4; optional uint64 hashType = 5;
//                  optional uint64 fanout = 6; optional uint32 mode = 7; optional UnixTime mtime = 8; }
//   message UnixTime { required int64 Seconds = 1; optional fixed32 FractionalNanoseconds = 2; }
// Fields are written in field-number order, blocksizes unpacked, as Kubo (boxo) and
// ipfs-unixfs do. The decoder is strict: that same order and form only, no unknown fields.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::ipfs {

enum class UnixfsType : std::uint8_t { raw = 0, directory = 1, file = 2, metadata = 3, symlink = 4, hamt_shard = 5 };

struct UnixTime {
  std::int64_t seconds = 0;
  std::optional<std::uint32_t> nanos;
};

struct UnixfsData {
  UnixfsType type = UnixfsType::file;
  std::optional<ByteView> data;  ///< a view into the decoded bytes or into caller-owned bytes
  std::optional<std::uint64_t> filesize;
  std::vector<std::uint64_t> blocksizes;
  std::optional<std::uint64_t> hash_type;
  std::optional<std::uint64_t> fanout;
  std::optional<std::uint32_t> mode;
  std::optional<UnixTime> mtime;
};

/// Appends the encoding of `d` to `out`.
void encode_unixfs(const UnixfsData& d, Bytes& out);

/// Strict decode. `data` in the result points into `in`. Fails with bad_unixfs for a missing or
/// unknown Type, fields out of order or repeated (except blocksizes), a wrong wire type, an
/// unknown field, a non-minimal varint or truncation.
[[nodiscard]] Result<UnixfsData> decode_unixfs(ByteView in);

}  // namespace ehr::ipfs
