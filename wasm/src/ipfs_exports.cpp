// WASM exports of src/ipfs: CIDs, block verification, the file and directory builders, the DAG
// reader and CAR. Rules: boundary.cpp. All plain C exports over bytes (CID text is ASCII).
//
// Results that do not fit in the return value go to a fixed output area (ehr_ipfs_out(), 16 KiB,
// little-endian u32/f64 fields at the offsets each export documents) or, when longer, to a result
// buffer (ehr_ipfs_result_ptr()/ehr_ipfs_result_len(), valid until the next export call). Sizes
// that may pass 2^32 (file sizes, offsets) cross as f64, exact up to 2^53.
//
// Builders queue the blocks they emit; JS drains them with *_next_block() after each call that
// can emit. A leaf's bytes are not copied: the queue points into the builder's chunk buffer,
// valid until the next call on that builder (see FileBuilder::create).
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstring>
#include <deque>
#include <new>
#include <optional>
#include <string_view>

#include "boundary.hpp"
#include "ipfs/block.hpp"
#include "ipfs/car.hpp"
#include "ipfs/cid.hpp"
#include "ipfs/dag_reader.hpp"
#include "ipfs/dir_builder.hpp"
#include "ipfs/file_builder.hpp"

using namespace ehr;
using namespace ehr::ipfs;
using wasm::bad_handle;
using wasm::fail;
using wasm::Kind;

namespace {

constexpr std::size_t kOutSize = 16 * 1024;
alignas(8) std::uint8_t g_out[kOutSize];
Bytes g_result;

void put_u32(std::size_t at, std::uint32_t v) { std::memcpy(g_out + at, &v, 4); }
void put_f64(std::size_t at, double v) { std::memcpy(g_out + at, &v, 8); }
// Writes a binary CID at `at` as u32 length || bytes; returns the offset after it.
std::size_t put_cid(std::size_t at, const Cid& cid) {
  const Bytes b = cid.to_bytes();
  put_u32(at, static_cast<std::uint32_t>(b.size()));
  std::memcpy(g_out + at + 4, b.data(), b.size());
  return at + 4 + b.size();
}

Result<Cid> cid_at(const std::uint8_t* p, std::size_t n) { return cid_from_bytes(ByteView(p, n)); }

Result<Profile> profile_of(std::uint32_t chunk, std::uint32_t links, int cid_version, int raw) {
  Profile p{chunk, links, static_cast<std::uint8_t>(cid_version < 0 || cid_version > 255 ? 255 : cid_version),
            raw != 0};
  if (auto s = validate_profile(p); !s) return s.error();
  return p;
}

// Blocks emitted by a builder and not yet taken by JS.
struct Queued {
  Bytes cid;
  Bytes owned;                         // DAG-PB nodes: a copy
  const std::uint8_t* view = nullptr;  // leaves: the builder's chunk buffer
  std::size_t len = 0;
  BlockKind kind = BlockKind::leaf;
};

struct BlockQueue {
  std::deque<Queued> items;
  bool taken = false;  // the front was handed out by the previous next_block()

  BlockSink sink() {
    return [this](const Cid& cid, ByteView bytes, BlockKind kind) -> Status {
      Queued q;
      q.cid = cid.to_bytes();
      q.kind = kind;
      if (kind == BlockKind::leaf) {
        q.view = bytes.data();
        q.len = bytes.size();
      } else {
        q.owned.assign(bytes.begin(), bytes.end());
      }
      items.push_back(std::move(q));
      return ok_status();
    };
  }
  // Pops the block handed out last time; describes the next one in g_out: [0] u32 1 (0 when
  // empty), [4] u32 data ptr, [8] u32 data length, [12] u32 kind (0 leaf, 1 node), [16] u32 CID
  // length, [20] CID bytes.
  void next() {
    if (taken && !items.empty()) items.pop_front();
    taken = false;
    put_u32(0, items.empty() ? 0 : 1);
    if (items.empty()) return;
    const Queued& q = items.front();
    const std::uint8_t* data = q.view ? q.view : q.owned.data();
    const std::size_t len = q.view ? q.len : q.owned.size();
    put_u32(4, static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(data)));  // NOLINT
    put_u32(8, static_cast<std::uint32_t>(len));
    put_u32(12, q.kind == BlockKind::leaf ? 0 : 1);
    put_u32(16, static_cast<std::uint32_t>(q.cid.size()));
    std::memcpy(g_out + 20, q.cid.data(), q.cid.size());
    taken = true;
  }
};

