#include "records/grants.hpp"

#include <algorithm>
#include <bit>

#include "records/key_schedule.hpp"
#include "records/le.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"

namespace ehr::records {
namespace {

Error bad(const char* what) { return Error{Errc::bad_grant, what}; }

struct Entry {
  std::uint16_t scope;
  std::uint32_t epoch;
  ByteView sealed;
};

Result<std::vector<Entry>> parse(ByteView payload) {
  le::Reader rd(payload);
  std::uint8_t version = 0;
  std::uint16_t count = 0;
  if (!rd.u8(version)) return bad("empty grant payload");
  if (version != kGrantVersion) return bad("unknown grant payload version");
  if (!rd.u16(count) || count == 0 || count > kMaxScopes) return bad("grant payload must carry 1..32 keys");
  if (rd.remaining() != count * kGrantEntrySize) return bad("grant payload length does not match its count");
  std::vector<Entry> out;
  for (std::size_t i = 0; i < count; ++i) {
    Entry e{};
    if (!rd.u16(e.scope) || !rd.u32(e.epoch) || !rd.take(kGrantEntrySize - 6, e.sealed)) return bad("truncated entry");
    if (e.scope >= kMaxScopes) return bad("scope outside 0..31");
    if (!out.empty() && e.scope <= out.back().scope) return bad("scopes must be ascending and distinct");
    out.push_back(e);
  }
  return out;
}

}  // namespace

Result<Bytes> grant_payload(const crypto::Secret<32>& chart_root, std::uint32_t scopes, const ScopeEpochs& epochs,
                            const X25519Public& grantee) {
  if (scopes == 0) return Error{Errc::bad_argument, "a grant needs at least one scope"};
  Bytes out;
  out.push_back(kGrantVersion);
  le::put16(out, static_cast<std::uint16_t>(std::popcount(scopes)));
  for (std::uint16_t s = 0; s < kMaxScopes; ++s) {
    if ((scopes >> s & 1u) == 0) continue;
    const std::uint32_t e = epochs[s];
    const crypto::Secret<32> k = chart_key(chart_root, s, e);
    crypto::Secret<38> label_and_key;
    le::store16(label_and_key.data(), s);
    le::store32(label_and_key.data() + 2, e);
    std::copy_n(k.data(), 32, label_and_key.data() + 6);
    auto sealed = crypto::sealed_box::seal(label_and_key.view(), grantee);
    if (!sealed) return sealed.error();
    le::put16(out, s);
    le::put32(out, e);
    out.insert(out.end(), sealed.value().begin(), sealed.value().end());
  }
  return out;
}

Result<std::vector<GrantedKey>> open_grant_payload(ByteView payload, const crypto::Secret<32>& grantee) {
  auto entries = parse(payload);
  if (!entries) return entries.error();
  std::vector<GrantedKey> out;
  for (const Entry& e : entries.value()) {
    auto opened = crypto::sealed_box::open(e.sealed, grantee);
    if (!opened) return Error{Errc::auth_failed, "a grant entry does not open with this key"};
    const ByteView pt = opened.value().view();
    if (pt.size() != 38 || le::load16(pt.data()) != e.scope || le::load32(pt.data() + 2) != e.epoch) {
      return bad("a grant entry's sealed label differs from its outer label");
    }
    out.push_back(GrantedKey{e.scope, e.epoch, crypto::Secret<32>(pt.subspan(6, 32))});
  }
  return out;
}

Result<std::vector<std::pair<std::uint16_t, std::uint32_t>>> grant_payload_labels(ByteView payload) {
  auto entries = parse(payload);
  if (!entries) return entries.error();
  std::vector<std::pair<std::uint16_t, std::uint32_t>> out;
  for (const Entry& e : entries.value()) out.emplace_back(e.scope, e.epoch);
  return out;
}

Result<std::vector<Regrant>> regrant_after_epoch_change(const crypto::Secret<32>& chart_root, std::uint32_t advanced,
                                                        const ScopeEpochs& epochs, std::span<const Grantee> remaining) {
  std::vector<Regrant> out;
  for (std::size_t i = 0; i < remaining.size(); ++i) {
    const std::uint32_t scopes = remaining[i].scopes & advanced;
    if (scopes == 0) continue;
    auto p = grant_payload(chart_root, scopes, epochs, remaining[i].public_key);
    if (!p) return p.error();
    out.push_back(Regrant{i, scopes, std::move(p.value())});
  }
  return out;
}

}  // namespace ehr::records
