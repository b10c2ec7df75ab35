// Search without a server (docs/record-format.md, "Search index"): a per-chart, per-(scope, epoch)
// keyword index whose keys are tokens HMAC-SHA256(index key, term) truncated to 16 bytes, where
// index key = HKDF-SHA256(ikm = K(scope, epoch), salt = "ehr/search-index/v1", info = "").
// Terms are normalised words, codes "system|code" and date buckets (search_terms.hpp). The index
// itself is stored as a record envelope under the same chart key, beside the records, so a
// grantee holding K(scope, epoch) downloads one envelope and finds records by term, code or date
// range without decrypting them; a revoked grantee cannot read the indexes of later epochs.
//
// Serialized (the envelope's plaintext), all integers little-endian:
//   "EHRI" | version 1 | scope u16 | epoch u32 | record_count u32 |
//   record_count x (id_len u8 (1..255) | id bytes (UTF-8, e.g. a CID)) |
//   token_count u32 | token_count x (token (16) | posting_count u32 (>= 1) | posting_count x
//   record index u32), tokens strictly ascending, postings strictly ascending and < record_count.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/search_terms.hpp"

namespace ehr::records {

using SearchToken = FixedBytes<16>;

/// A query: every given criterion must hold (AND); a date range matches records with a date whose
/// month bucket (or year, for a date known to the year only) overlaps [from, to].
struct SearchQuery {
  std::vector<std::string> words;                          ///< normalised like indexed text
  std::vector<std::pair<std::string, std::string>> codes;  ///< (system, code)
  std::optional<std::string> from, to;                     ///< FHIR dates (YYYY, YYYY-MM, ...);
                                                           ///< open ends: 1900, 2100; at most 200 years
  std::optional<std::string> type;                         ///< resource type
};

/// From JSON: {"words": [string], "codes": [{"system": s, "code": c}], "from": date, "to": date,
/// "type": string}, every member optional. Fails with bad_json on any other shape.
[[nodiscard]] Result<SearchQuery> query_from_json(const nlohmann::json& j);

/// From JSON: {"words": [string], "codes": [{"system", "code"}], "dates": [string], "type": string}.
[[nodiscard]] Result<SearchTerms> terms_from_json(const nlohmann::json& j);

class SearchIndex {
 public:
  /// An empty index for the records of (scope, epoch) under chart key K(scope, epoch).
  SearchIndex(const crypto::Secret<32>& chart_key, std::uint16_t scope, std::uint32_t epoch);

  /// Adds a record's terms. record_id: 1..255 bytes (bad_argument otherwise); adding the same
  /// id again adds to its terms.
  [[nodiscard]] Status add(std::string_view record_id, const SearchTerms& terms);
  /// Adds the terms of a FHIR resource (terms_of_resource).
  [[nodiscard]] Status add_resource(std::string_view record_id, const nlohmann::json& resource);
  /// Adds every record of `other` (same chart key, scope and epoch, else bad_argument).
  [[nodiscard]] Status merge(const SearchIndex& other);

  /// Ids of the records matching every criterion (in the order they were added). A query with
  /// no criterion matches nothing. Fails with bad_argument on a malformed date.
  [[nodiscard]] Result<std::vector<std::string>> query(const SearchQuery& q) const;

  /// The token of an index term ("w:blood", "c:http://loinc.org|718-7", "m:2024-03", ...).
  [[nodiscard]] SearchToken token(std::string_view term) const noexcept;

  [[nodiscard]] Bytes serialize() const;
  /// Parses a serialized index for `chart_key`. Fails with bad_index when malformed.
  [[nodiscard]] static Result<SearchIndex> deserialize(ByteView bytes, const crypto::Secret<32>& chart_key);

  /// The index as an envelope with one scope wrap under `chart_key`.
  [[nodiscard]] Result<Bytes> seal(const crypto::Secret<32>& chart_key) const;
  /// Decrypts and parses an index envelope with its chart key. Fails as decrypt_record does, with
  /// bad_index when the plaintext is not an index, or when its scope or epoch differ from the
  /// envelope header's.
  [[nodiscard]] static Result<SearchIndex> open(ByteView envelope, const crypto::Secret<32>& chart_key);

  [[nodiscard]] std::uint16_t scope() const noexcept { return scope_; }
  [[nodiscard]] std::uint32_t epoch() const noexcept { return epoch_; }
  [[nodiscard]] std::size_t record_count() const noexcept { return ids_.size(); }
  [[nodiscard]] std::size_t token_count() const noexcept { return postings_.size(); }

 private:
  std::uint32_t record_index(std::string_view id);
  void add_token(const SearchToken& t, std::uint32_t record);
  std::vector<std::uint32_t> lookup(std::string_view term) const;

  crypto::Secret<32> key_;  ///< the index key (HKDF of the chart key)
  std::uint16_t scope_;
  std::uint32_t epoch_;
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::uint32_t> id_index_;
  std::map<SearchToken, std::vector<std::uint32_t>> postings_;  ///< sorted, deduplicated
};

}  // namespace ehr::records
