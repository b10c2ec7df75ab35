// CAR (Content Addressable aRchive) v1, https://ipld.io/specs/transport/car/carv1/:
//   varint(len) || header || section*      header = DAG-CBOR {"roots": [CID...], "version": 1}
//   section = varint(len(cid) + len(block)) || cid (binary) || block
// The header is written and read by a minimal DAG-CBOR codec that knows exactly this map (keys in
// DAG-CBOR order: "roots" then "version"; CIDs as tag 42 over 0x00 || binary CID). Reading is
// strict (canonical DAG-CBOR only) and also accepts a CARv2 file, whose CARv1 payload is read and
// whose index is skipped.
//
// The reader is incremental: feed bytes as they arrive, take whole sections out; it holds at
// most one section (a block of at most kMaxBlockSize) plus what was fed beyond it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/cid.hpp"

namespace ehr::ipfs {

/// Most roots a CAR header may list.
inline constexpr std::size_t kMaxCarRoots = 1024;

/// The CARv1 header (length prefix included) for `roots`.
[[nodiscard]] Bytes car_header(const std::vector<Cid>& roots);
/// The start of a section for `cid` and a block of `block_size` bytes: varint length || cid. The
/// block itself follows it in the file.
[[nodiscard]] Bytes car_section_head(const Cid& cid, std::size_t block_size);
/// A whole CARv1 file in memory (tests, small exports).
[[nodiscard]] Bytes car_write(const std::vector<Cid>& roots, const std::vector<std::pair<Cid, Bytes>>& blocks);

/// Decodes a DAG-CBOR CAR header body (no length prefix): {"roots": [...], "version": 1} or the
/// CARv2 pragma {"version": 2}. Returns the version and roots. Fails with bad_car.
struct CarHeader {
  std::uint64_t version = 1;
  std::vector<Cid> roots;
};
[[nodiscard]] Result<CarHeader> decode_car_header(ByteView body);

class CarReader {
 public:
  /// `verify`: check every block against its CID (hash_mismatch otherwise). A caller that
  /// verifies each block itself anyway (DagReader does) may turn it off.
  explicit CarReader(bool verify = true);
  CarReader(CarReader&&) noexcept;
  CarReader& operator=(CarReader&&) noexcept;
  ~CarReader();

  /// Room for at least `min` more input bytes (write, then commit()). Valid until the next call.
  [[nodiscard]] std::span<std::uint8_t> window(std::size_t min);
  /// Takes `n` bytes written at the start of window() (bad_length beyond it).
  [[nodiscard]] Status commit(std::size_t n);
  /// Copies `data` in.
  [[nodiscard]] Status feed(ByteView data);

  struct Section {
    Cid cid;
    ByteView block;  ///< valid until the next call on the reader
  };
  /// The next whole section, or nullopt when more input is needed (or the payload is complete).
  /// Fails, and stays failed, with bad_car (bad header, varint, CID or framing; a section over
  /// kMaxBlockSize), hash_mismatch when verifying, or the CID parser's errors.
  [[nodiscard]] Result<std::optional<Section>> next();
  /// Roots, once the header was read.
  [[nodiscard]] const std::optional<std::vector<Cid>>& roots() const noexcept;
  /// Call at the end of input: bad_car if it stopped inside the header or a section (or before
  /// a CARv2 payload ended).
  [[nodiscard]] Status finish() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace ehr::ipfs