struct FileHandle {
  BlockQueue queue;
  std::optional<FileBuilder> builder;
};

struct DirHandle {
  BlockQueue queue;
  std::optional<DirectoryBuilder> builder;
};

// Root results in g_out: [0] f64 Tsize, [8] f64 file size, [16] f64 block count, [24] u32 CID
// length, [28] CID bytes.
void put_root(const Cid& cid, std::uint64_t tsize, std::uint64_t file_size, std::uint64_t blocks) {
  put_f64(0, static_cast<double>(tsize));
  put_f64(8, static_cast<double>(file_size));
  put_f64(16, static_cast<double>(blocks));
  put_cid(24, cid);
}

// The object behind a handle of `kind`, or null (the export then returns ERR_BAD_HANDLE).
template <class T>
T* obj(std::uint32_t h, Kind kind) {
  return wasm::registry().get<T>(h, kind);
}
// A new object's handle to g_out [0] (u32): 0 or an Errc.
template <class T>
int adopt_out(Kind kind, std::unique_ptr<T> o) {
  return wasm::adopt_to(kind, std::move(o), g_out);
}

}  // namespace

extern "C" {

/** ehr_ipfs_out, ehr_ipfs_result_ptr, ehr_ipfs_result_len: the ipfs area's fixed output area (16 KiB)
 *  and its result buffer (valid until the next ipfs call). Owned by the module; wiped by
 *  ehr_dispose_all(). Never fail. */
EMSCRIPTEN_KEEPALIVE std::uint8_t* ehr_ipfs_out() { return g_out; }
EMSCRIPTEN_KEEPALIVE std::uint8_t* ehr_ipfs_result_ptr() { return g_result.data(); }
EMSCRIPTEN_KEEPALIVE std::size_t ehr_ipfs_result_len() { return g_result.size(); }

/// A named profile's parameters (ASCII name) to g_out: [0] u32 chunk size, [4] u32 links per
/// node, [8] u32 CID version, [12] u32 raw leaves.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_profile(const char* name, std::size_t len) {
  auto p = profile_by_name(std::string_view(name, len));
  if (!p) return fail(p.error());
  put_u32(0, p.value().chunk_size);
  put_u32(4, p.value().max_links);
  put_u32(8, p.value().cid_version);
  put_u32(12, p.value().raw_leaves ? 1 : 0);
  return 0;
}

// ---- CIDs ---------------------------------------------------------------------------------------
/// Parses CID text (ASCII bytes). g_out: [0] u32 version, [4] u32 codec, [8] u32 hash code,
/// [12] u32 digest length, [16] u32 CID length, [20] CID bytes.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_cid_parse(const char* text, std::size_t len) {
  auto r = parse_cid(std::string_view(text, len));
  if (!r) return fail(r.error());
  const Cid& c = r.value();
  put_u32(0, c.version);
  put_u32(4, static_cast<std::uint32_t>(c.codec));
  put_u32(8, static_cast<std::uint32_t>(c.mh.code));
  put_u32(12, c.mh.size);
  put_cid(16, c);
  return 0;
}

/// Validates a binary CID and writes its text in `base` ('b', 'z', 'f') to the result buffer.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_cid_format(const std::uint8_t* cid, std::size_t len, int base) {
  auto r = cid_at(cid, len);
  if (!r) return fail(r.error());
  const Multibase mb = base == 'z' ? Multibase::base58btc : base == 'f' ? Multibase::base16 : Multibase::base32;
  const std::string s = r.value().to_string(mb);
  g_result.assign(s.begin(), s.end());
  return 0;
}

/// 0 when `data` hashes to the binary CID, else an Errc (hash_mismatch, bad_cid, ...).
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_verify_block(const std::uint8_t* cid, std::size_t cid_len, const std::uint8_t* data,
                                               std::size_t len) {
  auto c = cid_at(cid, cid_len);
  if (!c) return fail(c.error());
  auto v = verify_block(c.value(), ByteView(data, len));
  return v ? 0 : fail(v.error());
}

