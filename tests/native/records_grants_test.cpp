// Grant payloads, regrants after epoch changes and institution group keys, including the
// cryptographic half of the scenario: after a revocation a former grantee cannot open
// records of the new epoch, and a member removed from an institution cannot open what is shared
// with the rotated group key.
#include <gtest/gtest.h>

#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records/grants.hpp"
#include "records/institution.hpp"
#include "records/key_schedule.hpp"
#include "records/le.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;

namespace {

struct Party {
  crypto::Secret<32> secret;
  X25519Public pk{};
};
Party party(test::Rng& rng) {
  Party p;
  p.secret = crypto::Secret<32>(ByteView(rng.bytes(32)));
  p.pk = crypto::x25519::public_key(p.secret);
  return p;
}

Bytes write(const crypto::Secret<32>& k, std::uint16_t scope, std::uint32_t epoch, const Bytes& pt) {
  WriterParams p;
  p.scope = scope;
  p.epoch = epoch;
  p.chart_keys = {&k};
  return encrypt_record(pt, p).value();
}

// What a holder of `keys` (opened from grants) gets for `env`.
std::string open_with(const std::vector<GrantedKey>& keys, const Bytes& env) {
  ReaderKeys rk;
  for (const auto& k : keys) rk.chart_keys.emplace_back(k.key.view());
  return code_of(decrypt_record(env, std::move(rk)));
}

}  // namespace

TEST(RecordsGrants, PayloadRoundTripAndLabels) {
  test::Rng rng("RecordsGrants.PayloadRoundTripAndLabels");
  const crypto::Secret<32> root(ByteView(rng.bytes(32)));
  const Party doc = party(rng);
  ScopeEpochs epochs{};
  for (std::size_t s = 0; s < kMaxScopes; ++s) epochs[s] = static_cast<std::uint32_t>(rng.below(5));
  const std::uint32_t scopes = (1u << 0) | (1u << 4) | (1u << 31);
  auto payload = grant_payload(root, scopes, epochs, doc.pk);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(payload.value().size(), 3 + 3 * kGrantEntrySize);
  auto labels = grant_payload_labels(payload.value());
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels.value().size(), 3u);
  EXPECT_EQ(labels.value()[2], (std::pair<std::uint16_t, std::uint32_t>{31, epochs[31]}));
  auto keys = open_grant_payload(payload.value(), doc.secret);
  ASSERT_TRUE(keys.ok());
  for (const auto& k : keys.value()) {
    EXPECT_EQ(to_hex(k.key.view()), to_hex(chart_key(root, k.scope, k.epoch).view()));
    EXPECT_EQ(k.epoch, epochs[k.scope]);
  }
  EXPECT_EQ(code_of(grant_payload(root, 0, epochs, doc.pk)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(grant_payload(root, 1, epochs, X25519Public{})), "ERR_INVALID_PUBLIC_KEY");
}

TEST(RecordsGrants, MalformedOrTamperedPayloads) {
  test::Rng rng("RecordsGrants.MalformedOrTamperedPayloads");
  const crypto::Secret<32> root(ByteView(rng.bytes(32)));
  const Party doc = party(rng), other = party(rng);
  ScopeEpochs epochs{};
  const Bytes p = grant_payload(root, 0b101, epochs, doc.pk).value();
  EXPECT_EQ(code_of(open_grant_payload(p, other.secret)), "ERR_AUTH_FAILED");
  EXPECT_EQ(code_of(open_grant_payload(Bytes{}, doc.secret)), "ERR_BAD_GRANT");
  Bytes v2 = p;
  v2[0] = 2;
  EXPECT_EQ(code_of(open_grant_payload(v2, doc.secret)), "ERR_BAD_GRANT");
  EXPECT_EQ(code_of(open_grant_payload(Bytes(p.begin(), p.end() - 1), doc.secret)), "ERR_BAD_GRANT");
  Bytes zero = p;
  zero[1] = 0;
  zero[2] = 0;
  EXPECT_EQ(code_of(open_grant_payload(zero, doc.secret)), "ERR_BAD_GRANT");
  // Relabel the first entry (scope 0 -> scope 1): the sealed label no longer matches.
  Bytes relabel = p;
  relabel[3] = 1;
  EXPECT_EQ(code_of(open_grant_payload(relabel, doc.secret)), "ERR_BAD_GRANT");
  Bytes epoch = p;
  epoch[5] ^= 1;
  EXPECT_EQ(code_of(open_grant_payload(epoch, doc.secret)), "ERR_BAD_GRANT");
  // Entries swapped: scopes no longer ascending.
  Bytes swapped = p;
  std::swap_ranges(swapped.begin() + 3, swapped.begin() + 3 + kGrantEntrySize, swapped.begin() + 3 + kGrantEntrySize);
  EXPECT_EQ(code_of(open_grant_payload(swapped, doc.secret)), "ERR_BAD_GRANT");
  // Every bit of the sealed part: auth_failed.
  for (std::size_t pos = 3 + 6; pos < 3 + kGrantEntrySize; ++pos) {
    Bytes t = p;
    t[pos] ^= 0x20;
    EXPECT_EQ(code_of(open_grant_payload(t, doc.secret)), "ERR_AUTH_FAILED") << pos;
  }
}

