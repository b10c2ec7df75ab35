// A streaming UnixFS file builder: bytes in, blocks and the root CID out, producing the same DAG
// as ipfs-unixfs-importer (and Kubo's `ipfs add`) for a Profile: fixed-size chunks, balanced
// layout.
//
// The DAG (what the importer does, checked by differential tests):
//  - The input is cut into chunks of exactly chunk_size bytes; the last one may be shorter. An
//    empty input is one empty chunk.
//  - Each chunk is a leaf: a raw block (CIDv1, codec raw), or with raw_leaves off a dag-pb node
//    whose Data is UnixFS {Type file, Data chunk (omitted when empty), filesize}.
//  - A file of one chunk is that leaf alone (the importer's reduceSingleLeafToSelf): the empty
//    file with raw leaves is the raw empty block bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku.
//  - Otherwise leaves are grouped max_links at a time under file nodes: dag-pb with links
//    {Hash, Name "", Tsize} and Data UnixFS {Type file, filesize, blocksizes}. The nodes of a
//    level are grouped the same way, level after level, until one node remains (balanced
//    layout). A group of one at a level above the leaves is still wrapped in a node.
//  - Tsize of a raw leaf is its length; of a node, its block length plus its links' Tsizes.
//    blocksizes are the file bytes under each link.
//
// Memory: one chunk buffer plus, per level, at most max_links pending links; a 1 GiB file in the
// default profile holds about 1 MiB + 1,024 links.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/block.hpp"
#include "ipfs/cid.hpp"
#include "ipfs/profile.hpp"

namespace ehr::ipfs {

/// The root of a built file.
struct FileResult {
  Cid cid;
  std::uint64_t tsize = 0;      ///< cumulative size of the DAG (what a directory link records)
  std::uint64_t file_size = 0;  ///< bytes of file content
  std::uint64_t blocks = 0;     ///< blocks emitted (a leaf repeated in the input counts each time)
};

class FileBuilder {
 public:
  /// A builder for `profile` (validate_profile's rules, else bad_argument). `sink`, if set,
  /// receives every block in order, leaves before the nodes above them, the root last. A leaf's
  /// bytes (BlockKind::leaf) stay valid until the next call on the builder, not only during the
  /// sink call: they are the chunk buffer itself.
  [[nodiscard]] static Result<FileBuilder> create(const Profile& profile, BlockSink sink = {});

  FileBuilder(FileBuilder&&) noexcept;
  FileBuilder& operator=(FileBuilder&&) noexcept;
  FileBuilder(const FileBuilder&) = delete;
  FileBuilder& operator=(const FileBuilder&) = delete;
  ~FileBuilder();

  /// Where the next input bytes may be written in place (the rest of the current chunk; never
  /// empty while the builder is open). Valid until the next call on the builder. Write into it,
  /// then commit() the count: no copy on the way in.
  [[nodiscard]] std::span<std::uint8_t> window() noexcept;
  /// Takes `n` bytes just written at the start of window() (n <= window().size()). Completes a
  /// leaf when the chunk is full, and with it any node whose group fills. Fails with bad_length
  /// when n is too large, stream_state after finish() or an earlier failure, or the sink's error.
  [[nodiscard]] Status commit(std::size_t n);
  /// Copies `data` in (any length) through window()/commit().
  [[nodiscard]] Status update(ByteView data);
  /// Adds a whole raw leaf whose sha2-256 was computed elsewhere (e.g. with WebCrypto), for
  /// raw-leaf profiles only: `size` must be chunk_size, or less for the last leaf, and no bytes
  /// may be pending in the current chunk. The sink is not called for such a leaf: its bytes are
  /// the caller's. Fails with bad_argument or stream_state.
  [[nodiscard]] Status add_raw_leaf(const Hash32& sha256, std::uint32_t size);
  /// Completes the DAG and returns its root; the builder is closed afterwards (stream_state).
  [[nodiscard]] Result<FileResult> finish();

  /// File bytes taken so far.
  [[nodiscard]] std::uint64_t bytes_in() const noexcept;

 private:
  struct State;
  explicit FileBuilder(std::unique_ptr<State> s) noexcept;
  std::unique_ptr<State> s_;
};

/// One-shot: the root of `data` under `profile` (blocks to `sink` if set).
[[nodiscard]] Result<FileResult> build_file(const Profile& profile, ByteView data, BlockSink sink = {});

}  // namespace ehr::ipfs
