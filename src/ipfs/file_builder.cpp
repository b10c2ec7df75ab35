#include "ipfs/file_builder.hpp"

#include <cstring>
#include <memory>
#include <new>

#include "crypto/sha256.hpp"
#include "ipfs/dag_pb.hpp"
#include "ipfs/unixfs.hpp"
#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {

// Room kept before and after the chunk in the buffer, so that a UnixFS leaf node
// (0x0a len 0x08 0x02 0x12 len <chunk> 0x18 filesize) is written around the chunk in place.
constexpr std::size_t kHead = 16;
constexpr std::size_t kTail = 16;

// A link waiting in a level of the layout.
struct Entry {
  Cid cid;
  std::uint64_t tsize = 0;      // Tsize of the link
  std::uint64_t blocksize = 0;  // file bytes under it (the parent's blocksizes entry)
};

struct Level {
  std::vector<Entry> pending;
  std::uint64_t total = 0;  // entries ever added to this level
};

}  // namespace

struct FileBuilder::State {
  Profile profile;
  BlockSink sink;
  // kHead + chunk + kTail, left uninitialised: every byte is written before it is read, and
  // zero-filling a 1 MiB chunk cost more than hashing a small file.
  std::unique_ptr<std::uint8_t[]> buf;
  std::size_t fill = 0;  // chunk bytes pending in buf
  std::uint64_t bytes_in = 0;
  std::uint64_t leaves = 0;
  std::uint64_t blocks = 0;
  bool short_leaf = false;  // a leaf shorter than chunk_size was added by add_raw_leaf
  bool closed = false;
  std::vector<Level> levels;
  Bytes node_buf;  // encoded file node
  Bytes data_buf;  // its UnixFS Data
  PbNode node;     // reused link list

  Status emit(const Cid& cid, ByteView bytes, BlockKind kind) {
    ++blocks;
    if (!sink) return ok_status();
    return sink(cid, bytes, kind);
  }

  // Adds an entry to level k; a full group becomes a node one level up.
  Status push(std::size_t k, const Entry& e) {
    if (levels.size() <= k) levels.resize(k + 1);
    levels[k].pending.push_back(e);
    levels[k].total += 1;
    if (levels[k].pending.size() < profile.max_links) return ok_status();
    auto node_entry = reduce(k);
    if (!node_entry) return node_entry.error();
    return push(k + 1, node_entry.value());
  }

  // Replaces the pending entries of level k by one file node over them.
  Result<Entry> reduce(std::size_t k) {
    UnixfsData ufs;
    ufs.type = UnixfsType::file;
    std::uint64_t tsize_links = 0;
    std::uint64_t filesize = 0;
    node.links.clear();
    for (const Entry& e : levels[k].pending) {
      // The importer leaves out links to empty leaves (only an empty file has one).
      if (e.blocksize == 0) continue;
      node.links.push_back(PbLink{e.cid, std::string(), e.tsize});
      ufs.blocksizes.push_back(e.blocksize);
      tsize_links += e.tsize;
      filesize += e.blocksize;
    }
    levels[k].pending.clear();
    ufs.filesize = filesize;
    data_buf.clear();
    encode_unixfs(ufs, data_buf);
    node.data = ByteView(data_buf);
    node_buf.clear();
    encode_dag_pb(node, node_buf);
    auto cid = block_cid(profile.cid_version, kCodecDagPb, node_buf);
    if (!cid) return cid.error();
    if (auto s = emit(cid.value(), node_buf, BlockKind::node); !s) return s.error();
    return Entry{cid.value(), node_buf.size() + tsize_links, filesize};
  }

  // Turns the pending chunk into a leaf.
  Status leaf() {
    const std::size_t n = fill;
    fill = 0;
    ++leaves;
    std::uint8_t* chunk = buf.get() + kHead;
    if (profile.raw_leaves) {
      const ByteView bytes(chunk, n);
      const Cid cid{1, kCodecRaw, multihash_sha256(bytes)};
      if (auto s = emit(cid, bytes, BlockKind::leaf); !s) return s;
      return push(0, Entry{cid, n, n});
    }
    // dag-pb { Data: UnixFS { Type: file, Data: chunk (if any), filesize: n } }, in place.
    const std::size_t data_field = n == 0 ? 0 : 1 + varint_size(n) + n;
    const std::size_t ufs_len = 2 + data_field + 1 + varint_size(n);
    std::uint8_t head[kHead];
    std::size_t h = 0;
    head[h++] = 0x0a;
    h += write_varint(head + h, ufs_len);
    head[h++] = 0x08;
    head[h++] = static_cast<std::uint8_t>(UnixfsType::file);
    if (n != 0) {
      head[h++] = 0x12;
      h += write_varint(head + h, n);
    }
    std::uint8_t* start = chunk - h;
    std::memcpy(start, head, h);
    std::size_t t = 0;
    chunk[n + t++] = 0x18;
    t += write_varint(chunk + n + t, n);
    const ByteView bytes(start, h + n + t);
    auto cid = block_cid(profile.cid_version, kCodecDagPb, bytes);
    if (!cid) return cid.error();
    if (auto s = emit(cid.value(), bytes, BlockKind::leaf); !s) return s;
    return push(0, Entry{cid.value(), bytes.size(), n});
  }

