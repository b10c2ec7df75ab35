// WASM exports of src/recovery (SLIP-0039 Shamir shares as mnemonics). Rules: boundary.hpp.
// Master secrets, passphrases and mnemonics are bytes in memory the JS API wipes (wasm/js/slip39.js);
// mnemonics cross as UTF-8 text, one per line ('\n').
#include <emscripten/emscripten.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "boundary.hpp"
#include "recovery/slip39.hpp"

using namespace ehr;
using wasm::fail;
namespace s39 = ehr::recovery::slip39;

extern "C" {

/** ehr_slip39_generate: splits the master secret (ms_len bytes: 16..32, even) under the passphrase
 *  (printable ASCII) into group_count groups, group_threshold of which rebuild it; `groups` holds
 *  group_count byte pairs (member threshold, member count). The mnemonics (UTF-8, secret) go to out
 *  (room for cap bytes), one per line, group by group and member by member; their total length
 *  (u32) at out_len. iteration_exponent 0..15; extendable 0 or 1.
 *  Fails: ERR_BAD_LENGTH (secret), ERR_BAD_ARGUMENT (thresholds, counts, exponent, passphrase),
 *  ERR_TOO_LARGE (cap). The caller wipes ms, pass and out. */
EMSCRIPTEN_KEEPALIVE int ehr_slip39_generate(const std::uint8_t* ms, std::size_t ms_len, const std::uint8_t* pass,
                                             std::size_t pass_len, std::uint32_t group_threshold,
                                             const std::uint8_t* groups, std::size_t group_count,
                                             std::uint32_t iteration_exponent, int extendable, std::uint8_t* out,
                                             std::size_t cap, std::uint8_t* out_len) {
  if (group_count > s39::kMaxShareCount || group_threshold > 16 || iteration_exponent > 255)
    return fail(Error{Errc::bad_argument, "SLIP-39: bad groups or thresholds"});
  s39::Group g[s39::kMaxShareCount];
  for (std::size_t i = 0; i < group_count; ++i) g[i] = {groups[2 * i], groups[2 * i + 1]};
  s39::GenerateOptions opt;
  opt.iteration_exponent = static_cast<std::uint8_t>(iteration_exponent);
  opt.extendable = extendable != 0;
  auto r = s39::generate(ByteView(ms, ms_len), ByteView(pass, pass_len), static_cast<std::uint8_t>(group_threshold),
                         std::span(g, group_count), opt);
  if (!r) return fail(r.error());
  std::size_t pos = 0;
  for (const auto& m : r.value()) {
    if (pos + m.size() + 1 > cap) {
      std::memset(out, 0, pos);
      return fail(Error{Errc::too_large, "output buffer too small"});
    }
    std::memcpy(out + pos, m.view().data(), m.size());
    pos += m.size();
    out[pos++] = '\n';
  }
  wasm::put_u32(out_len, static_cast<std::uint32_t>(pos - 1));  // without the last line break
  return 0;
}

/** ehr_slip39_combine: the master secret (secret, 16..32 bytes) of the mnemonics in `text`
 *  (len bytes, one per line, '\n') and the passphrase, to out32 (32 bytes of room); its length (u32)
 *  at out_len. A wrong passphrase gives another secret (SLIP-0039 has no passphrase check).
 *  Fails: ERR_BAD_MNEMONIC, ERR_BAD_CHECKSUM, ERR_UNSUPPORTED (a mnemonic's), ERR_TOO_FEW_SHARES,
 *  ERR_BAD_SHARE_SET, ERR_BAD_SHARE_DIGEST (the set's), ERR_BAD_ARGUMENT (passphrase). The caller
 *  wipes text, pass and out32. */
EMSCRIPTEN_KEEPALIVE int ehr_slip39_combine(const std::uint8_t* text, std::size_t len, const std::uint8_t* pass,
                                            std::size_t pass_len, std::uint8_t* out32, std::uint8_t* out_len) {
  const std::string_view all(reinterpret_cast<const char*>(text), len);
  std::vector<std::string_view> mnemonics;
  for (std::size_t at = 0; at < all.size();) {
    std::size_t end = all.find('\n', at);
    if (end == std::string_view::npos) end = all.size();
    mnemonics.push_back(all.substr(at, end - at));
    at = end + 1;
  }
  auto r = s39::combine_mnemonics(mnemonics, ByteView(pass, pass_len));
  if (!r) return fail(r.error());
  std::memcpy(out32, r.value().view().data(), r.value().size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(r.value().size()));
  return 0;
}

/** ehr_slip39_decode: the public fields of one share mnemonic (len bytes) to out10: identifier
 *  (u16, little-endian), extendable, iteration exponent, group index, group threshold, group
 *  count, member index, member threshold, value length (one byte each). The share value stays
 *  in the module (and is wiped). Fails: ERR_BAD_MNEMONIC, ERR_BAD_CHECKSUM, ERR_UNSUPPORTED. */
EMSCRIPTEN_KEEPALIVE int ehr_slip39_decode(const std::uint8_t* text, std::size_t len, std::uint8_t* out10) {
  auto r = s39::decode(std::string_view(reinterpret_cast<const char*>(text), len));
  if (!r) return fail(r.error());
  const auto& s = r.value();
  const std::uint8_t f[10] = {static_cast<std::uint8_t>(s.identifier),
                              static_cast<std::uint8_t>(s.identifier >> 8),
                              s.extendable ? std::uint8_t{1} : std::uint8_t{0},
                              s.iteration_exponent,
                              s.group_index,
                              s.group_threshold,
                              s.group_count,
                              s.member_index,
                              s.member_threshold,
                              s.value_size};
  std::memcpy(out10, f, sizeof f);
  return 0;
}

}  // extern "C"
