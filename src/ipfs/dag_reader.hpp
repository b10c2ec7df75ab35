// A DAG walker that reassembles a UnixFS file from blocks obtained elsewhere (a gateway, a CAR,
// a blockstore), verifying each one before use. It is a pull state machine, so the caller can
// fetch blocks however it likes (asynchronously, in parallel, with fallbacks):
//
//   while (const Cid* want = reader.next()) {
//     bytes = fetch(*want);                    // from anywhere, untrusted
//     auto out = reader.supply(bytes);         // hash checked against *want, then decoded
//     deliver(bytes.subspan(out.offset, out.length));
//   }
//
// File bytes come out in order. Only blocks that hold bytes of the requested range are asked for
// (blocksizes locate each child), so a range read of a large file fetches one path down the tree.
// Each block is also checked against what its parent said about it: a file node's blocksizes must
// match its links and add up to its filesize, and each child must hold exactly the bytes its
// parent's blocksizes entry claims. A path ("css/site.css") is first resolved through flat UnixFS
// directories.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/cid.hpp"

namespace ehr::ipfs {

/// Deepest file DAG the reader follows (a balanced DAG of 174-link nodes is 9 levels deep at
/// 2^64 bytes).
inline constexpr std::size_t kMaxDagDepth = 32;

class DagReader {
 public:
  /// Where the file bytes sit in a supplied block.
  struct Output {
    std::size_t offset = 0;
    std::size_t length = 0;
  };

  /// A reader of the file at `root` (or at `path` below it; "" for the root itself), bytes
  /// [offset, offset + length) clamped to the file (length absent: to the end). Fails with
  /// bad_argument for a bad path.
  [[nodiscard]] static Result<DagReader> create(const Cid& root, std::string_view path = {}, std::uint64_t offset = 0,
                                                std::optional<std::uint64_t> length = std::nullopt);

  DagReader(DagReader&&) noexcept;
  DagReader& operator=(DagReader&&) noexcept;
  ~DagReader();

  /// The block needed next, or nullptr when the range is complete (or after a failure).
  [[nodiscard]] const Cid* next() const noexcept;
  /// Takes the bytes of next(): verifies them against its CID, decodes, and returns where the
  /// file bytes of the range are in `block` (possibly none). Fails with hash_mismatch when the
  /// bytes are not that block: nothing changes and the same block is still needed (try another
  /// source). Fails for good, as the DAG itself is bad, with bad_dag_pb, bad_unixfs (inconsistent
  /// sizes, too deep), not_a_file (a directory), path_not_found, unsupported (HAMT directory,
  /// symlink); stream_state when nothing is needed.
  [[nodiscard]] Result<Output> supply(ByteView block);
  /// True when every byte of the range has been returned.
  [[nodiscard]] bool done() const noexcept;
  /// The file's size, once its root block was supplied.
  [[nodiscard]] std::optional<std::uint64_t> file_size() const noexcept;
  /// Bytes of the range, once the file's root block was supplied.
  [[nodiscard]] std::optional<std::uint64_t> range_length() const noexcept;
  /// Bytes returned so far.
  [[nodiscard]] std::uint64_t bytes_out() const noexcept;
  /// Appends up to `max` CIDs that will be needed, in the order they will be asked for, next()
  /// first (for prefetching). Blocks below them are not known yet.
  void upcoming(std::size_t max, std::vector<Cid>& out) const;

 private:
  struct State;
  explicit DagReader(std::unique_ptr<State> s) noexcept;
  std::unique_ptr<State> s_;
};

}  // namespace ehr::ipfs
