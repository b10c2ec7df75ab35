// WASM exports of src/eth, keys: the key ring (imported and generated keys, HD wallets, keystore
// unlocks, all Kind::eth_key handles), BIP-39 mnemonics, BIP-32 derivation and keystore V3.
// Rules: boundary.hpp. Private keys, mnemonics, seeds and passwords cross only as bytes in memory
// the JS API wipes, never as Embind strings; a key held for JS is wiped when its handle is freed or
// by ehr_dispose_all.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"
#include "eth/bip32.hpp"
#include "eth/bip39.hpp"
#include "eth/keystore.hpp"
#include "eth_internal.hpp"

using namespace ehr;
using namespace ehr::wasm::eth_boundary;
using wasm::fail;
using wasm::in;

namespace ehr::wasm::eth_boundary {

Result<std::uint32_t> Ring::add_private_key(crypto::SecretKey32 key) {
  if (!crypto::secp256k1::is_valid_private_key(key.view()))
    return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
  auto e = std::make_unique<EthKey>();
  e->key = std::make_unique<crypto::SecretKey32>(std::move(key));
  return wasm::registry().adopt(wasm::Kind::eth_key, std::move(e));
}
Result<std::uint32_t> Ring::add_extended(eth::bip32::ExtendedKey key) {
  auto e = std::make_unique<EthKey>();
  e->xkey = std::make_unique<eth::bip32::ExtendedKey>(std::move(key));
  return wasm::registry().adopt(wasm::Kind::eth_key, std::move(e));
}
Result<const crypto::SecretKey32*> Ring::private_key(std::uint32_t h) const {
  const EthKey* e = wasm::get<EthKey>(h, wasm::Kind::eth_key);
  if (e == nullptr) return Error{Errc::bad_handle, "the key handle is stale (disposed or locked) or not a key"};
  if (e->key) return e->key.get();
  return &e->xkey->key;
}
Result<const eth::bip32::ExtendedKey*> Ring::extended(std::uint32_t h) const {
  const EthKey* e = wasm::get<EthKey>(h, wasm::Kind::eth_key);
  if (e == nullptr || !e->xkey)
    return Error{Errc::bad_handle, "the handle is stale (disposed or locked) or not an extended key"};
  return e->xkey.get();
}
Ring& ring() {
  static Ring r;
  return r;
}

}  // namespace ehr::wasm::eth_boundary

namespace {

// A new key-ring handle written at out_h (u32 LE): 0 or an Errc.
int handle_to(Result<std::uint32_t> h, std::uint8_t* out_h) {
  if (!h) return fail(h.error());
  wasm::put_u32(out_h, h.value());
  return 0;
}

// `src` copied to out (room for `cap` bytes), its length (u32 LE) at out_len: 0 or ERR_TOO_LARGE.
int put_bytes(ByteView src, std::uint8_t* out, std::size_t cap, std::uint8_t* out_len) {
  if (src.size() > cap) return fail(Error{Errc::too_large, "output buffer too small"});
  std::memcpy(out, src.data(), src.size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(src.size()));
  return 0;
}

}  // namespace

extern "C" {

// ---- key ring -------------------------------------------------------------------------------------
/** ehr_key_import: copies a private key into the key ring.
 *  Returns: 0, or ERR_INVALID_PRIVATE_KEY (0 or >= n), ERR_OUT_OF_MEMORY.
 *  In:      key32: 32 bytes.
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    the caller wipes key32; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_key_import(const std::uint8_t* key32, std::uint8_t* out_h) {
  return handle_to(ring().add_private_key(crypto::SecretKey32(in<32>(key32))), out_h);
}
/** ehr_key_generate: a private key from the CSPRNG, in the key ring.
 *  Returns: 0, or ERR_OUT_OF_MEMORY.
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_key_generate(std::uint8_t* out_h) {
  return handle_to(ring().add_private_key(crypto::secp256k1::generate_private_key()), out_h);
}
/** ehr_key_address: the Ethereum address of an eth_key handle's key.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out20: 20 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_key_address(std::uint32_t handle, std::uint8_t* out20) {
  auto r = with_handle(handle, [](const crypto::SecretKey32& k) -> Result<Address20> {
    auto pub = crypto::secp256k1::public_key_uncompressed(k);
    if (!pub) return pub.error();
    return eth::address_from_public_key(pub.value());
  });
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}
/** ehr_key_pubkey: the secp256k1 public key of an eth_key handle's key.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out: 33 bytes (compressed != 0) or 65 bytes.
 */
EMSCRIPTEN_KEEPALIVE int ehr_key_pubkey(std::uint32_t handle, int compressed, std::uint8_t* out) {
  auto k = ring().private_key(handle);
  if (!k) return fail(k.error());
  if (compressed) {
    auto r = crypto::secp256k1::public_key_compressed(*k.value());
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 33);
  } else {
    auto r = crypto::secp256k1::public_key_uncompressed(*k.value());
    if (!r) return fail(r.error());
    std::memcpy(out, r.value().data(), 65);
  }
  return 0;
}
/** ehr_key_export: copies an eth_key handle's private key out (explicit backup export; the JS API
 *  names it so).
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out32: 32 bytes, the private key (secret).
 *  Owns:    the caller wipes out32; the handle stays live.
 */
