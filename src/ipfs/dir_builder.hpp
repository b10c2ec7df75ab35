// A UnixFS directory builder: files (already built, by CID and Tsize) placed at paths, directory
// nodes out, the root last. Produces what ipfs-unixfs-importer produces with wrapWithDirectory
// for the same paths: one dag-pb node per directory, Data UnixFS {Type directory}, links sorted
// by the bytes of their names (shorter first on a common prefix), each {Hash, Name, Tsize}, and
// the Tsize of a directory is its block length plus its links' Tsizes. Directory CIDs use the
// profile's CID version.
//
// Limits: flat directories only. Importers turn a directory into a HAMT shard once its links
// pass 256 KiB (ipfs-unixfs-importer and Kubo measure slightly differently); a directory whose
// flat block would exceed kMaxFlatDirectoryBlock (262,144 bytes, about 3,000-5,000 entries
// depending on name length) is refused with Errc::unsupported, so a CID from this builder is
// never one that an importer would have sharded. No mode or mtime metadata.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/result.hpp"
#include "ipfs/block.hpp"
#include "ipfs/cid.hpp"
#include "ipfs/profile.hpp"

namespace ehr::ipfs {

struct DirectoryResult {
  Cid cid;
  std::uint64_t tsize = 0;
  std::uint64_t blocks = 0;  ///< directory nodes emitted
};

/// Largest number of path components.
inline constexpr std::size_t kMaxPathDepth = 64;

class DirectoryBuilder {
 public:
  /// A builder whose directory nodes use `profile.cid_version`.
  explicit DirectoryBuilder(const Profile& profile);
  DirectoryBuilder(DirectoryBuilder&&) noexcept;
  DirectoryBuilder& operator=(DirectoryBuilder&&) noexcept;
  ~DirectoryBuilder();

  /// Places a file at `path` ("a.txt", "css/site.css": components separated by '/', each
  /// non-empty UTF-8, not "." or "..", without '\'). Missing parent directories are created.
  /// Fails with bad_argument for a bad path, a path already taken, or a file where a directory
  /// is (or the reverse).
  [[nodiscard]] Status add_file(std::string_view path, const Cid& cid, std::uint64_t tsize);
  /// Adds an (empty unless filled later) directory at `path`. Same path rules.
  [[nodiscard]] Status add_directory(std::string_view path);
  /// Encodes every directory, children before parents, sends each to `sink` (if set) and returns
  /// the root. Fails with unsupported when a directory exceeds kMaxFlatDirectoryBlock, or with
  /// the sink's error.
  [[nodiscard]] Result<DirectoryResult> build(const BlockSink& sink = {}) const;

 private:
  struct Dir;
  Profile profile_;
  std::unique_ptr<Dir> root_;
};

}  // namespace ehr::ipfs