// ---- file builder -------------------------------------------------------------------------------
/// New builder; the handle goes to g_out [0] (u32). `emit`: queue blocks for next_block().
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_new(std::uint32_t chunk, std::uint32_t links, int cid_version, int raw,
                                           int emit) {
  auto p = profile_of(chunk, links, cid_version, raw);
  if (!p) return fail(p.error());
  std::unique_ptr<FileHandle> h(new (std::nothrow) FileHandle());
  if (!h) return fail(Error{Errc::out_of_memory, "out of memory"});
  auto b = FileBuilder::create(p.value(), emit ? h->queue.sink() : BlockSink{});
  if (!b) return fail(b.error());
  h->builder.emplace(std::move(b).value());
  return adopt_out(Kind::ipfs_file, std::move(h));
}
/** ehr_ipfs_file_window: where to write the next bytes: g_out [0] u32 address, [4] u32 size (valid
 *  until the next call on the builder). Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_window(std::uint32_t h_) {
  auto* h = obj<FileHandle>(h_, Kind::ipfs_file);
  if (!h) return bad_handle();
  const auto w = h->builder->window();
  put_u32(0, static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(w.data())));  // NOLINT
  put_u32(4, static_cast<std::uint32_t>(w.size()));
  return 0;
}
/** ehr_ipfs_file_commit: takes the n bytes written at the window. Fails: ERR_BAD_HANDLE,
 *  ERR_BAD_ARGUMENT (n larger than the window), the builder's errors. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_commit(std::uint32_t h_, std::size_t n) {
  auto* h = obj<FileHandle>(h_, Kind::ipfs_file);
  if (!h) return bad_handle();
  auto s = h->builder->commit(n);
  return s ? 0 : fail(s.error());
}
/** ehr_ipfs_file_add_raw_leaf: adds a whole raw leaf by its SHA-256 (digest32) and size.
 *  Fails: ERR_BAD_HANDLE, the builder's errors. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_add_raw_leaf(std::uint32_t h_, const std::uint8_t* digest32,
                                                    std::uint32_t size) {
  auto* h = obj<FileHandle>(h_, Kind::ipfs_file);
  if (!h) return bad_handle();
  Hash32 d;
  std::memcpy(d.data(), digest32, 32);
  auto s = h->builder->add_raw_leaf(d, size);
  return s ? 0 : fail(s.error());
}
/// Completes the file; the root goes to g_out (see put_root).
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_finish(std::uint32_t h_) {
  auto* h = obj<FileHandle>(h_, Kind::ipfs_file);
  if (!h) return bad_handle();
  auto r = h->builder->finish();
  if (!r) return fail(r.error());
  put_root(r.value().cid, r.value().tsize, r.value().file_size, r.value().blocks);
  return 0;
}
/** ehr_ipfs_file_next_block: the next queued block in g_out (see BlockQueue::next). Fails:
 *  ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_file_next_block(std::uint32_t h_) {
  auto* h = obj<FileHandle>(h_, Kind::ipfs_file);
  if (!h) return bad_handle();
  h->queue.next();
  return 0;
}

// ---- directory builder --------------------------------------------------------------------------
/** ehr_ipfs_dir_new: a UnixFS directory builder for the profile (chunk size, links per node, CID
 *  version, raw leaves); its handle (kind ipfs_dir) goes to g_out [0] (u32). Fails:
 *  ERR_BAD_ARGUMENT (profile), ERR_OUT_OF_MEMORY. JS owns the handle (ehr_handle_free). */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_dir_new(std::uint32_t chunk, std::uint32_t links, int cid_version, int raw) {
  auto p = profile_of(chunk, links, cid_version, raw);
  if (!p) return fail(p.error());
  std::unique_ptr<DirHandle> h(new (std::nothrow) DirHandle());
  if (!h) return fail(Error{Errc::out_of_memory, "out of memory"});
  h->builder.emplace(p.value());
  return adopt_out(Kind::ipfs_dir, std::move(h));
}
/** ehr_ipfs_dir_add_file: adds a file at `path` (path_len bytes, UTF-8) with its binary CID and
 *  Tsize (an integer < 2^53 as f64). Fails: ERR_BAD_HANDLE, ERR_BAD_ARGUMENT, ERR_BAD_CID. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_dir_add_file(std::uint32_t h_, const char* path, std::size_t path_len,
                                               const std::uint8_t* cid, std::size_t cid_len, double tsize) {
  auto* h = obj<DirHandle>(h_, Kind::ipfs_dir);
  if (!h) return bad_handle();
  auto c = cid_at(cid, cid_len);
  if (!c) return fail(c.error());
  if (!(tsize >= 0) || tsize > 9007199254740991.0 || std::floor(tsize) != tsize) {
    return fail(Error{Errc::bad_argument, "directory: size must be a non-negative integer"});
  }
  auto s = h->builder->add_file(std::string_view(path, path_len), c.value(), static_cast<std::uint64_t>(tsize));
  return s ? 0 : fail(s.error());
}
/** ehr_ipfs_dir_add_directory: adds an empty directory at `path`. Fails: ERR_BAD_HANDLE,
 *  ERR_BAD_ARGUMENT. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_dir_add_directory(std::uint32_t h_, const char* path, std::size_t path_len) {
  auto* h = obj<DirHandle>(h_, Kind::ipfs_dir);
  if (!h) return bad_handle();
  auto s = h->builder->add_directory(std::string_view(path, path_len));
  return s ? 0 : fail(s.error());
}
/// Builds every directory node (queued when `emit`); the root goes to g_out (see put_root, file
/// size 0).
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_dir_build(std::uint32_t h_, int emit) {
  auto* h = obj<DirHandle>(h_, Kind::ipfs_dir);
  if (!h) return bad_handle();
  auto r = h->builder->build(emit ? h->queue.sink() : BlockSink{});
  if (!r) return fail(r.error());
  put_root(r.value().cid, r.value().tsize, 0, r.value().blocks);
  return 0;
}
/** ehr_ipfs_dir_next_block: as ehr_ipfs_file_next_block, for a directory builder. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_dir_next_block(std::uint32_t h_) {
  auto* h = obj<DirHandle>(h_, Kind::ipfs_dir);
  if (!h) return bad_handle();
  h->queue.next();
  return 0;
}

// ---- DAG reader ---------------------------------------------------------------------------------
/// A reader of `path` below the binary CID, bytes [offset, offset + length) (length < 0: to the
/// end). Handle to g_out [0].
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_reader_new(const std::uint8_t* cid, std::size_t cid_len, const char* path,
                                             std::size_t path_len, double offset, double length) {
  auto c = cid_at(cid, cid_len);
  if (!c) return fail(c.error());
  if (!(offset >= 0) || offset > 9007199254740991.0) return fail(Error{Errc::bad_argument, "offset out of range"});
  std::optional<std::uint64_t> len;
  if (length >= 0) len = static_cast<std::uint64_t>(std::min(length, 9007199254740991.0));
  auto r = DagReader::create(c.value(), std::string_view(path, path_len), static_cast<std::uint64_t>(offset), len);
  if (!r) return fail(r.error());
  return adopt_out(Kind::ipfs_reader, std::unique_ptr<DagReader>(new (std::nothrow) DagReader(std::move(r).value())));
}
/** ehr_ipfs_reader_next: g_out [0] u32 1 and the needed CID at [4] (u32 length, bytes), or [0] 0
 *  when nothing is needed. Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_reader_next(std::uint32_t h_) {
  auto* h = obj<DagReader>(h_, Kind::ipfs_reader);
  if (!h) return bad_handle();
  const Cid* c = h->next();
  put_u32(0, c ? 1 : 0);
  if (c) put_cid(4, *c);
  return 0;
}
/// Verifies and takes the block. g_out: [0] u32 offset and [4] u32 length of the file bytes in
/// it, [8] f64 file size (-1 while unknown), [16] f64 range length (-1), [24] u32 done.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_reader_supply(std::uint32_t h_, const std::uint8_t* data, std::size_t len) {
  auto* h = obj<DagReader>(h_, Kind::ipfs_reader);
  if (!h) return bad_handle();
  auto r = h->supply(ByteView(data, len));
  if (!r) return fail(r.error());
  put_u32(0, static_cast<std::uint32_t>(r.value().offset));
  put_u32(4, static_cast<std::uint32_t>(r.value().length));
  put_f64(8, h->file_size() ? static_cast<double>(*h->file_size()) : -1.0);
  put_f64(16, h->range_length() ? static_cast<double>(*h->range_length()) : -1.0);
  put_u32(24, h->done() ? 1 : 0);
  return 0;
}
/// Up to `max` upcoming CIDs: g_out [0] u32 count, then each as u32 length || bytes.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_reader_upcoming(std::uint32_t h_, std::size_t max) {
  auto* h = obj<DagReader>(h_, Kind::ipfs_reader);
  if (!h) return bad_handle();
  std::vector<Cid> list;
  h->upcoming(std::min<std::size_t>(max, kOutSize / (4 + kMaxCidBytes) - 1), list);
  std::size_t at = 4;
  for (const Cid& c : list) at = put_cid(at, c);
  put_u32(0, static_cast<std::uint32_t>(list.size()));
  return 0;
}

// ---- CAR ----------------------------------------------------------------------------------------
/// The CARv1 header for `count` binary CIDs laid end to end (self-delimiting) to the result buffer.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_header(const std::uint8_t* cids, std::size_t len, std::size_t count) {
  std::vector<Cid> roots;
  ByteView rest(cids, len);
  for (std::size_t i = 0; i < count; ++i) {
    auto r = read_cid(rest);
    if (!r) return fail(r.error());
    roots.push_back(r.value().cid);
    rest = rest.subspan(r.value().length);
  }
  if (!rest.empty() || roots.size() > kMaxCarRoots) return fail(Error{Errc::bad_argument, "car: bad root list"});
  g_result = car_header(roots);
  return 0;
}
/// varint(len) || CID for a section of a `block_len`-byte block, to the result buffer.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_section_head(const std::uint8_t* cid, std::size_t cid_len,
                                                   std::size_t block_len) {
  auto c = cid_at(cid, cid_len);
  if (!c) return fail(c.error());
  if (block_len > kMaxBlockSize) return fail(Error{Errc::too_large, "car: block larger than 2 MiB"});
  g_result = car_section_head(c.value(), block_len);
  return 0;
}
/** ehr_ipfs_car_reader_new: a CAR reader (verifying each block against its CID when `verify`),
 *  handle to g_out [0] (u32). Fails: ERR_OUT_OF_MEMORY. JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_new(int verify) {
  return adopt_out(Kind::car_reader, std::unique_ptr<CarReader>(new (std::nothrow) CarReader(verify != 0)));
}
/** ehr_ipfs_car_reader_window: room for at least `min` bytes: its address at g_out [0] (u32;
 *  valid until the next call on the reader). Fails: ERR_BAD_HANDLE. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_window(std::uint32_t h_, std::size_t min) {
  auto* h = obj<CarReader>(h_, Kind::car_reader);
  if (!h) return bad_handle();
  put_u32(0, static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(h->window(min).data())));  // NOLINT
  return 0;
}
/** ehr_ipfs_car_reader_commit: takes the n bytes written at the window. Fails: ERR_BAD_HANDLE,
 *  ERR_BAD_CAR. */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_commit(std::uint32_t h_, std::size_t n) {
  auto* h = obj<CarReader>(h_, Kind::car_reader);
  if (!h) return bad_handle();
  auto s = h->commit(n);
  return s ? 0 : fail(s.error());
}
/// The next section: g_out [0] u32 1 (or 0: more input needed / done), [4] u32 block ptr,
/// [8] u32 block length, [12] u32 CID length, [16] CID bytes.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_next(std::uint32_t h_) {
  auto* h = obj<CarReader>(h_, Kind::car_reader);
  if (!h) return bad_handle();
  auto r = h->next();
  if (!r) return fail(r.error());
  if (!r.value()) {
    put_u32(0, 0);
    return 0;
  }
  put_u32(0, 1);
  put_u32(4, static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(r.value()->block.data())));  // NOLINT
  put_u32(8, static_cast<std::uint32_t>(r.value()->block.size()));
  put_cid(12, r.value()->cid);
  return 0;
}
/// Roots once known: g_out [0] u32 1 (or 0 if the header is not read yet), [4] u32 count; the CIDs
/// in the result buffer, each as u32 length (little-endian) || bytes.
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_roots(std::uint32_t h_) {
  auto* h = obj<CarReader>(h_, Kind::car_reader);
  if (!h) return bad_handle();
  const auto& roots = h->roots();
  g_result.clear();
  put_u32(0, roots ? 1 : 0);
  put_u32(4, roots ? static_cast<std::uint32_t>(roots->size()) : 0);
  if (roots) {
    for (const Cid& c : *roots) {
      const auto n = static_cast<std::uint32_t>(c.encoded_size());
      for (int i = 0; i < 4; ++i) g_result.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
      c.append_to(g_result);
    }
  }
  return 0;
}
/** ehr_ipfs_car_reader_finish: ends the input. Fails: ERR_BAD_HANDLE, ERR_BAD_CAR (truncated). */
EMSCRIPTEN_KEEPALIVE int ehr_ipfs_car_reader_finish(std::uint32_t h_) {
  auto* h = obj<CarReader>(h_, Kind::car_reader);
  if (!h) return bad_handle();
  auto s = h->finish();
  return s ? 0 : fail(s.error());
}

}  // extern "C"

namespace ehr::wasm {
void wipe_ipfs_buffers() {
  std::memset(g_out, 0, kOutSize);
  g_result.clear();
  g_result.shrink_to_fit();
}
}  // namespace ehr::wasm