EMSCRIPTEN_KEEPALIVE int ehr_key_export(std::uint32_t handle, std::uint8_t* out32) {
  auto k = ring().private_key(handle);
  if (!k) return fail(k.error());
  std::memcpy(out32, k.value()->data(), 32);
  return 0;
}

// ---- BIP-39 ---------------------------------------------------------------------------------------
/** ehr_bip39_generate: a new English mnemonic from the CSPRNG.
 *  Returns: 0, or ERR_BAD_ARGUMENT (words not 12, 15, 18, 21, 24), ERR_TOO_LARGE (cap).
 *  Out:     out:     cap bytes of room; the mnemonic (UTF-8, words separated by one space, secret).
 *           out_len: 4 bytes, its length (u32 LE).
 *  Owns:    the caller wipes out; the module wipes its copy.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_generate(int words, std::uint8_t* out, std::size_t cap, std::uint8_t* out_len) {
  auto m = eth::bip39::generate_mnemonic(static_cast<std::size_t>(words));
  if (!m) return fail(m.error());
  return put_bytes(m.value().view(), out, cap, out_len);
}
/** ehr_bip39_from_entropy: the mnemonic of given entropy.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 16, 20, 24, 28, 32), ERR_TOO_LARGE (cap).
 *  In:      ent:     len bytes.
 *  Out:     out:     cap bytes of room; the mnemonic (UTF-8, secret). out_len: 4 bytes (u32 LE).
 *  Owns:    the caller wipes ent and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_from_entropy(const std::uint8_t* ent, std::size_t len, std::uint8_t* out,
                                                std::size_t cap, std::uint8_t* out_len) {
  auto m = eth::bip39::entropy_to_mnemonic(ByteView(ent, len));
  if (!m) return fail(m.error());
  return put_bytes(m.value().view(), out, cap, out_len);
}
/** ehr_bip39_to_entropy: the entropy of a mnemonic (words and checksum checked).
 *  Returns: 0, or ERR_BAD_MNEMONIC (unknown word, word count, checksum).
 *  In:      mn:      len bytes (UTF-8).
 *  Out:     out:     32 bytes of room; 16..32 are written (secret). out_len: 4 bytes (u32 LE).
 *  Owns:    the caller wipes mn and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_entropy(const std::uint8_t* mn, std::size_t len, std::uint8_t* out,
                                              std::uint8_t* out_len) {
  auto e = eth::bip39::mnemonic_to_entropy(text(mn, len));
  if (!e) return fail(e.error());
  return put_bytes(e.value().view(), out, 32, out_len);
}
/** ehr_bip39_to_seed: the BIP-39 seed, PBKDF2-HMAC-SHA-512(NFKD mnemonic, "mnemonic" || passphrase).
 *  Returns: 0, or ERR_BAD_MNEMONIC (only when check != 0).
 *  In:      mn:    len bytes (UTF-8). pass: pass_len bytes (UTF-8).
 *  Args:    check: != 0 validates the words and checksum first.
 *  Out:     out64: 64 bytes, the seed (secret).
 *  Owns:    the caller wipes mn, pass and out64.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_seed(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                           std::size_t pass_len, int check, std::uint8_t* out64) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), check != 0);
  if (!s) return fail(s.error());
  std::memcpy(out64, s.value().data(), 64);
  return 0;
}

// ---- BIP-32 ----------------------------------------------------------------------------------------
/** ehr_bip32_from_seed: the master extended key of a seed, in the key ring.
 *  Returns: 0, or ERR_BAD_LENGTH (len not 16..64), ERR_INVALID_PRIVATE_KEY (a seed without a
 *           valid master key), ERR_OUT_OF_MEMORY.
 *  In:      seed:  len bytes.
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    the caller wipes seed; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_seed(const std::uint8_t* seed, std::size_t len, std::uint8_t* out_h) {
  auto x = eth::bip32::from_seed(ByteView(seed, len));
  if (!x) return fail(x.error());
  return handle_to(ring().add_extended(std::move(x).value()), out_h);
}
/** ehr_bip32_from_mnemonic: mnemonic + passphrase -> seed -> master key in one call (the seed
 *  never leaves the module and is wiped).
 *  Returns: 0, or ERR_BAD_MNEMONIC, ERR_INVALID_PRIVATE_KEY, ERR_OUT_OF_MEMORY.
 *  In:      mn:    len bytes (UTF-8). pass: pass_len bytes (UTF-8).
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    the caller wipes mn and pass; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_mnemonic(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                                 std::size_t pass_len, std::uint8_t* out_h) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), true);
  if (!s) return fail(s.error());
  auto x = eth::bip32::from_seed(s.value().view());
  if (!x) return fail(x.error());
  return handle_to(ring().add_extended(std::move(x).value()), out_h);
}
/** ehr_bip32_derive: derives a path from an extended key into a new key-ring entry.
 *  Returns: 0, or ERR_BAD_HANDLE (not an extended key), ERR_BAD_DERIVATION_PATH (syntax, or an
 *           invalid child), ERR_OUT_OF_MEMORY.
 *  In:      path:  len bytes (ASCII, "m/44'/60'/0'/0/0"; relative paths without "m/").
 *  Out:     out_h: 4 bytes, the new eth_key handle (u32 LE).
 *  Owns:    JS owns the new handle; the parent stays live.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_derive(std::uint32_t handle, const std::uint8_t* path, std::size_t len,
                                          std::uint8_t* out_h) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  auto d = eth::bip32::derive_path(*x.value(), text(path, len));
  if (!d) return fail(d.error());
  return handle_to(ring().add_extended(std::move(d).value()), out_h);
}
/** ehr_bip32_xprv: the Base58Check xprv of an extended key.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_TOO_LARGE (cap).
 *  Out:     out:     cap bytes of room (111 suffice); the xprv text (ASCII, secret).
 *           out_len: 4 bytes, its length (u32 LE).
 *  Owns:    the caller wipes out; the module wipes its copy.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_xprv(std::uint32_t handle, std::uint8_t* out, std::size_t cap,
                                        std::uint8_t* out_len) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  auto s = eth::bip32::to_xprv(*x.value());
  if (!s) return fail(s.error());
  return put_bytes(s.value().view(), out, cap, out_len);
}
/** ehr_bip32_info: depth, child number and parent fingerprint of an extended key.
 *  Returns: 0, or ERR_BAD_HANDLE.
 *  Out:     out3: 3 u32 (12 bytes, 4-aligned): depth, child number, parent fingerprint.
 */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_info(std::uint32_t handle, std::uint32_t* out3) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  out3[0] = x.value()->depth;
  out3[1] = x.value()->child_number;
  out3[2] = x.value()->parent_fingerprint;
  return 0;
}

