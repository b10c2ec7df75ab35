#include "ipfs/multihash.hpp"

#include <algorithm>
#include <string>

#include "crypto/sha256.hpp"
#include "ipfs/varint.hpp"

namespace ehr::ipfs {

bool operator==(const Multihash& a, const Multihash& b) noexcept {
  return a.code == b.code && a.size == b.size &&
         std::equal(a.digest.begin(), a.digest.begin() + a.size, b.digest.begin());
}

Multihash multihash_from_sha256(const Hash32& digest) noexcept {
  Multihash mh;
  mh.code = kHashSha2_256;
  mh.size = 32;
  std::copy(digest.begin(), digest.end(), mh.digest.begin());
  return mh;
}

std::string code_hex(std::uint64_t code) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[code & 15U]);
    code >>= 4;
  } while (code != 0);
  if (s.size() % 2 != 0) s.insert(s.begin(), '0');
  return "0x" + s;
}

Multihash multihash_sha256(ByteView data) noexcept { return multihash_from_sha256(crypto::sha256(data)); }

Result<Multihash> multihash_identity(ByteView data) {
  if (data.size() > kMaxIdentityDigest) {
    return Error{Errc::bad_multihash, "identity multihash: more than " + std::to_string(kMaxIdentityDigest) + " bytes"};
  }
  Multihash mh;
  mh.code = kHashIdentity;
  mh.size = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), mh.digest.begin());
  return mh;
}

std::size_t multihash_encoded_size(const Multihash& mh) noexcept {
  return varint_size(mh.code) + varint_size(mh.size) + mh.size;
}

void append_multihash(Bytes& out, const Multihash& mh) {
  append_varint(out, mh.code);
  append_varint(out, mh.size);
  out.insert(out.end(), mh.digest.begin(), mh.digest.begin() + mh.size);
}

Result<MultihashRead> read_multihash(ByteView in) {
  auto code = read_uvarint(in, Errc::bad_multihash);
  if (!code) return code.error();
  auto len = read_uvarint(in.subspan(code.value().length), Errc::bad_multihash);
  if (!len) return len.error();
  const std::uint64_t c = code.value().value;
  const std::uint64_t n = len.value().value;
  if (c == kHashSha2_256) {
    if (n != 32) return Error{Errc::bad_multihash, "sha2-256 multihash: digest must be 32 bytes"};
  } else if (c == kHashIdentity) {
    if (n > kMaxIdentityDigest) {
      return Error{Errc::bad_multihash,
                   "identity multihash: more than " + std::to_string(kMaxIdentityDigest) + " bytes"};
    }
  } else {
    return Error{Errc::unsupported, "multihash: unsupported hash function " + code_hex(c)};
  }
  const std::size_t head = code.value().length + len.value().length;
  if (in.size() - head < n) return Error{Errc::bad_multihash, "multihash: truncated digest"};
  MultihashRead out;
  out.mh.code = c;
  out.mh.size = static_cast<std::uint8_t>(n);
  std::copy(in.begin() + static_cast<std::ptrdiff_t>(head), in.begin() + static_cast<std::ptrdiff_t>(head + n),
            out.mh.digest.begin());
  out.length = head + static_cast<std::size_t>(n);
  return out;
}

}  // namespace ehr::ipfs
