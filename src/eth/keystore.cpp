#include "eth/keystore.hpp"

#include <sodium.h>

#include <cstring>

#include "common/hex.hpp"
#include "crypto/aes_ctr.hpp"
#include "crypto/keccak.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"

namespace ehr::eth::keystore {
namespace {

using json_util::Json;
using json_util::member;

Error bad(std::string msg) { return Error{Errc::bad_keystore, "keystore: " + std::move(msg)}; }

// A hex field (optionally 0x-prefixed, as some writers emit).
Result<Bytes> hex_field(const Json& obj, const char* key, const char* where) {
  const Json* v = member(obj, key);
  if (v == nullptr || !v->is_string()) return bad(std::string(where) + key + " must be a hex string");
  auto b = from_hex(v->get_ref<const std::string&>());
  if (!b) return bad(std::string(where) + key + " is not valid hex");
  return b;
}

Result<std::uint64_t> int_field(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  if (v == nullptr || !v->is_number_unsigned()) {
    if (v != nullptr && v->is_number_integer() && v->get<std::int64_t>() > 0)
      return static_cast<std::uint64_t>(v->get<std::int64_t>());
    return bad(std::string("kdfparams.") + key + " must be a positive integer");
  }
  return v->get<std::uint64_t>();
}

Hash32 mac_of(ByteView derived, ByteView ciphertext) {
  crypto::Keccak256 h;
  h.update(derived.subspan(16, 16));
  h.update(ciphertext);
  return h.final();
}

std::string uuid_v4(const std::uint8_t raw[16]) {
  std::uint8_t b[16];
  std::memcpy(b, raw, 16);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4 (RFC 4122 4.4)
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10
  const std::string h = to_hex(ByteView(b, 16));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace

Result<Keystore> parse_text(std::string_view json_text) {
  auto j = parse_json(json_text, 1u << 16);
  if (!j) return j.error();
  return parse(j.value());
}

Result<Keystore> parse(const Json& j) {
  if (!j.is_object()) return bad("must be a JSON object");
  const Json* version = member(j, "version");
  if (version == nullptr || !version->is_number_integer() || version->get<std::int64_t>() != 3)
    return bad("version must be 3");
  const Json* lower = member(j, "crypto");
  const Json* upper = member(j, "Crypto");
  if ((lower == nullptr) == (upper == nullptr)) return bad("needs exactly one 'crypto' object");
  const Json& c = lower != nullptr ? *lower : *upper;
  if (!c.is_object()) return bad("'crypto' must be an object");
  Keystore ks;
  const Json* cipher = member(c, "cipher");
  if (cipher == nullptr || !cipher->is_string() || cipher->get<std::string>() != "aes-128-ctr")
    return bad("cipher must be aes-128-ctr");
  const Json* cp = member(c, "cipherparams");
  if (cp == nullptr) return bad("cipherparams missing");
  auto iv = hex_field(*cp, "iv", "cipherparams.");
  if (!iv) return iv.error();
  if (iv.value().size() != 16) return bad("cipherparams.iv must be 16 bytes");
  ks.iv = to_fixed<16>(iv.value());
  auto ct = hex_field(c, "ciphertext", "crypto.");
  if (!ct) return ct.error();
  if (ct.value().size() != 32) return bad("ciphertext must be 32 bytes (a private key)");
  ks.ciphertext = std::move(ct).value();
  auto mac = hex_field(c, "mac", "crypto.");
  if (!mac) return mac.error();
  if (mac.value().size() != 32) return bad("mac must be 32 bytes");
  ks.mac = to_fixed<32>(mac.value());
  const Json* kdf = member(c, "kdf");
  const Json* kp = member(c, "kdfparams");
  if (kdf == nullptr || !kdf->is_string() || kp == nullptr || !kp->is_object())
    return bad("kdf and kdfparams are required");
  auto salt = hex_field(*kp, "salt", "kdfparams.");
  if (!salt) return salt.error();
  if (salt.value().size() > 1024) return bad("kdfparams.salt is longer than 1 KiB");
  ks.salt = std::move(salt).value();
  auto dklen = int_field(*kp, "dklen");
  if (!dklen) return dklen.error();
  if (dklen.value() < 32 || dklen.value() > 64) return bad("kdfparams.dklen must be 32 to 64");
  ks.dklen = static_cast<std::size_t>(dklen.value());
  const std::string& name = kdf->get_ref<const std::string&>();
  if (name == "scrypt") {
    ks.kdf = Kdf::scrypt;
    auto n = int_field(*kp, "n"), r = int_field(*kp, "r"), p = int_field(*kp, "p");
    if (!n) return n.error();
    if (!r) return r.error();
    if (!p) return p.error();
    if (r.value() > 0xffffffffU || p.value() > 0xffffffffU)
      return Error{Errc::bad_kdf_params, "keystore: scrypt r/p too large"};
    ks.scrypt = {n.value(), static_cast<std::uint32_t>(r.value()), static_cast<std::uint32_t>(p.value())};
    auto ok = crypto::scrypt_check(ks.scrypt);
    if (!ok) return ok.error();
  } else if (name == "pbkdf2") {
    ks.kdf = Kdf::pbkdf2;
    const Json* prf = member(*kp, "prf");
    if (prf == nullptr || !prf->is_string() || prf->get<std::string>() != "hmac-sha256")
      return bad("kdfparams.prf must be hmac-sha256");
    auto c_it = int_field(*kp, "c");
    if (!c_it) return c_it.error();
    if (c_it.value() > kMaxPbkdf2Iterations)
      return Error{Errc::bad_kdf_params, "keystore: PBKDF2 iteration count too large"};
    ks.iterations = static_cast<std::uint32_t>(c_it.value());
  } else {
    return bad("unknown kdf '" + name + "'");
  }
  if (const Json* a = member(j, "address"); a != nullptr && !a->is_null()) {
    if (!a->is_string()) return bad("address must be a string");
    // Keystore V3 files name the address without "0x" (geth, ethers); accept both spellings.
    const auto& text = a->get_ref<const std::string&>();
    auto addr = parse_address(text.starts_with("0x") ? text : "0x" + text, false);
    if (!addr) return bad("address is not a valid address");
    ks.address = addr.value();
  }
  if (const Json* id = member(j, "id"); id != nullptr && id->is_string()) ks.id = id->get<std::string>();
  return ks;
}

Result<crypto::SecretBytes> derive_key(const Keystore& ks, ByteView password) {
  crypto::SecretBytes dk(ks.dklen);
  if (ks.kdf == Kdf::scrypt) {
    auto s = crypto::scrypt(password, ks.salt, ks.scrypt, dk.mut());
    if (!s) return s.error();
  } else {
    auto s = crypto::pbkdf2_hmac_sha256(password, ks.salt, ks.iterations, dk.mut());
    if (!s) return s.error();
  }
  return dk;
}

Result<crypto::SecretKey32> decrypt_with_key(const Keystore& ks, ByteView derived) {
  if (derived.size() < 32) return Error{Errc::bad_length, "keystore: derived key must be at least 32 bytes"};
  const Hash32 mac = mac_of(derived, ks.ciphertext);
  if (sodium_memcmp(mac.data(), ks.mac.data(), 32) != 0)
    return Error{Errc::wrong_password, "keystore: wrong password (MAC mismatch)"};
  crypto::SecretKey32 key;
  crypto::aes128_ctr(std::span<const std::uint8_t, 16>(derived.data(), 16), ks.iv, ks.ciphertext, key.mut());
  if (!crypto::secp256k1::is_valid_private_key(key.view())) return bad("decrypted data is not a valid private key");
  if (ks.address) {
    auto pub = crypto::secp256k1::public_key_uncompressed(key);
    if (!pub) return pub.error();
    auto addr = address_from_public_key(pub.value());
    if (!addr || addr.value() != *ks.address) return bad("the key does not match the file's address");
  }
  return key;
}

Result<crypto::SecretKey32> decrypt(std::string_view json_text, ByteView password) {
  auto ks = parse_text(json_text);
  if (!ks) return ks.error();
  auto dk = derive_key(ks.value(), password);
  if (!dk) return dk.error();
  return decrypt_with_key(ks.value(), dk.value().view());
}

Result<std::string> encrypt(const crypto::SecretKey32& key, ByteView password, const EncryptOptions& opts) {
  if (!crypto::secp256k1::is_valid_private_key(key.view()))
    return Error{Errc::invalid_private_key, "keystore: not a valid private key"};
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium unavailable"};
  Keystore ks;
  ks.kdf = opts.kdf;
  ks.scrypt = opts.scrypt;
  ks.iterations = opts.iterations;
  if (ks.kdf == Kdf::scrypt) {
    auto ok = crypto::scrypt_check(ks.scrypt);
    if (!ok) return ok.error();
  } else if (ks.iterations == 0 || ks.iterations > kMaxPbkdf2Iterations) {
    return Error{Errc::bad_kdf_params, "keystore: PBKDF2 iterations must be 1 to 10,000,000"};
  }
  if (!opts.iv.empty() && opts.iv.size() != 16) return Error{Errc::bad_length, "keystore: iv must be 16 bytes"};
  if (!opts.uuid.empty() && opts.uuid.size() != 16) return Error{Errc::bad_length, "keystore: uuid must be 16 bytes"};
  if (opts.salt.size() > 1024) return Error{Errc::bad_length, "keystore: salt must be at most 1 KiB"};
  ks.salt = opts.salt;
  if (ks.salt.empty()) {
    ks.salt.resize(32);
    randombytes_buf(ks.salt.data(), ks.salt.size());
  }
  if (opts.iv.empty()) randombytes_buf(ks.iv.data(), 16);
  else ks.iv = to_fixed<16>(opts.iv);
  std::uint8_t uuid[16];
  if (opts.uuid.empty()) randombytes_buf(uuid, 16);
  else std::memcpy(uuid, opts.uuid.data(), 16);
  ks.dklen = 32;
  auto dk = derive_key(ks, password);
  if (!dk) return dk.error();
  ks.ciphertext.resize(32);
  crypto::aes128_ctr(std::span<const std::uint8_t, 16>(dk.value().view().data(), 16), ks.iv, key.view(), ks.ciphertext);
  ks.mac = mac_of(dk.value().view(), ks.ciphertext);
  auto pub = crypto::secp256k1::public_key_uncompressed(key);
  if (!pub) return pub.error();
  auto addr = address_from_public_key(pub.value());
  if (!addr) return addr.error();
  Json kdfparams = Json::object();
  if (ks.kdf == Kdf::scrypt) {
    kdfparams = {{"dklen", 32}, {"n", ks.scrypt.n}, {"p", ks.scrypt.p}, {"r", ks.scrypt.r}, {"salt", to_hex(ks.salt)}};
  } else {
    kdfparams = {{"c", ks.iterations}, {"dklen", 32}, {"prf", "hmac-sha256"}, {"salt", to_hex(ks.salt)}};
  }
  Json out = {{"address", to_hex(addr.value())},
              {"crypto",
               {{"cipher", "aes-128-ctr"},
                {"cipherparams", {{"iv", to_hex(ks.iv)}}},
                {"ciphertext", to_hex(ks.ciphertext)},
                {"kdf", ks.kdf == Kdf::scrypt ? "scrypt" : "pbkdf2"},
                {"kdfparams", std::move(kdfparams)},
                {"mac", to_hex(ks.mac)}}},
              {"id", uuid_v4(uuid)},
              {"version", 3}};
  return json_util::dump(out);
}

Result<EncryptOptions> options_from_json(const Json& j) {
  EncryptOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) return Error{Errc::bad_argument, "keystore options must be an object"};
  if (const Json* k = member(j, "kdf"); k != nullptr && !k->is_null()) {
    if (!k->is_string()) return Error{Errc::bad_argument, "keystore options: kdf must be 'scrypt' or 'pbkdf2'"};
    const auto& name = k->get_ref<const std::string&>();
    if (name == "scrypt") o.kdf = Kdf::scrypt;
    else if (name == "pbkdf2") o.kdf = Kdf::pbkdf2;
    else return Error{Errc::bad_argument, "keystore options: kdf must be 'scrypt' or 'pbkdf2'"};
  }
  const auto num = [&](const char* key, std::uint64_t max, std::uint64_t& dst) -> Status {
    const Json* v = member(j, key);
    if (v == nullptr || v->is_null()) return ok_status();
    if (!v->is_number_unsigned() || v->get<std::uint64_t>() == 0 || v->get<std::uint64_t>() > max)
      return Error{Errc::bad_kdf_params, std::string("keystore options: ") + key + " out of range"};
    dst = v->get<std::uint64_t>();
    return ok_status();
  };
  std::uint64_t n = o.scrypt.n, r = o.scrypt.r, p = o.scrypt.p, c = o.iterations;
  for (auto s : {num("n", 0xffffffffULL, n), num("r", 0xffffffffULL, r), num("p", 0xffffffffULL, p),
                 num("c", kMaxPbkdf2Iterations, c)})
    if (!s) return s.error();
  o.scrypt = {n, static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(p)};
  o.iterations = static_cast<std::uint32_t>(c);
  for (auto [key, dst] : {std::pair<const char*, Bytes*>{"salt", &o.salt}, {"iv", &o.iv}, {"uuid", &o.uuid}}) {
    const Json* v = member(j, key);
    if (v == nullptr || v->is_null()) continue;
    auto b = v->is_string() ? from_hex(v->get_ref<const std::string&>()) : Result<Bytes>(Errc::bad_argument, "");
    if (!b) return Error{Errc::bad_argument, std::string("keystore options: ") + key + " must be hex"};
    *dst = std::move(b).value();
  }
  return o;
}

Json describe(const Keystore& ks) {
  Json j = Json::object();
  if (ks.kdf == Kdf::scrypt) {
    j = {{"kdf", "scrypt"}, {"n", ks.scrypt.n}, {"r", ks.scrypt.r}, {"p", ks.scrypt.p}};
  } else {
    j = {{"kdf", "pbkdf2"}, {"c", ks.iterations}};
  }
  j["address"] = ks.address ? Json(to_checksum_address(*ks.address)) : Json(nullptr);
  j["id"] = ks.id;
  return j;
}

}  // namespace ehr::eth::keystore
