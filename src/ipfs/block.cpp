#include "ipfs/block.hpp"

#include <algorithm>

#include "crypto/sha256.hpp"

namespace ehr::ipfs {

Status verify_block(const Cid& cid, ByteView block) {
  if (block.size() > kMaxBlockSize) return Error{Errc::too_large, "block larger than 2 MiB"};
  if (cid.mh.code == kHashIdentity) {
    if (cid.mh.digest_view().size() != block.size() || !std::equal(block.begin(), block.end(), cid.mh.digest.begin())) {
      return Error{Errc::hash_mismatch, "block does not match its identity CID " + cid.to_string()};
    }
    return ok_status();
  }
  if (cid.mh.code != kHashSha2_256 || cid.mh.size != 32) {
    return Error{Errc::unsupported, "unsupported multihash in " + cid.to_string()};
  }
  const Hash32 digest = crypto::sha256(block);
  if (!std::equal(digest.begin(), digest.end(), cid.mh.digest.begin())) {
    return Error{Errc::hash_mismatch, "block does not hash to " + cid.to_string()};
  }
  return ok_status();
}

Result<Cid> block_cid(std::uint8_t version, std::uint64_t codec, ByteView block) {
  return make_cid(version, codec, multihash_sha256(block));
}

}  // namespace ehr::ipfs
