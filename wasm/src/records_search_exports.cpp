// WASM exports of src/records, the encrypted search index (kind search_index; it holds its own
// index key, wiped when the handle is freed). Rules: boundary.hpp, records_internal.hpp.
#include <emscripten/emscripten.h>

#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "records/json_text.hpp"
#include "records/search_index.hpp"
#include "records_internal.hpp"

using namespace ehr;
using namespace ehr::records;
using namespace ehr::wasm::rec_boundary;

namespace {
std::string_view text(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const char*>(p), n}; }
}  // namespace

extern "C" {

/** ehr_rec_index_new: an empty index for (scope, epoch) under a chart key.
 *  Returns: 0, or ERR_BAD_HANDLE (chart_h), ERR_OUT_OF_MEMORY.
 *  Args:    chart_h: a chart_key handle (its key is copied into the index).
 *  Out:     out_idx: 4 bytes, the search_index handle (u32 LE).
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_new(std::uint32_t chart_h, std::uint32_t scope, std::uint32_t epoch,
                                           std::uint8_t* out_idx) {
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  return wasm::adopt_to(
      Kind::search_index,
      std::unique_ptr<SearchIndex>(new (std::nothrow) SearchIndex(*k, static_cast<std::uint16_t>(scope), epoch)),
      out_idx);
}
/** ehr_rec_index_add: adds a record's terms.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_JSON, ERR_BAD_ARGUMENT (id not 1..255 bytes).
 *  In:      id:   id_len bytes (UTF-8 record id).
 *           json: json_len bytes (UTF-8): a FHIR resource (resource != 0) or terms
 *                 {words, codes, dates, type}.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_add(std::uint32_t idx_h, const std::uint8_t* id, std::size_t id_len,
                                           const std::uint8_t* json, std::size_t json_len, int resource) {
  SearchIndex* idx = get<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto j = parse_json(text(json, json_len));
  if (!j) return fail(j.error());
  const std::string_view rid = text(id, id_len);
  if (resource != 0) {
    auto st = idx->add_resource(rid, j.value());
    return st ? 0 : fail(st.error());
  }
  auto t = terms_from_json(j.value());
  if (!t) return fail(t.error());
  auto st = idx->add(rid, t.value());
  return st ? 0 : fail(st.error());
}
/** ehr_rec_index_merge: adds every record of another index (same chart key) to idx_h.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_ARGUMENT (another chart key).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_merge(std::uint32_t idx_h, std::uint32_t other_h) {
  SearchIndex* idx = get<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const SearchIndex* other = get<SearchIndex>(other_h, Kind::search_index);
  if (other == nullptr) return bad_handle();
  auto st = idx->merge(*other);
  return st ? 0 : fail(st.error());
}
/** ehr_rec_index_query: the ids of the records matching a query.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_JSON, ERR_BAD_ARGUMENT (empty word, bad date range).
 *  In:      json: len bytes (UTF-8 query JSON).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of a JSON array of ids (UTF-8) in the records
 *                 output.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_query(std::uint32_t idx_h, const std::uint8_t* json, std::size_t len,
                                             std::uint8_t* out8) {
  const SearchIndex* idx = get<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto j = parse_json(text(json, len));
  if (!j) return fail(j.error());
  auto q = query_from_json(j.value());
  if (!q) return fail(q.error());
  auto r = idx->query(q.value());
  if (!r) return fail(r.error());
  std::string out = "[";
  for (std::size_t i = 0; i < r.value().size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, r.value()[i]);
  }
  out += ']';
  last_out().assign(out.begin(), out.end());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_index_info: the index's counts and label.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out16: 4 u32 LE: record count, token count, scope, epoch.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_info(std::uint32_t idx_h, std::uint8_t* out16) {
  const SearchIndex* idx = get<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  put_u32(out16, static_cast<std::uint32_t>(idx->record_count()));
  put_u32(out16 + 4, static_cast<std::uint32_t>(idx->token_count()));
  put_u32(out16 + 8, idx->scope());
  put_u32(out16 + 12, idx->epoch());
  return 0;
}
/** ehr_rec_index_seal: the index serialized and encrypted under a chart key.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_OUT_OF_MEMORY.
 *  Args:    chart_h: a chart_key handle.
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the envelope (public) in the records output.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_seal(std::uint32_t idx_h, std::uint32_t chart_h, std::uint8_t* out8) {
  const SearchIndex* idx = get<SearchIndex>(idx_h, Kind::search_index);
  if (idx == nullptr) return bad_handle();
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  auto r = idx->seal(*k);
  if (!r) return fail(r.error());
  last_out() = std::move(r.value());
  put_view(last_out(), out8);
  return 0;
}
/** ehr_rec_index_open: decrypts and loads a sealed index.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_AUTH_FAILED (wrong key or modified), ERR_BAD_INDEX
 *           (malformed), ERR_BAD_ENVELOPE, ERR_OUT_OF_MEMORY.
 *  In:      env: len bytes.
 *  Out:     out_idx: 4 bytes, the search_index handle (u32 LE).
 *  Owns:    JS owns the handle; the decrypted serialization is wiped.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_index_open(const std::uint8_t* env, std::size_t len, std::uint32_t chart_h,
                                            std::uint8_t* out_idx) {
  const auto* k = key_get(chart_h, Kind::chart_key);
  if (k == nullptr) return bad_handle();
  auto r = SearchIndex::open(ByteView(env, len), *k);
  if (!r) return fail(r.error());
  return wasm::adopt_to(Kind::search_index,
                        std::unique_ptr<SearchIndex>(new (std::nothrow) SearchIndex(std::move(r.value()))), out_idx);
}

}  // extern "C"