// ---- keystore V3 ------------------------------------------------------------------------------------
/** ehr_keystore_decrypt: unlocks a keystore into the key ring.
 *  Returns: 0, or ERR_BAD_KEYSTORE (JSON, fields), ERR_BAD_KDF_PARAMS, ERR_WRONG_PASSWORD (MAC),
 *           ERR_INVALID_PRIVATE_KEY, ERR_OUT_OF_MEMORY.
 *  In:      json:  json_len bytes (UTF-8 keystore text). pw: pw_len bytes.
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    the caller wipes pw; JS owns the handle; the module wipes the derived key.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                              std::size_t pw_len, std::uint8_t* out_h) {
  auto k = eth::keystore::decrypt(text(json, json_len), ByteView(pw, pw_len));
  if (!k) return fail(k.error());
  return handle_to(ring().add_private_key(std::move(k).value()), out_h);
}
/** ehr_keystore_derive: the keystore's KDF only (scrypt or PBKDF2; to run in a Worker).
 *  Returns: 0, or ERR_BAD_KEYSTORE, ERR_BAD_KDF_PARAMS, ERR_OUT_OF_MEMORY, ERR_TOO_LARGE (dklen
 *           above 64).
 *  In:      json:    json_len bytes (UTF-8 keystore text). pw: pw_len bytes.
 *  Out:     out:     64 bytes of room; dklen bytes are written (secret). out_len: 4 bytes (u32 LE).
 *  Owns:    the caller wipes pw and out.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_derive(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                             std::size_t pw_len, std::uint8_t* out, std::uint8_t* out_len) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return fail(ks.error());
  auto dk = eth::keystore::derive_key(ks.value(), ByteView(pw, pw_len));
  if (!dk) return fail(dk.error());
  return put_bytes(dk.value().view(), out, 64, out_len);
}
/** ehr_keystore_decrypt_with_key: MAC check and decryption with a key from ehr_keystore_derive.
 *  Returns: 0, or ERR_BAD_KEYSTORE, ERR_BAD_LENGTH (dk_len), ERR_WRONG_PASSWORD (MAC),
 *           ERR_INVALID_PRIVATE_KEY, ERR_OUT_OF_MEMORY.
 *  In:      json:  json_len bytes. dk: dk_len bytes (the derived key).
 *  Out:     out_h: 4 bytes, the eth_key handle (u32 LE).
 *  Owns:    the caller wipes dk; JS owns the handle.
 */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt_with_key(const std::uint8_t* json, std::size_t json_len,
                                                       const std::uint8_t* dk, std::size_t dk_len,
                                                       std::uint8_t* out_h) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return fail(ks.error());
  auto k = eth::keystore::decrypt_with_key(ks.value(), ByteView(dk, dk_len));
  if (!k) return fail(k.error());
  return handle_to(ring().add_private_key(std::move(k).value()), out_h);
}
/** ehr_keystore_encrypt: a keystore V3 of a key-ring key or of 32 raw bytes.
 *  Returns: 0, or ERR_BAD_HANDLE, ERR_BAD_JSON / ERR_BAD_ARGUMENT / ERR_BAD_LENGTH (opts: iv,
 *           uuid, salt), ERR_BAD_KDF_PARAMS, ERR_INVALID_PRIVATE_KEY, ERR_OUT_OF_MEMORY.
 *  Args:    handle:  an eth_key handle, used when key32 is NULL.
 *  In:      key32:   32 bytes of private key, or NULL. pw: pw_len bytes.
 *           opts:    opts_len bytes of JSON options (public: kdf, its parameters, uuid, ...).
 *  Out:     out_len: 4 bytes, the length (u32 LE) of the keystore JSON now at ehr_eth_out().
 *  Owns:    the caller wipes key32 and pw, and ends the output with ehr_eth_out_clear (it wipes).
 */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_encrypt(std::uint32_t handle, const std::uint8_t* key32, const std::uint8_t* pw,
                                              std::size_t pw_len, const std::uint8_t* opts, std::size_t opts_len,
                                              std::uint8_t* out_len) {
  auto oj = parse_json(text(opts, opts_len));
  if (!oj) return fail(oj.error());
  auto o = eth::keystore::options_from_json(oj.value());
  if (!o) return fail(o.error());
  if (key32 != nullptr) {
    const crypto::SecretKey32 key(in<32>(key32));
    return put_text(eth::keystore::encrypt(key, ByteView(pw, pw_len), o.value()), out_len);
  }
  return put_text(with_handle(handle,
                              [&](const crypto::SecretKey32& k) {
                                return eth::keystore::encrypt(k, ByteView(pw, pw_len), o.value());
                              }),
                  out_len);
}

}  // extern "C"

// ---- Embind: public parts of keys ------------------------------------------------------------------
namespace {

// The public description of a keystore (address, KDF and its parameters, id) as JSON.
std::string keystore_describe(const std::string& json) {
  auto ks = eth::keystore::parse_text(json);
  if (!ks) return give(ks.error());
  return give(js::dump(eth::keystore::describe(ks.value())));
}

// The xpub of an extended-key handle (ERR_BAD_HANDLE).
std::string bip32_xpub(std::uint32_t handle) {
  auto x = ring().extended(handle);
  if (!x) return give(x.error());
  return give(eth::bip32::to_xpub(*x.value()));
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_eth_keys) {
  emscripten::function("keystoreDescribe", &keystore_describe);
  emscripten::function("bip32Xpub", &bip32_xpub);
}
