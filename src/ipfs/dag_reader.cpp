#include "ipfs/dag_reader.hpp"

#include <algorithm>
#include <string>

#include "ipfs/block.hpp"
#include "ipfs/dag_pb.hpp"
#include "ipfs/unixfs.hpp"

namespace ehr::ipfs {
namespace {

// A block to fetch: its CID and, in the file phase, the file bytes it must hold.
struct Item {
  Cid cid;
  std::uint64_t start = 0;  // file offset of its first byte
  std::uint64_t size = 0;   // bytes it must hold (when `sized`)
  bool sized = false;       // false only for the file's root
};

struct Frame {
  std::vector<Item> items;
  std::size_t next = 0;
};

Error bad_unixfs(std::string m) { return Error{Errc::bad_unixfs, "unixfs: " + std::move(m)}; }

}  // namespace

struct DagReader::State {
  std::vector<std::string> path;
  std::size_t path_index = 0;
  std::string path_text;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;
  std::uint64_t range_start = 0, range_end = 0;  // valid once file_size is known
  std::optional<std::uint64_t> file_size;
  std::uint64_t out = 0;
  std::vector<Frame> frames;
  bool failed = false;

  const Item* current() const noexcept {
    if (failed || frames.empty()) return nullptr;
    const Frame& f = frames.back();
    return &f.items[f.next];
  }

  // Moves past the current item, dropping every frame left with nothing to visit (a parent's
  // index already points past the child whose frame was pushed).
  void advance() {
    ++frames.back().next;
    while (!frames.empty() && frames.back().next == frames.back().items.size()) frames.pop_back();
  }

  // Pops the current item, pushes `children` (if any) to be visited before its siblings.
  void replace_current(std::vector<Item> children) {
    advance();
    if (!children.empty()) frames.push_back(Frame{std::move(children), 0});
  }

  Result<Output> resolve_path(const Item& item, ByteView block) {
    const std::string& name = path[path_index];
    if (item.cid.codec != kCodecDagPb) {
      return Error{Errc::path_not_found, "path '" + path_text + "': '" + name + "' is below a file"};
    }
    auto node = decode_dag_pb(block);
    if (!node) return node.error();
    if (!node.value().data) return bad_unixfs("dag-pb node without Data");
    auto ufs = decode_unixfs(*node.value().data);
    if (!ufs) return ufs.error();
    if (ufs.value().type == UnixfsType::hamt_shard) {
      return Error{Errc::unsupported, "path '" + path_text + "': HAMT-sharded directories are not supported"};
    }
    if (ufs.value().type != UnixfsType::directory) {
      return Error{Errc::path_not_found, "path '" + path_text + "': '" + name + "' is below a file"};
    }
    for (const PbLink& link : node.value().links) {
      if (link.name && *link.name == name) {
        ++path_index;
        Item next{link.hash, 0, 0, false};
        frames.back().items[frames.back().next] = next;
        return Output{};
      }
    }
    return Error{Errc::path_not_found, "path '" + path_text + "': no entry '" + name + "'"};
  }

  void set_range(std::uint64_t total) {
    file_size = total;
    range_start = std::min(offset, total);
    const std::uint64_t room = total - range_start;
    range_end = range_start + (length ? std::min(*length, room) : room);
  }

  Output overlap(std::uint64_t start, std::uint64_t len, std::size_t base) {
    const std::uint64_t a = std::max(start, range_start);
    const std::uint64_t b = std::min(start + len, range_end);
    if (a >= b) return Output{};
    out += b - a;
    return Output{base + static_cast<std::size_t>(a - start), static_cast<std::size_t>(b - a)};
  }

