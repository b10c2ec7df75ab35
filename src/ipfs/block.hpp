// Blocks: bytes addressed by a CID. Verification hashes the bytes and compares the digest with
// the CID's multihash; it is the only way bytes from outside (a gateway, a CAR file) enter the
// DAG readers.
#pragma once

#include <cstdint>
#include <functional>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/cid.hpp"

namespace ehr::ipfs {

/// Largest block accepted from outside: 2 MiB, the limit of Bitswap and of trustless gateways.
inline constexpr std::size_t kMaxBlockSize = 2U << 20;

/// What a builder emits: a file's leaf (raw or UnixFS leaf node) or a DAG-PB node built above
/// leaves (file nodes, directories).
enum class BlockKind : std::uint8_t { leaf, node };

/// Receives each block a builder produces. `bytes` is only valid during the call. A failure
/// stops the builder and is returned from the call that triggered it.
using BlockSink = std::function<Status(const Cid& cid, ByteView bytes, BlockKind kind)>;

/// Checks that `block` hashes to `cid`'s multihash (sha2-256: the digest; identity: the bytes
/// themselves). Fails with hash_mismatch, or too_large above kMaxBlockSize.
[[nodiscard]] Status verify_block(const Cid& cid, ByteView block);

/// The sha2-256 CID of `block` with the given version and codec (make_cid's rules).
[[nodiscard]] Result<Cid> block_cid(std::uint8_t version, std::uint64_t codec, ByteView block);

}  // namespace ehr::ipfs
