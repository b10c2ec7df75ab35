#include "records/key_wrap.hpp"

#include <algorithm>

#include "crypto/sealed_box.hpp"
#include "records/le.hpp"

namespace ehr::records {
namespace {

bool known(WrappedKind k) {
  return k == WrappedKind::chart_root || k == WrappedKind::chart_key || k == WrappedKind::x25519;
}
bool label_fits(const WrappedKey& k) { return k.kind == WrappedKind::chart_key || (k.scope == 0 && k.epoch == 0); }

}  // namespace

Result<Bytes> wrap_key(const WrappedKey& key, const X25519Public& recipient) {
  if (!known(key.kind)) return Error{Errc::bad_argument, "unknown key kind"};
  if (!label_fits(key)) return Error{Errc::bad_argument, "only a chart key carries a scope and epoch"};
  crypto::Secret<kKeyWrapPlainSize> plain;
  std::uint8_t* p = plain.data();
  p[0] = kKeyWrapVersion;
  p[1] = static_cast<std::uint8_t>(key.kind);
  le::store16(p + 2, key.scope);
  le::store32(p + 4, key.epoch);
  std::copy_n(key.key.data(), 32, p + 8);
  return crypto::sealed_box::seal(plain.view(), recipient);
}

Result<WrappedKey> parse_key_wrap_plaintext(ByteView plaintext) {
  const Error bad{Errc::bad_key_wrap, "malformed key wrap"};
  if (plaintext.size() != kKeyWrapPlainSize) return bad;
  const std::uint8_t* p = plaintext.data();
  if (p[0] != kKeyWrapVersion) return Error{Errc::bad_key_wrap, "unknown key wrap version"};
  WrappedKey out;
  out.kind = static_cast<WrappedKind>(p[1]);
  if (!known(out.kind)) return Error{Errc::bad_key_wrap, "unknown key kind in a key wrap"};
  out.scope = le::load16(p + 2);
  out.epoch = le::load32(p + 4);
  if (!label_fits(out)) return Error{Errc::bad_key_wrap, "a key wrap labels a key that has no label"};
  out.key = crypto::Secret<32>(plaintext.subspan(8, 32));
  return out;
}

Result<WrappedKey> unwrap_key(ByteView wrapped, const crypto::Secret<32>& recipient_secret) {
  if (wrapped.size() != kKeyWrapSize) return Error{Errc::bad_length, "a key wrap is 88 bytes"};
  auto opened = crypto::sealed_box::open(wrapped, recipient_secret);
  if (!opened) return Error{Errc::auth_failed, "the key wrap does not open with this key"};
  return parse_key_wrap_plaintext(opened.value().view());
}

}  // namespace ehr::records