  Result<Output> file_block(const Item& item, ByteView block) {
    if (item.cid.codec == kCodecRaw || item.cid.mh.code == kHashIdentity) {
      if (item.cid.codec != kCodecRaw) return bad_unixfs("identity-hashed dag-pb nodes are not supported");
      if (!item.sized) set_range(block.size());
      if (item.sized && block.size() != item.size) return bad_unixfs("leaf size differs from its parent's blocksizes");
      const Output o = overlap(item.start, block.size(), 0);
      replace_current({});
      return o;
    }
    auto node = decode_dag_pb(block);
    if (!node) return node.error();
    if (!node.value().data) return bad_unixfs("dag-pb node without Data");
    auto parsed = decode_unixfs(*node.value().data);
    if (!parsed) return parsed.error();
    const UnixfsData& ufs = parsed.value();
    switch (ufs.type) {
      case UnixfsType::file:
      case UnixfsType::raw: break;
      case UnixfsType::directory:
      case UnixfsType::hamt_shard:
        if (!item.sized) return Error{Errc::not_a_file, item.cid.to_string() + " is a directory"};
        return bad_unixfs("directory inside a file");
      default: return Error{Errc::unsupported, "unixfs: symlinks and metadata nodes are not supported"};
    }
    const auto& links = node.value().links;
    if (links.size() != ufs.blocksizes.size()) return bad_unixfs("blocksizes do not match the links");
    const std::uint64_t data_len = ufs.data ? ufs.data->size() : 0;
    std::uint64_t total = data_len;
    for (const std::uint64_t b : ufs.blocksizes) {
      if (b > UINT64_MAX - total) return bad_unixfs("file size overflows");
      total += b;
    }
    if (ufs.filesize && *ufs.filesize != total) return bad_unixfs("filesize differs from data + blocksizes");
    if (item.sized && total != item.size) return bad_unixfs("node size differs from its parent's blocksizes");
    if (!item.sized) set_range(total);
    if (!links.empty() && frames.size() >= kMaxDagDepth)
      return bad_unixfs("DAG deeper than " + std::to_string(kMaxDagDepth));
    Output o;
    if (ufs.data) {
      const auto base = static_cast<std::size_t>(ufs.data->data() - block.data());
      o = overlap(item.start, data_len, base);
    }
    // UnixFS: a node's own data comes before its children's.
    std::vector<Item> children;
    std::uint64_t pos = item.start + data_len;
    for (std::size_t i = 0; i < links.size(); ++i) {
      const std::uint64_t size = ufs.blocksizes[i];
      if (size > 0 && pos < range_end && pos + size > range_start) {
        children.push_back(Item{links[i].hash, pos, size, true});
      }
      pos += size;
    }
    replace_current(std::move(children));
    return o;
  }
};

DagReader::DagReader(std::unique_ptr<State> s) noexcept : s_(std::move(s)) {}
DagReader::DagReader(DagReader&&) noexcept = default;
DagReader& DagReader::operator=(DagReader&&) noexcept = default;
DagReader::~DagReader() = default;

Result<DagReader> DagReader::create(const Cid& root, std::string_view path, std::uint64_t offset,
                                    std::optional<std::uint64_t> length) {
  auto st = std::make_unique<State>();
  st->path_text = std::string(path);
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") {
      return Error{Errc::bad_argument, "path '" + std::string(path) + "': empty, '.' or '..' component"};
    }
    st->path.emplace_back(part);
    if (st->path.size() > kMaxDagDepth) return Error{Errc::bad_argument, "path too deep"};
    start = slash + 1;
  }
  if (!path.empty() && path.back() == '/')
    return Error{Errc::bad_argument, "path '" + std::string(path) + "' ends with '/'"};
  st->offset = offset;
  st->length = length;
  st->frames.push_back(Frame{{Item{root, 0, 0, false}}, 0});
  return DagReader(std::move(st));
}

const Cid* DagReader::next() const noexcept {
  const Item* it = s_ ? s_->current() : nullptr;
  return it ? &it->cid : nullptr;
}

Result<DagReader::Output> DagReader::supply(ByteView block) {
  const Item* cur = s_ ? s_->current() : nullptr;
  if (!cur) return Error{Errc::stream_state, "dag reader: no block is needed"};
  const Item item = *cur;
  // Bytes that do not hash to the CID say nothing about the DAG: the reader keeps waiting for
  // the same block, so the caller can try another source.
  if (auto v = verify_block(item.cid, block); !v) return v.error();
  Result<Output> r = s_->path_index < s_->path.size() ? s_->resolve_path(item, block) : s_->file_block(item, block);
  if (!r) s_->failed = true;
  return r;
}

bool DagReader::done() const noexcept { return s_ && !s_->failed && s_->frames.empty(); }
std::optional<std::uint64_t> DagReader::file_size() const noexcept { return s_ ? s_->file_size : std::nullopt; }
std::optional<std::uint64_t> DagReader::range_length() const noexcept {
  if (!s_ || !s_->file_size) return std::nullopt;
  return s_->range_end - s_->range_start;
}
std::uint64_t DagReader::bytes_out() const noexcept { return s_ ? s_->out : 0; }

void DagReader::upcoming(std::size_t max, std::vector<Cid>& out) const {
  if (!s_ || s_->failed) return;
  std::size_t n = 0;
  for (auto f = s_->frames.rbegin(); f != s_->frames.rend() && n < max; ++f) {
    for (std::size_t i = f->next; i < f->items.size() && n < max; ++i, ++n) out.push_back(f->items[i].cid);
  }
}

}  // namespace ehr::ipfs