TEST(RecordsGrants, RevokeScenarioCryptography) {
  // Patient: records in scopes 0 and 3. Doctor A: scope 0. Doctor B: scopes 0 and 3. B revoked:
  // epochs of 0 and 3 advance; A gets the new scope-0 key; B gets nothing new.
  test::Rng rng("RecordsGrants.RevokeScenarioCryptography");
  const crypto::Secret<32> root(ByteView(rng.bytes(32)));
  const Party a = party(rng), b = party(rng);
  ScopeEpochs epochs{};
  const Bytes r0 = write(chart_key(root, 0, 0), 0, 0, Bytes(2000, 1));
  const Bytes r3 = write(chart_key(root, 3, 0), 3, 0, Bytes(2000, 3));
  const auto ka = open_grant_payload(grant_payload(root, 1u << 0, epochs, a.pk).value(), a.secret).value();
  const auto kb =
      open_grant_payload(grant_payload(root, (1u << 0) | (1u << 3), epochs, b.pk).value(), b.secret).value();
  EXPECT_EQ(open_with(ka, r0), "OK");
  EXPECT_EQ(open_with(ka, r3), "ERR_NO_RECIPIENT");
  EXPECT_EQ(open_with(kb, r0), "OK");
  EXPECT_EQ(open_with(kb, r3), "OK");
  // Revoke B: the contract advances the epochs of B's scopes.
  const std::uint32_t advanced = (1u << 0) | (1u << 3);
  epochs[0] = 1;
  epochs[3] = 1;
  const std::vector<Grantee> remaining = {{a.pk, 1u << 0}};
  auto regrants = regrant_after_epoch_change(root, advanced, epochs, remaining);
  ASSERT_TRUE(regrants.ok());
  ASSERT_EQ(regrants.value().size(), 1u);
  EXPECT_EQ(regrants.value()[0].scopes, 1u << 0);
  auto ka2 = open_grant_payload(regrants.value()[0].payload, a.secret).value();
  ASSERT_EQ(ka2.size(), 1u);
  EXPECT_EQ(ka2[0].epoch, 1u);
  // A new scope-0 record in epoch 1.
  const Bytes r0new = write(chart_key(root, 0, 1), 0, 1, Bytes(100, 9));
  EXPECT_EQ(open_with(kb, r0new), "ERR_NO_RECIPIENT");  // B cannot
  EXPECT_EQ(open_with(ka2, r0new), "OK");               // A can
  EXPECT_EQ(open_with(ka, r0), "OK");                   // and still the old ones
  // B's payload cannot be opened by A and vice versa; nothing for a grantee of other scopes.
  const std::vector<Grantee> unrelated = {{a.pk, 1u << 7}};
  EXPECT_TRUE(regrant_after_epoch_change(root, advanced, epochs, unrelated).value().empty());
}

