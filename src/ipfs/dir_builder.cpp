#include "ipfs/dir_builder.hpp"

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "ipfs/dag_pb.hpp"
#include "ipfs/unixfs.hpp"

namespace ehr::ipfs {

struct DirectoryBuilder::Dir {
  struct File {
    Cid cid;
    std::uint64_t tsize = 0;
  };
  // std::map<std::string> orders keys by their bytes as unsigned char, shorter first on a
  // common prefix: the DAG-PB link order (dag-pb's prepare() sorts links the same way).
  std::map<std::string, std::variant<File, std::unique_ptr<Dir>>> children;
};

namespace {

Error bad_path(std::string_view path, const char* why) {
  return Error{Errc::bad_argument, "directory: path '" + std::string(path) + "': " + why};
}

Result<std::vector<std::string>> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view part =
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty()) return bad_path(path, "empty component");
    if (part == "." || part == "..") return bad_path(path, "'.' and '..' are not names");
    if (part.find('\\') != std::string_view::npos) return bad_path(path, "'\\' is not allowed");
    if (!is_utf8(part)) return bad_path(path, "not UTF-8");
    parts.emplace_back(part);
    if (parts.size() > kMaxPathDepth) return bad_path(path, "too deep");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

DirectoryBuilder::DirectoryBuilder(const Profile& profile) : profile_(profile), root_(std::make_unique<Dir>()) {}
DirectoryBuilder::DirectoryBuilder(DirectoryBuilder&&) noexcept = default;
DirectoryBuilder& DirectoryBuilder::operator=(DirectoryBuilder&&) noexcept = default;
DirectoryBuilder::~DirectoryBuilder() = default;

namespace {
// Walks to the directory holding the last component, creating directories on the way.
template <class DirT>
Result<DirT*> parent_of(DirT* root, const std::vector<std::string>& parts, std::string_view path) {
  DirT* dir = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = dir->children.find(parts[i]);
    if (it == dir->children.end()) {
      it = dir->children.emplace(parts[i], std::make_unique<DirT>()).first;
    } else if (!std::holds_alternative<std::unique_ptr<DirT>>(it->second)) {
      return bad_path(path, "a file is in the way");
    }
    dir = std::get<std::unique_ptr<DirT>>(it->second).get();
  }
  return dir;
}
}  // namespace

Status DirectoryBuilder::add_file(std::string_view path, const Cid& cid, std::uint64_t tsize) {
  auto parts = split_path(path);
  if (!parts) return parts.error();
  auto parent = parent_of(root_.get(), parts.value(), path);
  if (!parent) return parent.error();
  auto [it, inserted] = parent.value()->children.emplace(parts.value().back(), Dir::File{cid, tsize});
  (void)it;
  if (!inserted) return bad_path(path, "already taken");
  return ok_status();
}

Status DirectoryBuilder::add_directory(std::string_view path) {
  auto parts = split_path(path);
  if (!parts) return parts.error();
  auto parent = parent_of(root_.get(), parts.value(), path);
  if (!parent) return parent.error();
  auto& children = parent.value()->children;
  auto it = children.find(parts.value().back());
  if (it == children.end()) {
    children.emplace(parts.value().back(), std::make_unique<Dir>());
  } else if (!std::holds_alternative<std::unique_ptr<Dir>>(it->second)) {
    return bad_path(path, "a file is there");
  }
  return ok_status();
}

namespace {
struct Built {
  Cid cid;
  std::uint64_t tsize = 0;
};
}  // namespace

Result<DirectoryResult> DirectoryBuilder::build(const BlockSink& sink) const {
  std::uint64_t blocks = 0;
  // Post-order; recursion depth is bounded by kMaxPathDepth.
  auto encode = [&](auto& self, const Dir& dir) -> Result<Built> {
    PbNode node;
    std::uint64_t tsize_links = 0;
    for (const auto& [name, child] : dir.children) {
      Built b;
      if (const auto* f = std::get_if<Dir::File>(&child)) {
        b = Built{f->cid, f->tsize};
      } else {
        auto sub = self(self, *std::get<std::unique_ptr<Dir>>(child));
        if (!sub) return sub.error();
        b = sub.value();
      }
      node.links.push_back(PbLink{b.cid, name, b.tsize});
      tsize_links += b.tsize;
    }
    UnixfsData ufs;
    ufs.type = UnixfsType::directory;
    Bytes data;
    encode_unixfs(ufs, data);
    node.data = ByteView(data);
    Bytes block;
    encode_dag_pb(node, block);
    if (block.size() > kMaxFlatDirectoryBlock) {
      return Error{Errc::unsupported, "directory: " + std::to_string(dir.children.size()) +
                                          " entries need a HAMT-sharded directory (flat block over 256 KiB)"};
    }
    auto cid = block_cid(profile_.cid_version, kCodecDagPb, block);
    if (!cid) return cid.error();
    ++blocks;
    if (sink) {
      if (auto s = sink(cid.value(), block, BlockKind::node); !s) return s.error();
    }
    return Built{cid.value(), block.size() + tsize_links};
  };
  auto root = encode(encode, *root_);
  if (!root) return root.error();
  return DirectoryResult{root.value().cid, root.value().tsize, blocks};
}

}  // namespace ehr::ipfs
