#include "records/metamask.hpp"
#include "common/json.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

#include <nlohmann/json.hpp>

#include "records/base64.hpp"
#include "crypto/x25519.hpp"

namespace ehr::records {

Result<std::string> metamask_encrypt(const X25519Public& recipient, ByteView message) {
  if (auto st = crypto::init(); !st) return st.error();
  crypto::Secret<32> esk;
  X25519Public epk{};
  crypto_box_keypair(epk.data(), esk.data());
  FixedBytes<crypto_box_NONCEBYTES> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  Bytes c(crypto_box_MACBYTES + message.size());
  static const std::uint8_t none = 0;
  if (crypto_box_easy(c.data(), message.empty() ? &none : message.data(), message.size(), nonce.data(),
                      recipient.data(), esk.data()) != 0) {
    return Error{Errc::invalid_public_key, "cannot encrypt to this X25519 public key"};
  }
  // Field order and spelling as eth-sig-util's encrypt() output; base64 never needs escaping.
  std::string out = R"({"version":")";
  out += kMetamaskVersion;
  out += R"(","nonce":")" + base64_encode(nonce) + R"(","ephemPublicKey":")" + base64_encode(epk) +
         R"(","ciphertext":")" + base64_encode(c) + R"("})";
  return out;
}

Result<crypto::SecretBytes> metamask_decrypt(std::string_view json, const crypto::Secret<32>& secret) {
  if (auto st = crypto::init(); !st) return st.error();
  auto parsed = parse_json(json);
  if (!parsed) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return Error{Errc::bad_json, "not a JSON object"};
  for (const char* f : {"version", "nonce", "ephemPublicKey", "ciphertext"}) {
    const auto it = doc.find(f);
    if (it == doc.end() || !it->is_string()) return Error{Errc::bad_json, std::string(f) + " must be a string"};
  }
  if (doc["version"].get_ref<const std::string&>() != kMetamaskVersion) {
    return Error{Errc::unknown_version, "encryption version not supported"};
  }
  auto nonce = base64_decode(doc["nonce"].get_ref<const std::string&>());
  auto epk = base64_decode(doc["ephemPublicKey"].get_ref<const std::string&>());
  auto c = base64_decode(doc["ciphertext"].get_ref<const std::string&>());
  if (!nonce || !epk || !c) return Error{Errc::bad_encoding, "nonce, ephemPublicKey and ciphertext must be base64"};
  if (nonce.value().size() != crypto_box_NONCEBYTES) return Error{Errc::bad_encoding, "nonce must be 24 bytes"};
  if (epk.value().size() != crypto_box_PUBLICKEYBYTES)
    return Error{Errc::bad_encoding, "ephemPublicKey must be 32 bytes"};
  if (c.value().size() < crypto_box_MACBYTES) return Error{Errc::bad_encoding, "ciphertext shorter than its tag"};
  crypto::SecretBytes m(c.value().size() - crypto_box_MACBYTES);
  static std::uint8_t none = 0;
  std::uint8_t* mp = m.empty() ? &none : m.mut().data();
  if (crypto_box_open_easy(mp, c.value().data(), c.value().size(), nonce.value().data(), epk.value().data(),
                           secret.data()) != 0) {
    return Error{Errc::auth_failed, "decryption failed (wrong key or altered message)"};
  }
  return m;
}

Result<std::string> metamask_public_key(const crypto::Secret<32>& secret) {
  return base64_encode(crypto::x25519::public_key(secret));
}

Result<X25519Public> metamask_parse_public_key(std::string_view b64) {
  auto b = base64_decode(b64);
  if (!b || b.value().size() != 32) return Error{Errc::bad_encoding, "an encryption public key is 32 bytes in base64"};
  return to_fixed<32>(b.value());
}

}  // namespace ehr::records
