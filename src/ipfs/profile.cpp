#include "ipfs/profile.hpp"

#include <string>

namespace ehr::ipfs {

Profile profile_unixfs_v1_2025() noexcept { return Profile{kMaxChunkSize, 1024, 1, true}; }

Profile profile_kubo_default() noexcept { return Profile{262144, 174, 0, false}; }

Result<Profile> profile_by_name(std::string_view name) {
  if (name == "unixfs-v1-2025") return profile_unixfs_v1_2025();
  if (name == "kubo-default" || name == "unixfs-v0-2015") return profile_kubo_default();
  return Error{Errc::bad_argument, "unknown profile '" + std::string(name) + "' (unixfs-v1-2025, kubo-default)"};
}

Status validate_profile(const Profile& p) {
  if (p.chunk_size < 1 || p.chunk_size > kMaxChunkSize) {
    return Error{Errc::bad_argument, "profile: chunk size must be 1.." + std::to_string(kMaxChunkSize)};
  }
  if (p.max_links < 2 || p.max_links > kMaxLinksPerNode) {
    return Error{Errc::bad_argument, "profile: links per node must be 2.." + std::to_string(kMaxLinksPerNode)};
  }
  if (p.cid_version > 1) return Error{Errc::bad_argument, "profile: CID version must be 0 or 1"};
  return ok_status();
}

}  // namespace ehr::ipfs
