// DAG-PB (https://ipld.io/specs/codecs/dag-pb/spec/): the protobuf block format of UnixFS.
//   message PBLink { optional bytes Hash = 1; optional string Name = 2; optional uint64 Tsize = 3; }
//   message PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }
// The canonical encoding writes every Link before Data, and each link's fields in the order
// Hash, Name, Tsize; absent optional fields are omitted and present ones are kept even when
// empty. The decoder is strict: it accepts exactly the canonical encodings (so decode then
// encode gives back the same bytes), which also means it refuses Data before Links.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/cid.hpp"

namespace ehr::ipfs {

struct PbLink {
  Cid hash;                            ///< required
  std::optional<std::string> name;     ///< UTF-8; absent and "" are distinct
  std::optional<std::uint64_t> tsize;  ///< cumulative size of the linked DAG
};

/// A DAG-PB node. `data` is a view: into the decoded block (decode_dag_pb) or into bytes the
/// caller keeps alive (encode_dag_pb).
struct PbNode {
  std::vector<PbLink> links;
  std::optional<ByteView> data;
};

/// Appends the canonical encoding of `node` to `out`.
void encode_dag_pb(const PbNode& node, Bytes& out);
/// Size of the canonical encoding of `node` in bytes.
[[nodiscard]] std::size_t dag_pb_size(const PbNode& node);

/// Strict decode of a DAG-PB block. `data` in the result points into `block`. Fails with
/// bad_dag_pb for: a wire type or field number outside the schema, Data before or between Links,
/// a repeated Data, a link without Hash or with fields out of order or repeated, a Name that is
/// not UTF-8, a non-minimal varint, truncation; and with the CID parser's errors for a link Hash.
[[nodiscard]] Result<PbNode> decode_dag_pb(ByteView block);

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
[[nodiscard]] bool is_utf8(std::string_view s) noexcept;

}  // namespace ehr::ipfs