  Status fail(const Error& e) {
    closed = true;
    return e;
  }
};

FileBuilder::FileBuilder(std::unique_ptr<State> s) noexcept : s_(std::move(s)) {}
FileBuilder::FileBuilder(FileBuilder&&) noexcept = default;
FileBuilder& FileBuilder::operator=(FileBuilder&&) noexcept = default;
FileBuilder::~FileBuilder() = default;

Result<FileBuilder> FileBuilder::create(const Profile& profile, BlockSink sink) {
  if (auto s = validate_profile(profile); !s) return s.error();
  auto st = std::make_unique<State>();
  st->profile = profile;
  st->sink = std::move(sink);
  st->buf.reset(new (std::nothrow)
                    std::uint8_t[kHead + profile.chunk_size + kTail]);  // NOLINT: uninitialised on purpose
  if (!st->buf) return Error{Errc::out_of_memory, "file builder: out of memory"};
  st->node.links.reserve(profile.max_links);
  return FileBuilder(std::move(st));
}

std::span<std::uint8_t> FileBuilder::window() noexcept {
  if (!s_ || s_->closed) return {};
  return std::span<std::uint8_t>(s_->buf.get() + kHead + s_->fill, s_->profile.chunk_size - s_->fill);
}

Status FileBuilder::commit(std::size_t n) {
  if (!s_ || s_->closed) return Error{Errc::stream_state, "file builder: already finished or failed"};
  if (n > s_->profile.chunk_size - s_->fill) return Error{Errc::bad_length, "file builder: commit beyond the window"};
  if (n == 0) return ok_status();
  if (s_->short_leaf) return s_->fail(Error{Errc::stream_state, "file builder: bytes after the last (short) leaf"});
  s_->fill += n;
  s_->bytes_in += n;
  if (s_->fill == s_->profile.chunk_size) {
    if (auto s = s_->leaf(); !s) return s_->fail(s.error());
  }
  return ok_status();
}

Status FileBuilder::update(ByteView data) {
  while (!data.empty()) {
    auto w = window();
    if (w.empty()) return commit(1);  // closed: report why
    const std::size_t n = std::min(w.size(), data.size());
    std::memcpy(w.data(), data.data(), n);
    data = data.subspan(n);
    if (auto s = commit(n); !s) return s;
  }
  return ok_status();
}

Status FileBuilder::add_raw_leaf(const Hash32& sha256, std::uint32_t size) {
  if (!s_ || s_->closed) return Error{Errc::stream_state, "file builder: already finished or failed"};
  if (!s_->profile.raw_leaves)
    return Error{Errc::bad_argument, "file builder: precomputed leaves need a raw-leaf profile"};
  if (s_->fill != 0)
    return s_->fail(Error{Errc::stream_state, "file builder: precomputed leaf while a chunk is pending"});
  if (s_->short_leaf) return s_->fail(Error{Errc::stream_state, "file builder: leaf after the last (short) leaf"});
  if (size > s_->profile.chunk_size)
    return s_->fail(Error{Errc::bad_argument, "file builder: leaf larger than the chunk size"});
  if (size == 0 && s_->leaves != 0)
    return s_->fail(Error{Errc::bad_argument, "file builder: empty leaf inside a file"});
  if (size < s_->profile.chunk_size) s_->short_leaf = true;
  ++s_->leaves;
  ++s_->blocks;
  s_->bytes_in += size;
  const Cid cid{1, kCodecRaw, multihash_from_sha256(sha256)};
  if (auto s = s_->push(0, Entry{cid, size, size}); !s) return s_->fail(s.error());
  return ok_status();
}

Result<FileResult> FileBuilder::finish() {
  if (!s_ || s_->closed) return Error{Errc::stream_state, "file builder: already finished or failed"};
  State& st = *s_;
  st.closed = true;
  // The chunker yields a last partial chunk, or one empty chunk for an empty input.
  if (st.fill > 0 || st.leaves == 0) {
    if (auto s = st.leaf(); !s) return s.error();
  }
  // Balanced layout, top-down completion: level k's last partial group becomes a node on level
  // k + 1 until a level holds a single entry and nothing above it: the root.
  for (std::size_t k = 0;; ++k) {
    const bool top = k + 1 == st.levels.size();
    if (top && st.levels[k].total == 1) {
      const Entry& root = st.levels[k].pending.front();
      return FileResult{root.cid, root.tsize, st.bytes_in, st.blocks};
    }
    if (!st.levels[k].pending.empty()) {
      auto node = st.reduce(k);
      if (!node) return node.error();
      if (auto s = st.push(k + 1, node.value()); !s) return s.error();
    }
  }
}

std::uint64_t FileBuilder::bytes_in() const noexcept { return s_ ? s_->bytes_in : 0; }

Result<FileResult> build_file(const Profile& profile, ByteView data, BlockSink sink) {
  auto b = FileBuilder::create(profile, std::move(sink));
  if (!b) return b.error();
  if (auto s = b.value().update(data); !s) return s.error();
  return b.value().finish();
}

}  // namespace ehr::ipfs
