#include "records/search_index.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

#include <algorithm>
#include <cstdio>

#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records/fhir_datetime.hpp"
#include "crypto/hkdf.hpp"
#include "records/le.hpp"

namespace ehr::records {
namespace {

constexpr std::uint8_t kMagic[4] = {'E', 'H', 'R', 'I'};
constexpr std::uint8_t kIndexVersion = 1;

Error bad(const char* what) { return Error{Errc::bad_index, what}; }

void sorted_insert(std::vector<std::uint32_t>& v, std::uint32_t x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}

std::vector<std::uint32_t> unite(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<std::uint32_t> intersect(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string ym(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}
std::string yr(int y) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", y);
  return buf;
}

Error bad_json(const char* what) { return Error{Errc::bad_json, what}; }

bool strings(const nlohmann::json& j, const char* key, std::vector<std::string>& out) {
  if (!j.contains(key)) return true;
  if (!j[key].is_array()) return false;
  for (const auto& e : j[key]) {
    if (!e.is_string()) return false;
    out.push_back(e.get<std::string>());
  }
  return true;
}

bool codes(const nlohmann::json& j, std::vector<std::pair<std::string, std::string>>& out) {
  if (!j.contains("codes")) return true;
  if (!j["codes"].is_array()) return false;
  for (const auto& c : j["codes"]) {
    if (!c.is_object() || !c.contains("system") || !c.contains("code") || !c["system"].is_string() ||
        !c["code"].is_string()) {
      return false;
    }
    out.emplace_back(c["system"].get<std::string>(), c["code"].get<std::string>());
  }
  return true;
}

bool optional_string(const nlohmann::json& j, const char* key, std::optional<std::string>& out) {
  if (!j.contains(key)) return true;
  if (!j[key].is_string()) return false;
  out = j[key].get<std::string>();
  return true;
}

}  // namespace

Result<SearchQuery> query_from_json(const nlohmann::json& j) {
  SearchQuery q;
  if (!j.is_object() || !strings(j, "words", q.words) || !codes(j, q.codes) || !optional_string(j, "from", q.from) ||
      !optional_string(j, "to", q.to) || !optional_string(j, "type", q.type)) {
    return bad_json("a query is {words: [string], codes: [{system, code}], from, to, type}");
  }
  return q;
}

Result<SearchTerms> terms_from_json(const nlohmann::json& j) {
  SearchTerms t;
  std::optional<std::string> type;
  if (!j.is_object() || !strings(j, "words", t.words) || !codes(j, t.codes) || !strings(j, "dates", t.dates) ||
      !optional_string(j, "type", type)) {
    return bad_json("terms are {words: [string], codes: [{system, code}], dates: [string], type}");
  }
  t.type = type.value_or("");
  return t;
}

SearchIndex::SearchIndex(const crypto::Secret<32>& chart_key, std::uint16_t scope, std::uint32_t epoch)
    : key_(crypto::hkdf_sha256::derive32(chart_key.view(), text_bytes("ehr/search-index/v1"), {})),
      scope_(scope),
      epoch_(epoch) {}

SearchToken SearchIndex::token(std::string_view term) const noexcept {
  (void)crypto::init();  // libsodium ready (idempotent); HMAC-SHA256 needs no randomness
  std::uint8_t mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  static const std::uint8_t none = 0;
  crypto_auth_hmacsha256_init(&st, key_.data(), 32);
  crypto_auth_hmacsha256_update(&st, term.empty() ? &none : reinterpret_cast<const std::uint8_t*>(term.data()),
                                term.size());
  crypto_auth_hmacsha256_final(&st, mac);
  SearchToken t{};
  std::copy_n(mac, t.size(), t.begin());
  crypto::wipe(&st, sizeof st);
  return t;
}

std::uint32_t SearchIndex::record_index(std::string_view id) {
  const auto [it, added] = id_index_.emplace(std::string(id), static_cast<std::uint32_t>(ids_.size()));
  if (added) ids_.emplace_back(id);
  return it->second;
}

void SearchIndex::add_token(const SearchToken& t, std::uint32_t record) { sorted_insert(postings_[t], record); }

Status SearchIndex::add(std::string_view record_id, const SearchTerms& terms) {
  if (record_id.empty() || record_id.size() > 255) return Error{Errc::bad_argument, "record id must be 1..255 bytes"};
  const std::uint32_t r = record_index(record_id);
  for (const auto& term : index_terms(terms)) add_token(token(term), r);
  return ok_status();
}

Status SearchIndex::add_resource(std::string_view record_id, const nlohmann::json& resource) {
  return add(record_id, terms_of_resource(resource));
}

Status SearchIndex::merge(const SearchIndex& other) {
  if (sodium_memcmp(key_.data(), other.key_.data(), 32) != 0 || scope_ != other.scope_ || epoch_ != other.epoch_) {
    return Error{Errc::bad_argument, "indexes of different chart keys cannot be merged"};
  }
  std::vector<std::uint32_t> map(other.ids_.size());
  for (std::size_t i = 0; i < other.ids_.size(); ++i) map[i] = record_index(other.ids_[i]);
  for (const auto& [t, recs] : other.postings_) {
    for (auto r : recs) add_token(t, map[r]);
  }
  return ok_status();
}

std::vector<std::uint32_t> SearchIndex::lookup(std::string_view term) const {
  const auto it = postings_.find(token(term));
  return it == postings_.end() ? std::vector<std::uint32_t>{} : it->second;
}

Result<std::vector<std::string>> SearchIndex::query(const SearchQuery& q) const {
  std::optional<std::vector<std::uint32_t>> acc;
  auto narrow = [&](const std::vector<std::uint32_t>& hits) { acc = acc ? intersect(*acc, hits) : hits; };
  for (const auto& w : q.words) {
    const auto norm = normalise_words(w);
    if (norm.empty()) return Error{Errc::bad_argument, "a query word has nothing to search for"};
    for (const auto& n : norm) narrow(lookup("w:" + n));
  }
  for (const auto& [system, code] : q.codes) narrow(lookup("c:" + system + "|" + code));
  if (q.type) narrow(lookup("t:" + *q.type));
  if (q.from || q.to) {
    // An open bound is 1900 or 2100: a range is enumerated month by month (at most 200 years).
    const auto lo = fhir::year_month(q.from.value_or("1900"));
    const auto hi = fhir::year_month(q.to.value_or("2100"));
    if (!lo || !hi) return Error{Errc::bad_argument, "date range bounds must be FHIR dates"};
    const int y0 = lo->first, m0 = lo->second == 0 ? 1 : lo->second;
    const int y1 = hi->first, m1 = hi->second == 0 ? 12 : hi->second;
    if (y0 > y1 || (y0 == y1 && m0 > m1)) return Error{Errc::bad_argument, "date range ends before it starts"};
    if (y1 - y0 > 200) return Error{Errc::bad_argument, "date range longer than 200 years"};
    std::vector<std::uint32_t> hits;
    for (int y = y0; y <= y1; ++y) {
      const int a = y == y0 ? m0 : 1, b = y == y1 ? m1 : 12;
      hits = unite(hits, lookup("y?:" + yr(y)));  // dates known to the year only
      if (a == 1 && b == 12) {
        hits = unite(hits, lookup("y:" + yr(y)));
      } else {
        for (int m = a; m <= b; ++m) hits = unite(hits, lookup("m:" + ym(y, m)));
      }
    }
    narrow(hits);
  }
  std::vector<std::string> out;
  if (!acc) return out;
  for (auto r : *acc) out.push_back(ids_[r]);
  return out;
}

Bytes SearchIndex::serialize() const {
  Bytes out(kMagic, kMagic + 4);
  out.push_back(kIndexVersion);
  le::put16(out, scope_);
  le::put32(out, epoch_);
  le::put32(out, static_cast<std::uint32_t>(ids_.size()));
  for (const auto& id : ids_) {
    out.push_back(static_cast<std::uint8_t>(id.size()));
    out.insert(out.end(), id.begin(), id.end());
  }
  le::put32(out, static_cast<std::uint32_t>(postings_.size()));
  for (const auto& [t, recs] : postings_) {
    out.insert(out.end(), t.begin(), t.end());
    le::put32(out, static_cast<std::uint32_t>(recs.size()));
    for (auto r : recs) le::put32(out, r);
  }
  return out;
}

Result<SearchIndex> SearchIndex::deserialize(ByteView bytes, const crypto::Secret<32>& chart_key) {
  le::Reader rd(bytes);
  ByteView magic;
  std::uint8_t version = 0;
  std::uint16_t scope = 0;
  std::uint32_t epoch = 0, n_ids = 0, n_tokens = 0;
  if (!rd.take(4, magic) || !std::equal(magic.begin(), magic.end(), kMagic)) return bad("not a search index");
  if (!rd.u8(version) || version != kIndexVersion) return bad("unknown search index version");
  if (!rd.u16(scope) || !rd.u32(epoch) || !rd.u32(n_ids)) return bad("truncated search index");
  if (n_ids > rd.remaining() / 2) return bad("record count larger than the index");
  SearchIndex idx(chart_key, scope, epoch);
  for (std::uint32_t i = 0; i < n_ids; ++i) {
    std::uint8_t len = 0;
    ByteView id;
    if (!rd.u8(len) || len == 0 || !rd.take(len, id)) return bad("bad record id");
    const std::string s(reinterpret_cast<const char*>(id.data()), id.size());
    if (!idx.id_index_.emplace(s, i).second) return bad("duplicate record id");
    idx.ids_.push_back(s);
  }
  if (!rd.u32(n_tokens) || n_tokens > rd.remaining() / 24) return bad("bad token count");
  const SearchToken* prev = nullptr;
  for (std::uint32_t i = 0; i < n_tokens; ++i) {
    ByteView t;
    std::uint32_t n = 0;
    if (!rd.take(16, t) || !rd.u32(n) || n == 0 || n > rd.remaining() / 4) return bad("bad token entry");
    const SearchToken tok = to_fixed<16>(t);
    if (prev != nullptr && !(*prev < tok)) return bad("tokens not strictly ascending");
    std::vector<std::uint32_t> recs(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      if (!rd.u32(recs[k]) || recs[k] >= n_ids || (k > 0 && recs[k] <= recs[k - 1])) return bad("bad posting list");
    }
    prev = &idx.postings_.emplace(tok, std::move(recs)).first->first;
  }
  if (rd.remaining() != 0) return bad("bytes after the index");
  return idx;
}

Result<Bytes> SearchIndex::seal(const crypto::Secret<32>& chart_key) const {
  WriterParams p;
  p.scope = scope_;
  p.epoch = epoch_;
  p.chart_keys = {&chart_key};
  return encrypt_record(serialize(), p);
}

Result<SearchIndex> SearchIndex::open(ByteView envelope, const crypto::Secret<32>& chart_key) {
  ReaderKeys rk;
  rk.chart_keys.emplace_back(chart_key.view());
  auto pt = decrypt_record(envelope, std::move(rk));
  if (!pt) return pt.error();
  auto idx = deserialize(pt.value().view(), chart_key);
  if (!idx) return idx.error();
  auto h = parse_header(envelope);
  if (!h || h.value().scope != idx.value().scope() || h.value().epoch != idx.value().epoch()) {
    return bad("the index's scope or epoch differs from its envelope's");
  }
  return idx;
}

}  // namespace ehr::records
