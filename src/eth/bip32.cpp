#include "eth/bip32.hpp"

#include <secp256k1.h>
#include <sodium.h>

#include <cstring>

#include "crypto/secp256k1.hpp"
#include "crypto/secp256k1_context.hpp"
#include "crypto/sha256.hpp"
#include "eth/ripemd160.hpp"

namespace ehr::eth::bip32 {
namespace {

Error bad_path(std::string msg) { return Error{Errc::bad_derivation_path, "BIP-32: " + std::move(msg)}; }

const secp256k1_context* ctx() noexcept { return crypto::detail::secp256k1_ctx(); }

void be32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t fingerprint(const PublicKey33& pub) noexcept {
  const auto h = hash160(pub);
  return std::uint32_t{h[0]} << 24 | std::uint32_t{h[1]} << 16 | std::uint32_t{h[2]} << 8 | h[3];
}

// CKDpriv with the parent's public key given when already known (nullptr: computed if needed).
Result<ExtendedKey> ckd_priv(const ExtendedKey& parent, std::uint32_t index, const PublicKey33* parent_pub,
                             bool with_fingerprint) {
  if (parent.depth == 255) return bad_path("depth would exceed 255");
  // BIP-32 "Private parent key -> private child key": hardened data = 0x00 || ser256(k) || ser32(i),
  // normal data = serP(point(k)) || ser32(i); I = HMAC-SHA512(c_par, data).
  crypto::Secret<37> data;
  PublicKey33 pub{};
  const bool need_pub = index < kHardened || with_fingerprint;
  if (need_pub) {
    if (parent_pub != nullptr) {
      pub = *parent_pub;
    } else {
      auto p = crypto::secp256k1::public_key_compressed(parent.key);
      if (!p) return p.error();
      pub = p.value();
    }
  }
  if (index >= kHardened) {
    data.data()[0] = 0;
    std::memcpy(data.data() + 1, parent.key.data(), 32);
  } else {
    std::memcpy(data.data(), pub.data(), 33);
  }
  be32(data.data() + 33, index);
  crypto::Secret<64> i;
  crypto_auth_hmacsha512_state st;
  crypto_auth_hmacsha512_init(&st, parent.chain_code.data(), 32);
  crypto_auth_hmacsha512_update(&st, data.data(), 37);
  crypto_auth_hmacsha512_final(&st, i.data());
  crypto::wipe(&st, sizeof st);
  // k_i = parse256(I_L) + k_par (mod n); invalid if parse256(I_L) >= n or k_i = 0.
  ExtendedKey child;
  std::memcpy(child.key.data(), parent.key.data(), 32);
  if (ctx() == nullptr) return Error{Errc::internal, "secp256k1 context unavailable"};
  if (secp256k1_ec_seckey_tweak_add(ctx(), child.key.data(), i.data()) != 1)
    return bad_path("index " + std::to_string(index) + " gives an invalid key: use the next index");
  std::memcpy(child.chain_code.data(), i.data() + 32, 32);
  child.depth = static_cast<std::uint8_t>(parent.depth + 1);
  child.child_number = index;
  child.parent_fingerprint = with_fingerprint ? fingerprint(pub) : 0;
  return child;
}

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

void serialize(const ExtendedKey& key, std::uint32_t version, ByteView key_data, std::uint8_t out[78]) {
  // BIP-32 "Serialization format": version(4) depth(1) fingerprint(4) child(4) chain code(32) key(33).
  be32(out, version);
  out[4] = key.depth;
  be32(out + 5, key.parent_fingerprint);
  be32(out + 9, key.child_number);
  std::memcpy(out + 13, key.chain_code.data(), 32);
  std::memcpy(out + 45, key_data.data(), 33);
}

}  // namespace

Result<ExtendedKey> from_seed(ByteView seed) {
  if (seed.size() < 16 || seed.size() > 64) return Error{Errc::bad_length, "BIP-32: seed must be 16 to 64 bytes"};
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium unavailable"};
  crypto::Secret<64> i;
  static const char kKey[] = "Bitcoin seed";
  crypto_auth_hmacsha512_state st;
  crypto_auth_hmacsha512_init(&st, reinterpret_cast<const unsigned char*>(kKey), sizeof kKey - 1);  // NOLINT
  crypto_auth_hmacsha512_update(&st, seed.data(), seed.size());
  crypto_auth_hmacsha512_final(&st, i.data());
  crypto::wipe(&st, sizeof st);
  ExtendedKey root;
  std::memcpy(root.key.data(), i.data(), 32);
  std::memcpy(root.chain_code.data(), i.data() + 32, 32);
  if (!crypto::secp256k1::is_valid_private_key(root.key.view()))
    return Error{Errc::invalid_private_key, "BIP-32: the seed gives an invalid master key"};
  return root;
}

Result<ExtendedKey> derive_child(const ExtendedKey& parent, std::uint32_t index) {
  return ckd_priv(parent, index, nullptr, true);
}

Result<std::vector<std::uint32_t>> parse_path(std::string_view path) {
  if (path.empty() || path[0] != 'm') return bad_path("path must start with 'm'");
  std::vector<std::uint32_t> out;
  std::size_t pos = 1;
  if (pos == path.size()) return out;
  while (pos < path.size()) {
    if (path[pos] != '/') return bad_path("expected '/' in path");
    ++pos;
    std::uint64_t v = 0;
    std::size_t digits = 0;
    while (pos < path.size() && path[pos] >= '0' && path[pos] <= '9') {
      v = v * 10 + static_cast<std::uint64_t>(path[pos] - '0');
      if (v >= kHardened) return bad_path("index must be below 2^31 (mark hardened indices with ')");
      ++pos;
      ++digits;
    }
    if (digits == 0) return bad_path("empty or non-decimal path segment");
    if (digits > 1 && path[pos - digits] == '0') return bad_path("path index has a leading zero");
    if (pos < path.size() && (path[pos] == '\'' || path[pos] == 'h' || path[pos] == 'H')) {
      v |= kHardened;
      ++pos;
    }
    out.push_back(static_cast<std::uint32_t>(v));
    if (out.size() > 255) return bad_path("more than 255 levels");
  }
  return out;
}

Result<ExtendedKey> derive_path(const ExtendedKey& root, std::string_view path) {
  auto idx = parse_path(path);
  if (!idx) return idx.error();
  ExtendedKey cur;
  std::memcpy(cur.key.data(), root.key.data(), 32);
  std::memcpy(cur.chain_code.data(), root.chain_code.data(), 32);
  cur.depth = root.depth;
  cur.parent_fingerprint = root.parent_fingerprint;
  cur.child_number = root.child_number;
  const auto& list = idx.value();
  for (std::size_t k = 0; k < list.size(); ++k) {
    // Only the last step's parent fingerprint is visible in the result: skip the others' public
    // keys unless a normal derivation needs them anyway.
    auto next = ckd_priv(cur, list[k], nullptr, k + 1 == list.size());
    if (!next) return next.error();
    cur = std::move(next).value();
  }
  return cur;
}

Result<PublicKey33> public_key(const ExtendedKey& key) { return crypto::secp256k1::public_key_compressed(key.key); }

std::string base58_encode(ByteView data, bool check) {
  Bytes in(data.begin(), data.end());
  if (check) {
    const Hash32 h = crypto::sha256(crypto::sha256(data));
    in.insert(in.end(), h.begin(), h.begin() + 4);
  }
  std::size_t zeros = 0;
  while (zeros < in.size() && in[zeros] == 0) ++zeros;
  // Repeated division of the big-endian number by 58.
  std::vector<std::uint8_t> digits;  // little-endian base-58 digits
  for (std::size_t i = zeros; i < in.size(); ++i) {
    unsigned carry = in[i];
    for (auto& d : digits) {
      carry += static_cast<unsigned>(d) << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (std::size_t i = digits.size(); i-- > 0;) out.push_back(kAlphabet[digits[i]]);
  crypto::wipe(in.data(), in.size());
  crypto::wipe(digits.data(), digits.size());
  return out;
}

Result<crypto::SecretBytes> to_xprv(const ExtendedKey& key) {
  std::uint8_t raw[78];
  std::uint8_t k[33];
  k[0] = 0;
  std::memcpy(k + 1, key.key.data(), 32);
  serialize(key, 0x0488ade4U, ByteView(k, 33), raw);
  std::string s = base58_encode(ByteView(raw, 78), true);
  crypto::SecretBytes out(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));  // NOLINT
  crypto::wipe(s.data(), s.size());
  crypto::wipe(raw, sizeof raw);
  crypto::wipe(k, sizeof k);
  return out;
}

Result<std::string> to_xpub(const ExtendedKey& key) {
  auto pub = public_key(key);
  if (!pub) return pub.error();
  std::uint8_t raw[78];
  serialize(key, 0x0488b21eU, pub.value(), raw);
  return base58_encode(ByteView(raw, 78), true);
}

std::string ethereum_path(std::uint32_t index) { return "m/44'/60'/0'/0/" + std::to_string(index); }

}  // namespace ehr::eth::bip32