TEST(RecordsGrants, InstitutionRotationExcludesTheRemovedMember) {
  test::Rng rng("RecordsGrants.InstitutionRotationExcludesTheRemovedMember");
  const crypto::Secret<32> root(ByteView(rng.bytes(32)));
  const Party m1 = party(rng), m2 = party(rng), m3 = party(rng);
  auto created = create_group_key(1, std::vector<X25519Public>{m1.pk, m2.pk, m3.pk});
  ASSERT_TRUE(created.ok());
  const GroupKey& g1 = created.value().first;
  const Bytes& wraps1 = created.value().second;
  EXPECT_EQ(member_wraps_group(wraps1).value(), std::make_pair(g1.public_key, 1u));
  for (const Party* m : {&m1, &m2, &m3}) {
    auto opened = open_member_wraps(wraps1, m->secret);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened.value().public_key, g1.public_key);
    EXPECT_EQ(opened.value().version, 1u);
  }
  // The patient grants scope 2 to the institution.
  ScopeEpochs epochs{};
  const Bytes grant1 = grant_payload(root, 1u << 2, epochs, g1.public_key).value();
  const GroupKey m3_old = open_member_wraps(wraps1, m3.secret).value();
  const auto m3_keys = open_grant_payload(grant1, m3_old.secret).value();
  // m3 leaves: the admin rotates; the patient advances scope 2 and regrants to the new group key.
  auto rotated = create_group_key(2, std::vector<X25519Public>{m1.pk, m2.pk});
  ASSERT_TRUE(rotated.ok());
  const GroupKey& g2 = rotated.value().first;
  const Bytes& wraps2 = rotated.value().second;
  EXPECT_EQ(code_of(open_member_wraps(wraps2, m3.secret)), "ERR_NO_RECIPIENT");
  epochs[2] = 1;
  auto re = regrant_after_epoch_change(root, 1u << 2, epochs, std::vector<Grantee>{{g2.public_key, 1u << 2}});
  ASSERT_TRUE(re.ok());
  ASSERT_EQ(re.value().size(), 1u);
  const Bytes shared_after = write(chart_key(root, 2, 1), 2, 1, Bytes(500, 7));
  // m1 opens it through the new group key; m3 cannot, with anything it kept.
  const GroupKey m1_new = open_member_wraps(wraps2, m1.secret).value();
  const auto m1_keys = open_grant_payload(re.value()[0].payload, m1_new.secret).value();
  EXPECT_EQ(open_with(m1_keys, shared_after), "OK");
  EXPECT_EQ(open_with(m3_keys, shared_after), "ERR_NO_RECIPIENT");
  EXPECT_EQ(code_of(open_grant_payload(re.value()[0].payload, m3_old.secret)), "ERR_AUTH_FAILED");
  // A member joining later gets the same group key.
  const Party m4 = party(rng);
  const Bytes wraps3 = seal_group_key(g2, std::vector<X25519Public>{m1.pk, m2.pk, m4.pk}).value();
  EXPECT_EQ(open_member_wraps(wraps3, m4.secret).value().public_key, g2.public_key);
}

TEST(RecordsGrants, MemberWrapsTampering) {
  test::Rng rng("RecordsGrants.MemberWrapsTampering");
  const Party m1 = party(rng), m2 = party(rng);
  auto created = create_group_key(7, std::vector<X25519Public>{m1.pk, m2.pk}).value();
  const Bytes& w = created.second;
  Bytes pk = w;
  pk[1] ^= 1;  // published group key altered
  EXPECT_EQ(code_of(open_member_wraps(pk, m1.secret)), "ERR_BAD_GRANT");
  Bytes ver = w;
  ver[33] ^= 1;  // published version altered
  EXPECT_EQ(code_of(open_member_wraps(ver, m1.secret)), "ERR_BAD_GRANT");
  Bytes body = w;
  body[39 + 4 + 10] ^= 1;  // m1's sealed box
  EXPECT_EQ(code_of(open_member_wraps(body, m1.secret)), "ERR_AUTH_FAILED");
  EXPECT_EQ(code_of(open_member_wraps(Bytes(w.begin(), w.end() - 1), m1.secret)), "ERR_BAD_GRANT");
  EXPECT_EQ(code_of(create_group_key(1, std::vector<X25519Public>{})), "ERR_BAD_ARGUMENT");
}
