#include "records/institution.hpp"

#include <algorithm>

#include "records/le.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"

namespace ehr::records {
namespace {

constexpr std::size_t kEntry = 4 + 84;

Error bad(const char* what) { return Error{Errc::bad_grant, what}; }

struct Parsed {
  X25519Public group_pk{};
  std::uint32_t version = 0;
  std::vector<std::pair<KeyHint, ByteView>> entries;
};

Result<Parsed> parse(ByteView wraps) {
  le::Reader rd(wraps);
  std::uint8_t v = 0;
  ByteView pk;
  std::uint16_t count = 0;
  Parsed p;
  if (!rd.u8(v) || v != kMemberWrapsVersion) return bad("unknown member wraps version");
  if (!rd.take(32, pk) || !rd.u32(p.version) || !rd.u16(count)) return bad("truncated member wraps");
  if (count == 0 || count > kMaxMembers) return bad("member wraps must hold 1..1024 entries");
  if (rd.remaining() != count * kEntry) return bad("member wraps length does not match its count");
  p.group_pk = to_fixed<32>(pk);
  for (std::size_t i = 0; i < count; ++i) {
    ByteView hint, sealed;
    if (!rd.take(4, hint) || !rd.take(84, sealed)) return bad("truncated member wrap");
    p.entries.emplace_back(to_fixed<4>(hint), sealed);
  }
  return p;
}

}  // namespace

Result<Bytes> seal_group_key(const GroupKey& group, std::span<const X25519Public> members) {
  if (members.empty() || members.size() > kMaxMembers) return Error{Errc::bad_argument, "1..1024 members"};
  Bytes out;
  out.push_back(kMemberWrapsVersion);
  out.insert(out.end(), group.public_key.begin(), group.public_key.end());
  le::put32(out, group.version);
  le::put16(out, static_cast<std::uint16_t>(members.size()));
  crypto::Secret<36> msg;
  le::store32(msg.data(), group.version);
  std::copy_n(group.secret.data(), 32, msg.data() + 4);
  for (const auto& m : members) {
    const KeyHint hint = public_key_hint(m);
    auto sealed = crypto::sealed_box::seal(msg.view(), m);
    if (!sealed) return sealed.error();
    out.insert(out.end(), hint.begin(), hint.end());
    out.insert(out.end(), sealed.value().begin(), sealed.value().end());
  }
  return out;
}

Result<std::pair<GroupKey, Bytes>> create_group_key(std::uint32_t version, std::span<const X25519Public> members) {
  GroupKey g;
  g.secret = crypto::x25519::generate().secret_key;
  g.public_key = crypto::x25519::public_key(g.secret);
  g.version = version;
  auto wraps = seal_group_key(g, members);
  if (!wraps) return wraps.error();
  return std::make_pair(std::move(g), std::move(wraps.value()));
}

Result<GroupKey> open_member_wraps(ByteView wraps, const crypto::Secret<32>& member_secret) {
  auto parsed = parse(wraps);
  if (!parsed) return parsed.error();
  const KeyHint mine = public_key_hint(crypto::x25519::public_key(member_secret));
  bool matched = false;
  for (const auto& [hint, sealed] : parsed.value().entries) {
    if (hint != mine) continue;
    matched = true;
    auto opened = crypto::sealed_box::open(sealed, member_secret);
    if (!opened || opened.value().size() != 36) continue;
    GroupKey g;
    g.version = le::load32(opened.value().view().data());
    g.secret = crypto::Secret<32>(opened.value().view().subspan(4, 32));
    const X25519Public pk = crypto::x25519::public_key(g.secret);
    if (pk != parsed.value().group_pk || g.version != parsed.value().version) {
      return bad("the sealed group key does not match the published public key and version");
    }
    g.public_key = pk;
    return g;
  }
  if (matched) return Error{Errc::auth_failed, "the member wrap does not open with this key"};
  return Error{Errc::no_recipient, "no member wrap for this key"};
}

Result<std::pair<X25519Public, std::uint32_t>> member_wraps_group(ByteView wraps) {
  auto parsed = parse(wraps);
  if (!parsed) return parsed.error();
  return std::make_pair(parsed.value().group_pk, parsed.value().version);
}

}  // namespace ehr::records
