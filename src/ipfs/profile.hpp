// Import profiles: the parameters that decide a file's DAG, hence its CID. Two named profiles
// (IPIP-499 names in brackets):
//   "unixfs-v1-2025" (default): CIDv1, raw leaves, 1 MiB fixed-size chunks, at most 1,024 links
//                    per node, balanced layout.
//   "kubo-default" ["unixfs-v0-2015"]: CIDv0, leaves wrapped as UnixFS file nodes in dag-pb,
//                    256 KiB chunks, 174 links per node, balanced layout (Kubo's historic
//                    defaults).
// Both match ipfs-unixfs-importer with the same settings, and Kubo's `ipfs add` with
// --cid-version, --raw-leaves, --chunker=size-N, --max-file-links=N, --trickle=false.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace ehr::ipfs {

/// Largest chunk (and raw leaf) size: 1 MiB, Kubo's chunker limit.
inline constexpr std::uint32_t kMaxChunkSize = 1U << 20;
/// Largest number of links per file node accepted in a profile.
inline constexpr std::uint32_t kMaxLinksPerNode = 8192;
/// A flat UnixFS directory block may be at most this large (bytes); importers switch to a HAMT
/// shard beyond it, which this module does not build.
inline constexpr std::size_t kMaxFlatDirectoryBlock = 262144;

struct Profile {
  std::uint32_t chunk_size = kMaxChunkSize;  ///< fixed-size chunker, 1..kMaxChunkSize
  std::uint32_t max_links = 1024;            ///< links per file node, 2..kMaxLinksPerNode
  std::uint8_t cid_version = 1;              ///< of dag-pb nodes; raw leaves are always CIDv1
  bool raw_leaves = true;                    ///< raw blocks as leaves, else UnixFS file nodes
};

/// "unixfs-v1-2025".
[[nodiscard]] Profile profile_unixfs_v1_2025() noexcept;
/// "kubo-default" (also "unixfs-v0-2015").
[[nodiscard]] Profile profile_kubo_default() noexcept;
/// A named profile; bad_argument for an unknown name.
[[nodiscard]] Result<Profile> profile_by_name(std::string_view name);
/// bad_argument unless every field is in range.
[[nodiscard]] Status validate_profile(const Profile& p);

}  // namespace ehr::ipfs
