// WASM exports of src/records, the streaming record envelope: writers and readers behind handles
// (kinds env_writer, env_reader) and the header scan. Rules: boundary.hpp, records_internal.hpp.
//
// Byte outputs are views into the stream object's own buffer: each export writes (pointer,
// length) as two u32 LE at `out8`, valid until the next call on that object (or its disposal);
// a reader's plaintext is secret, and the reader wipes its buffer before reusing or freeing it.
#include <emscripten/emscripten.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"
#include "records_internal.hpp"

using namespace ehr;
using namespace ehr::records;
using namespace ehr::wasm::rec_boundary;

namespace {

// Copies the secrets behind `n` u32 handles at `hs` into `out`; false if one is not live.
bool collect(const std::uint8_t* hs, std::size_t n, Kind kind, std::vector<crypto::Secret<32>>& out) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t h = 0;
    std::memcpy(&h, hs + 4 * i, 4);
    const auto* k = key_get(h, kind);
    if (k == nullptr) return false;
    out.emplace_back(k->view());
  }
  return true;
}

}  // namespace

extern "C" {

// ---- writer -----------------------------------------------------------------------------------------
/** ehr_rec_writer_new: an envelope writer for one record: a fresh content key, wrapped to each
 *  chart key and each recipient.
 *  Returns: 0, or ERR_BAD_ARGUMENT (scope above 65535, chunk size outside 1 KiB..16 MiB, no wrap,
 *           more than 256 wraps), ERR_BAD_HANDLE (a chart key), ERR_OUT_OF_MEMORY.
 *  Args:    scope, epoch: the record's scope and key epoch. chunk_size: plaintext bytes per chunk.
 *  In:      chart_hs:   n_chart u32 LE chart_key handles (4 * n_chart bytes).
 *           recipients: n_recip X25519 public keys (32 * n_recip bytes).
 *  Out:     out_w:      4 bytes, the env_writer handle (u32 LE).
 *  Owns:    JS owns the writer (ehr_handle_free wipes its content key).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_new(std::uint32_t scope, std::uint32_t epoch, std::uint32_t chunk_size,
                                            const std::uint8_t* chart_hs, std::size_t n_chart,
                                            const std::uint8_t* recipients, std::size_t n_recip, std::uint8_t* out_w) {
  if (scope > 0xffff) return fail(Error{Errc::bad_argument, "scope must be 0..65535"});
  WriterParams p;
  p.scope = static_cast<std::uint16_t>(scope);
  p.epoch = epoch;
  p.chunk_size = chunk_size;
  for (std::size_t i = 0; i < n_chart; ++i) {
    std::uint32_t h = 0;
    std::memcpy(&h, chart_hs + 4 * i, 4);
    const auto* k = key_get(h, Kind::chart_key);
    if (k == nullptr) return bad_handle();
    p.chart_keys.push_back(k);
  }
  for (std::size_t i = 0; i < n_recip; ++i) p.recipients.push_back(to_fixed<32>(ByteView(recipients + 32 * i, 32)));
  auto w = EnvelopeWriter::create(p);
  if (!w) return fail(w.error());
  return wasm::adopt_to(Kind::env_writer,
                        std::unique_ptr<EnvelopeWriter>(new (std::nothrow) EnvelopeWriter(std::move(w.value()))),
                        out_w);
}
/** ehr_rec_writer_header: the writer's envelope header.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the header, valid while the writer lives.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_header(std::uint32_t w_h, std::uint8_t* out8) {
  EnvelopeWriter* w = get<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  put_view(w->header(), out8);
  return 0;
}
/** ehr_rec_writer_push: encrypts plaintext; emits the chunks it completes.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_STREAM_STATE (finished or failed), ERR_OUT_OF_MEMORY.
 *  In:      data: len bytes of plaintext (the caller wipes its copy).
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the envelope bytes, valid until the next call
 *                 on the writer.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_push(std::uint32_t w_h, const std::uint8_t* data, std::size_t len,
                                             std::uint8_t* out8) {
  EnvelopeWriter* w = get<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  auto r = w->push(ByteView(data, len));
  if (!r) return fail(r.error());
  put_view(r.value(), out8);
  return 0;
}
/** ehr_rec_writer_finish: the last chunk, with the FINAL tag.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_STREAM_STATE, ERR_OUT_OF_MEMORY.
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of the last envelope bytes.
 *  Owns:    the writer stays in the registry until ehr_handle_free.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_writer_finish(std::uint32_t w_h, std::uint8_t* out8) {
  EnvelopeWriter* w = get<EnvelopeWriter>(w_h, Kind::env_writer);
  if (w == nullptr) return bad_handle();
  auto r = w->finish();
  if (!r) return fail(r.error());
  put_view(r.value(), out8);
  return 0;
}

// ---- reader -----------------------------------------------------------------------------------------
/** ehr_rec_reader_new: an envelope reader that tries the given keys on the header's wraps.
 *  Returns: 0, or ERR_BAD_HANDLE (a key handle), ERR_OUT_OF_MEMORY.
 *  In:      chart_hs:  n_chart u32 LE chart_key handles. x25519_hs: n_x u32 LE rec_x25519 handles.
 *  Out:     out_r:     4 bytes, the env_reader handle (u32 LE).
 *  Owns:    the reader copies the keys (and wipes its copies); JS owns the reader.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_new(const std::uint8_t* chart_hs, std::size_t n_chart,
                                            const std::uint8_t* x25519_hs, std::size_t n_x, std::uint8_t* out_r) {
  ReaderKeys rk;
  if (!collect(chart_hs, n_chart, Kind::chart_key, rk.chart_keys)) return bad_handle();
  if (!collect(x25519_hs, n_x, Kind::rec_x25519, rk.x25519_secrets)) return bad_handle();
  auto r = EnvelopeReader::create(std::move(rk));
  if (!r) return fail(r.error());
  return wasm::adopt_to(Kind::env_reader,
                        std::unique_ptr<EnvelopeReader>(new (std::nothrow) EnvelopeReader(std::move(r.value()))),
                        out_r);
}
/** ehr_rec_reader_push: decrypts envelope bytes; emits the verified plaintext they complete.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_ENVELOPE, ERR_UNKNOWN_VERSION, ERR_NO_RECIPIENT,
 *           ERR_AUTH_FAILED, ERR_STREAM_TRUNCATED (data after FINAL), ERR_STREAM_STATE (after a
 *           failure), ERR_OUT_OF_MEMORY. A failure is final for the reader.
 *  In:      data: len bytes.
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of plaintext (secret), valid until the next call
 *                 on the reader.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_push(std::uint32_t r_h, const std::uint8_t* data, std::size_t len,
                                             std::uint8_t* out8) {
  EnvelopeReader* r = get<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  auto res = r->push(ByteView(data, len));
  if (!res) return fail(res.error());
  put_view(res.value(), out8);
  return 0;
}
/** ehr_rec_reader_finish: ends the input.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_STREAM_TRUNCATED (no FINAL chunk, or inside the header),
 *           ERR_STREAM_STATE.
 *  Out:     out8: 8 bytes, (pointer, length) u32 LE of any last plaintext (secret).
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_finish(std::uint32_t r_h, std::uint8_t* out8) {
  EnvelopeReader* r = get<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  auto res = r->finish();
  if (!res) return fail(res.error());
  put_view(res.value(), out8);
  return 0;
}
/** ehr_rec_reader_info: the header fields once parsed.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out28: 7 u32 LE: [1, header_len, chunk_size, scope, epoch, wraps, opened wrap index
 *                  (0xffffffff: none yet)]; only [0] when the header is not complete yet.
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_reader_info(std::uint32_t r_h, std::uint8_t* out28) {
  EnvelopeReader* r = get<EnvelopeReader>(r_h, Kind::env_reader);
  if (r == nullptr) return bad_handle();
  const HeaderInfo* h = r->header();
  put_u32(out28, h != nullptr ? 1 : 0);
  if (h == nullptr) return 0;
  put_u32(out28 + 4, h->header_len);
  put_u32(out28 + 8, h->chunk_size);
  put_u32(out28 + 12, h->scope);
  put_u32(out28 + 16, h->epoch);
  put_u32(out28 + 20, static_cast<std::uint32_t>(h->wraps.size()));
  put_u32(out28 + 24, static_cast<std::uint32_t>(r->opened_wrap().value_or(0xffffffffu)));
  return 0;
}
/** ehr_rec_scan_header: reads the header of an envelope's first bytes without any key.
 *  Returns: 0, or ERR_BAD_ENVELOPE, ERR_UNKNOWN_VERSION.
 *  In:      data: len bytes (the envelope's start).
 *  Args:    max_wraps: how many wrap entries `out` has room for.
 *  Out:     out:  24 + 8 * max_wraps bytes. Complete: u32 LE [1, header_len, chunk_size, scope,
 *                 epoch, wrap_count], then per wrap (at most max_wraps) type (1 byte), 3 zero
 *                 bytes, hint (4 bytes). Incomplete: [0, bytes needed, header_len or 0].
 */
EMSCRIPTEN_KEEPALIVE int ehr_rec_scan_header(const std::uint8_t* data, std::size_t len, std::uint8_t* out,
                                             std::size_t max_wraps) {
  auto s = scan_header(ByteView(data, len));
  if (!s) return fail(s.error());
  const HeaderScan& sc = s.value();
  put_u32(out, sc.complete ? 1 : 0);
  if (!sc.complete) {
    put_u32(out + 4, static_cast<std::uint32_t>(sc.need));
    put_u32(out + 8, sc.info.header_len);  // 0 until the 24-byte prefix is in
    return 0;
  }
  const HeaderInfo& h = sc.info;
  put_u32(out + 4, h.header_len);
  put_u32(out + 8, h.chunk_size);
  put_u32(out + 12, h.scope);
  put_u32(out + 16, h.epoch);
  put_u32(out + 20, static_cast<std::uint32_t>(h.wraps.size()));
  for (std::size_t i = 0; i < h.wraps.size() && i < max_wraps; ++i) {
    std::uint8_t* o = out + 24 + 8 * i;
    o[0] = h.wraps[i].type;
    o[1] = o[2] = o[3] = 0;
    std::memcpy(o + 4, h.wraps[i].hint.data(), 4);
  }
  return 0;
}

}  // extern "C"
