// Content identifiers (https://github.com/multiformats/cid).
//   CIDv0: the 34-byte sha2-256 multihash of a dag-pb block; text is base58btc without a prefix
//          ("Qm...", 46 characters).
//   CIDv1: varint version (1) || varint codec || multihash; text is multibase, base32 lower by
//          default ("bafy..." for dag-pb, "bafk..." for raw).
// Codecs handled by this module: raw (0x55) and dag-pb (0x70); hash functions: sha2-256 and
// identity (see multihash.hpp). Anything else is refused with Errc::unsupported.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "ipfs/multibase.hpp"
#include "ipfs/multihash.hpp"

namespace ehr::ipfs {

inline constexpr std::uint64_t kCodecRaw = 0x55;
inline constexpr std::uint64_t kCodecDagPb = 0x70;
/// Longest binary CID accepted: version, codec, hash code, length (1 byte each) + an identity
/// digest of kMaxIdentityDigest bytes, with room to spare.
inline constexpr std::size_t kMaxCidBytes = 128;

struct Cid {
  std::uint8_t version = 1;  ///< 0 or 1
  std::uint64_t codec = kCodecRaw;
  Multihash mh;

  /// Binary form (CIDv0: the multihash alone).
  [[nodiscard]] Bytes to_bytes() const;
  void append_to(Bytes& out) const;
  [[nodiscard]] std::size_t encoded_size() const noexcept;
  /// Canonical text: base58btc for CIDv0, multibase base32 lower for CIDv1.
  [[nodiscard]] std::string to_string() const;
  /// CIDv1 text in `base`. CIDv0 has a single text form and ignores `base`.
  [[nodiscard]] std::string to_string(Multibase base) const;
  friend bool operator==(const Cid& a, const Cid& b) noexcept;
};

/// A CID of `version` over `codec` and `mh`. CIDv0 requires dag-pb and sha2-256 (bad_cid
/// otherwise); the codec must be raw or dag-pb (unsupported otherwise).
[[nodiscard]] Result<Cid> make_cid(std::uint8_t version, std::uint64_t codec, const Multihash& mh);

/// A CID and the number of bytes it took at the start of the input.
struct CidRead {
  Cid cid;
  std::size_t length = 0;
};

/// Reads a binary CID at the start of `in`, as in CAR sections and DAG-PB links: 0x12 0x20
/// starts a CIDv0, anything else must be version 1. Strict: minimal varints, no explicit version
/// 0. Fails with bad_cid (malformed), bad_multihash or unsupported (codec, hash function).
[[nodiscard]] Result<CidRead> read_cid(ByteView in);

/// Decodes a binary CID that spans all of `in` (trailing bytes are bad_cid).
[[nodiscard]] Result<Cid> cid_from_bytes(ByteView in);

/// Parses CID text: "Qm..." (46 characters) as CIDv0, else multibase text of a binary CIDv1.
/// Per the CID spec, multibase text that decodes to a CIDv0 (first byte 0x12) is rejected.
/// Fails with bad_cid, bad_multibase, bad_multihash or unsupported.
[[nodiscard]] Result<Cid> parse_cid(std::string_view text);

}  // namespace ehr::ipfs
