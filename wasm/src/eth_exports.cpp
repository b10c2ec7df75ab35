// WASM exports of src/eth. Rules: boundary.cpp.
//
// JSON crosses as std::string through Embind (nlohmann/json inside the core): an Embind function
// returns its JSON or hex result, or "" on failure with the code kept for ehr_eth_last_code().
// Anything secret (private keys, mnemonics, passwords, seeds) never travels as an Embind string
// (Embind copies strings through heap blocks it frees without wiping): it crosses as bytes in
// memory the JS API wipes, through the C exports below. Keys held for JS live in the key ring
// (eth/keyring.hpp) and are named by handles.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

#include "boundary.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/abi.hpp"
#include "eth/address.hpp"
#include "eth/bip32.hpp"
#include "eth/bip39.hpp"
#include "eth/eip191.hpp"
#include "eth/eip712.hpp"
#include "eth/keyring.hpp"
#include "eth/keystore.hpp"
#include "eth/rlp.hpp"
#include "eth/transaction.hpp"

using namespace ehr;
using wasm::fail;
using wasm::in;
namespace js = ehr::eth::json_util;

namespace {

int g_code = 0;        // the code of the last failed Embind call (0 after a success)
std::string g_out;     // public output of the C exports that produce text (ehr_eth_out)

// An Embind result: the text, or "" with the code recorded.
std::string give(Result<std::string> r) {
  if (!r) {
    g_code = fail(r.error());
    return {};
  }
  g_code = 0;
  return std::move(r).value();
}
std::string give_json(Result<js::Json> r) {
  if (!r) return give(r.error());
  return give(js::dump(r.value()));
}
std::string give_hex(Result<Bytes> r) {
  if (!r) return give(r.error());
  return give(js::hex0x(r.value()));
}
// A C-export result put in g_out: returns its length, or -code.
int put(Result<std::string> r) {
  if (!r) return -fail(r.error());
  g_out = std::move(r).value();
  return static_cast<int>(g_out.size());
}

ByteView view(std::uintptr_t p, std::size_t n) { return ByteView(reinterpret_cast<const std::uint8_t*>(p), n); }  // NOLINT
std::string_view text(const std::uint8_t* p, std::size_t n) { return std::string_view(reinterpret_cast<const char*>(p), n); }  // NOLINT

Result<js::Json> parse(const std::string& s) { return js::parse(s); }

eth::KeyRing& ring() { return eth::global_keyring(); }

// Runs fn(key) with the private key of `handle`.
template <class Fn>
auto with_handle(std::uint32_t handle, Fn fn) -> decltype(fn(std::declval<const crypto::SecretKey32&>())) {
  auto k = ring().private_key(handle);
  if (!k) return k.error();
  return fn(*k.value());
}

// ---- ABI interfaces: parsed once, named by handle -------------------------------------------------
std::unordered_map<int, eth::abi::Interface>& interfaces() {
  static std::unordered_map<int, eth::abi::Interface> m;
  return m;
}
int g_next_iface = 1;

Result<const eth::abi::Interface*> iface(int h) {
  const auto it = interfaces().find(h);
  if (it == interfaces().end()) return Error{Errc::bad_handle, "unknown or disposed ABI interface"};
  return &it->second;
}

// ---- RLP -------------------------------------------------------------------------------------------
std::string rlp_encode(const std::string& json) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto n = eth::rlp::from_json(j.value());
  if (!n) return give(n.error());
  return give(js::hex0x(eth::rlp::encode(n.value())));
}

std::string rlp_decode(std::uintptr_t p, std::size_t n) {
  auto t = eth::rlp::decode_tree(view(p, n));
  if (!t) return give(t.error());
  return give(js::dump(eth::rlp::to_json(t.value())));
}

// ---- transactions ------------------------------------------------------------------------------------
Result<eth::Transaction> tx_of(const std::string& json) {
  auto j = parse(json);
  if (!j) return j.error();
  return eth::transaction_from_json(j.value());
}

// The signed encoding when the JSON carries a signature, else the unsigned (signing) payload.
std::string tx_serialize(const std::string& json) {
  auto tx = tx_of(json);
  if (!tx) return give(tx.error());
  if (tx.value().signature) return give_hex(eth::encode_signed(tx.value()));
  return give(js::hex0x(eth::encode_unsigned(tx.value())));
}

std::string tx_signing_hash(const std::string& json) {
  auto tx = tx_of(json);
  if (!tx) return give(tx.error());
  return give(js::hex0x(eth::signing_hash(tx.value())));
}

Result<Bytes> sign_tx(const std::string& json, const crypto::SecretKey32& key) {
  auto tx = tx_of(json);
  if (!tx) return tx.error();
  auto s = eth::sign_transaction(std::move(tx).value(), key);
  if (!s) return s.error();
  return eth::encode_signed(s.value());
}

// key32: a private key in module memory (the JS API wipes it after the call).
std::string tx_sign_key(const std::string& json, std::uintptr_t key32) {
  const crypto::SecretKey32 key(view(key32, 32));
  return give_hex(sign_tx(json, key));
}

std::string tx_sign_handle(const std::string& json, std::uint32_t handle) {
  return give_hex(with_handle(handle, [&](const crypto::SecretKey32& k) { return sign_tx(json, k); }));
}

// rules: "null" or {"chainId", "shanghai"}.
std::string tx_parse(std::uintptr_t p, std::size_t n, const std::string& rules_json) {
  auto rj = parse(rules_json);
  if (!rj) return give(rj.error());
  if (rj.value().is_null()) return give_json(eth::parse_transaction(view(p, n), nullptr));
  auto rules = eth::tx_rules_from_json(rj.value());
  if (!rules) return give(rules.error());
  return give_json(eth::parse_transaction(view(p, n), &rules.value()));
}

// ---- ABI ---------------------------------------------------------------------------------------------
int abi_new(const std::string& json) {
  auto i = eth::abi::Interface::parse(json);
  if (!i) return -fail(i.error());
  const int h = g_next_iface++;
  interfaces().emplace(h, std::move(i).value());
  return h;
}

void abi_free(int h) { interfaces().erase(h); }

std::string abi_describe(int h) {
  auto i = iface(h);
  if (!i) return give(i.error());
  return give(js::dump(i.value()->describe()));
}

std::string abi_encode_function(int h, const std::string& name, const std::string& args) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto a = parse(args);
  if (!a) return give(a.error());
  return give_hex(i.value()->encode_function_data(name, a.value()));
}

std::string abi_decode_function_data(int h, const std::string& name, std::uintptr_t p, std::size_t n) {
  auto i = iface(h);
  if (!i) return give(i.error());
  return give_json(i.value()->decode_function_data(name, view(p, n)));
}

std::string abi_encode_function_result(int h, const std::string& name, const std::string& values) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto v = parse(values);
  if (!v) return give(v.error());
  return give_hex(i.value()->encode_function_result(name, v.value()));
}

std::string abi_decode_function_result(int h, const std::string& name, std::uintptr_t p, std::size_t n) {
  auto i = iface(h);
  if (!i) return give(i.error());
  return give_json(i.value()->decode_function_result(name, view(p, n)));
}

std::string abi_encode_deploy(int h, const std::string& args) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto a = parse(args);
  if (!a) return give(a.error());
  return give_hex(i.value()->encode_deploy(a.value()));
}

std::string abi_encode_error(int h, const std::string& name, const std::string& args) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto a = parse(args);
  if (!a) return give(a.error());
  return give_hex(i.value()->encode_error_result(name, a.value()));
}

std::string abi_encode_topics(int h, const std::string& name, const std::string& values) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto v = parse(values);
  if (!v) return give(v.error());
  return give_json(i.value()->encode_event_topics(name, v.value()));
}

// topics: JSON array of 0x-prefixed 32-byte hex strings.
std::string abi_decode_log(int h, const std::string& name, const std::string& topics, std::uintptr_t p, std::size_t n) {
  auto i = iface(h);
  if (!i) return give(i.error());
  auto t = parse(topics);
  if (!t) return give(t.error());
  if (!t.value().is_array()) return give(Error{Errc::bad_argument, "topics must be an array"});
  std::vector<Hash32> ts;
  for (const auto& x : t.value()) {
    auto b = js::get_bytes(x, "topic", Errc::bad_argument);
    if (!b) return give(b.error());
    if (b.value().size() != 32) return give(Error{Errc::bad_argument, "topics must be 32 bytes"});
    ts.push_back(to_fixed<32>(b.value()));
  }
  return give_json(i.value()->decode_event_log(name, ts, view(p, n)));
}

js::Json revert_json(const eth::abi::Revert& r) {
  return js::Json{{"name", r.name}, {"signature", r.signature}, {"selector", js::hex0x(r.selector)},
                  {"args", r.args}, {"message", r.message}};
}

std::string abi_decode_error(int h, std::uintptr_t p, std::size_t n) {
  Result<eth::abi::Revert> r = Error{Errc::internal, ""};
  if (h == 0) {
    r = eth::abi::decode_standard_error(view(p, n));
  } else {
    auto i = iface(h);
    if (!i) return give(i.error());
    r = i.value()->decode_error(view(p, n));
  }
  if (!r) return give(r.error());
  return give(js::dump(revert_json(r.value())));
}

std::string abi_encode(const std::string& types, const std::string& values) {
  auto t = parse(types);
  if (!t) return give(t.error());
  auto ts = eth::abi::types_from_json(t.value());
  if (!ts) return give(ts.error());
  auto v = parse(values);
  if (!v) return give(v.error());
  return give_hex(eth::abi::encode(ts.value(), v.value()));
}

std::string abi_decode(const std::string& types, std::uintptr_t p, std::size_t n) {
  auto t = parse(types);
  if (!t) return give(t.error());
  auto ts = eth::abi::types_from_json(t.value());
  if (!ts) return give(ts.error());
  return give_json(eth::abi::decode(ts.value(), view(p, n)));
}

std::string abi_describe_types(const std::string& types) {
  auto t = parse(types);
  if (!t) return give(t.error());
  auto ts = eth::abi::types_from_json(t.value());
  if (!ts) return give(ts.error());
  js::Json out = js::Json::array();
  for (const auto& x : ts.value()) out.push_back({{"type", x.canonical()}, {"desc", eth::abi::describe_type(x)}});
  return give(js::dump(out));
}

// ---- EIP-712 ------------------------------------------------------------------------------------------
std::string eip712_hash(const std::string& json) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto h = eth::eip712::hash_typed_data(j.value());
  if (!h) return give(h.error());
  return give(js::hex0x(h.value()));
}

std::string eip712_sign_key(const std::string& json, std::uintptr_t key32) {
  auto j = parse(json);
  if (!j) return give(j.error());
  const crypto::SecretKey32 key(view(key32, 32));
  auto s = eth::eip712::sign_typed_data(j.value(), key);
  if (!s) return give(s.error());
  return give(js::hex0x(s.value()));
}

std::string eip712_sign_handle(const std::string& json, std::uint32_t handle) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto s = with_handle(handle, [&](const crypto::SecretKey32& k) { return eth::eip712::sign_typed_data(j.value(), k); });
  if (!s) return give(s.error());
  return give(js::hex0x(s.value()));
}

// ---- keystore (public parts) -------------------------------------------------------------------------
std::string keystore_describe(const std::string& json) {
  auto ks = eth::keystore::parse_text(json);
  if (!ks) return give(ks.error());
  return give(js::dump(eth::keystore::describe(ks.value())));
}

std::string bip32_xpub(std::uint32_t handle) {
  auto x = ring().extended(handle);
  if (!x) return give(x.error());
  return give(eth::bip32::to_xpub(*x.value()));
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int ehr_eth_last_code() { return g_code; }
/// The text output of the last C export that produced one (valid until the next such call).
EMSCRIPTEN_KEEPALIVE const char* ehr_eth_out() { return g_out.data(); }
/// Wipes and releases the text output (it may have held a keystore's JSON).
EMSCRIPTEN_KEEPALIVE void ehr_eth_out_clear() {
  crypto::wipe(g_out.data(), g_out.size());
  g_out.clear();
  g_out.shrink_to_fit();
}

// ---- Ethereum addresses -----------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE int ehr_address_from_pubkey(const std::uint8_t* pub, std::size_t len, std::uint8_t* out20) {
  auto r = eth::address_from_public_key(ByteView(pub, len));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

// ---- transactions (hot path: hash of raw bytes) -----------------------------------------------------
EMSCRIPTEN_KEEPALIVE void ehr_tx_hash(const std::uint8_t* raw, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = eth::transaction_hash(ByteView(raw, len));
  std::memcpy(out32, h.data(), 32);
}

// ---- key ring -------------------------------------------------------------------------------------------
/// Stores a 32-byte private key; returns its handle (> 0) or -code.
EMSCRIPTEN_KEEPALIVE int ehr_key_import(const std::uint8_t* key32) {
  auto h = ring().add_private_key(crypto::SecretKey32(in<32>(key32)));
  if (!h) return -fail(h.error());
  return static_cast<int>(h.value());
}
/// Generates a private key from the CSPRNG into the ring; returns its handle.
EMSCRIPTEN_KEEPALIVE int ehr_key_generate() {
  auto h = ring().add_private_key(crypto::secp256k1::generate_private_key());
  if (!h) return -fail(h.error());
  return static_cast<int>(h.value());
}
/// Wipes and forgets a handle. Returns 1 if it existed.
EMSCRIPTEN_KEEPALIVE int ehr_key_free(std::uint32_t handle) { return ring().remove(handle) ? 1 : 0; }
/// Wipes every key (lock).
EMSCRIPTEN_KEEPALIVE void ehr_key_clear() { ring().clear(); }
/// out20: the address of a handle's key.
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
/// out: 33 bytes when `compressed`, else 65.
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
/// Copies a handle's private key out (explicit export for backups; the JS API names it so).
EMSCRIPTEN_KEEPALIVE int ehr_key_export(std::uint32_t handle, std::uint8_t* out32) {
  auto k = ring().private_key(handle);
  if (!k) return fail(k.error());
  std::memcpy(out32, k.value()->data(), 32);
  return 0;
}

// ---- EIP-191 ------------------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void ehr_eip191_hash(const std::uint8_t* msg, std::size_t len, std::uint8_t* out32) {
  const Hash32 h = eth::personal_message_hash(ByteView(msg, len));
  std::memcpy(out32, h.data(), 32);
}
/// Signs a personal message with a raw key (key32) or, when key32 is null, with `handle`.
EMSCRIPTEN_KEEPALIVE int ehr_eip191_sign(const std::uint8_t* msg, std::size_t len, const std::uint8_t* key32,
                                         std::uint32_t handle, std::uint8_t* out65) {
  Result<RecoverableSig65> r = Error{Errc::internal, ""};
  if (key32 != nullptr) {
    const crypto::SecretKey32 key(in<32>(key32));
    r = eth::sign_personal_message(ByteView(msg, len), key);
  } else {
    r = with_handle(handle, [&](const crypto::SecretKey32& k) { return eth::sign_personal_message(ByteView(msg, len), k); });
  }
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
EMSCRIPTEN_KEEPALIVE int ehr_eip191_recover(const std::uint8_t* msg, std::size_t len, const std::uint8_t* sig65,
                                            std::uint8_t* out20) {
  auto r = eth::recover_personal_message(ByteView(msg, len), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}
/// The signer of a 32-byte digest (EIP-712 hashes): v 27/28 or 0/1.
EMSCRIPTEN_KEEPALIVE int ehr_eth_recover_digest(const std::uint8_t* digest32, const std::uint8_t* sig65, std::uint8_t* out20) {
  auto r = eth::recover_digest_eth(to_fixed<32>(ByteView(digest32, 32)), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

// ---- BIP-39 -------------------------------------------------------------------------------------------
/// Writes a new mnemonic (UTF-8, at most `cap` bytes) to `out`; returns its length or -code.
EMSCRIPTEN_KEEPALIVE int ehr_bip39_generate(int words, std::uint8_t* out, std::size_t cap) {
  auto m = eth::bip39::generate_mnemonic(static_cast<std::size_t>(words));
  if (!m) return -fail(m.error());
  if (m.value().size() > cap) return -fail(Error{Errc::too_large, "output buffer too small"});
  std::memcpy(out, m.value().view().data(), m.value().size());
  return static_cast<int>(m.value().size());
}
EMSCRIPTEN_KEEPALIVE int ehr_bip39_from_entropy(const std::uint8_t* ent, std::size_t len, std::uint8_t* out, std::size_t cap) {
  auto m = eth::bip39::entropy_to_mnemonic(ByteView(ent, len));
  if (!m) return -fail(m.error());
  if (m.value().size() > cap) return -fail(Error{Errc::too_large, "output buffer too small"});
  std::memcpy(out, m.value().view().data(), m.value().size());
  return static_cast<int>(m.value().size());
}
/// Writes the entropy of a mnemonic to `out` (32 bytes of room); returns its length or -code.
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_entropy(const std::uint8_t* mn, std::size_t len, std::uint8_t* out) {
  auto e = eth::bip39::mnemonic_to_entropy(text(mn, len));
  if (!e) return -fail(e.error());
  std::memcpy(out, e.value().view().data(), e.value().size());
  return static_cast<int>(e.value().size());
}
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_seed(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                           std::size_t pass_len, int check, std::uint8_t* out64) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), check != 0);
  if (!s) return fail(s.error());
  std::memcpy(out64, s.value().data(), 64);
  return 0;
}

// ---- BIP-32 -------------------------------------------------------------------------------------------
/// The master extended key of a seed into the ring; returns the handle or -code.
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_seed(const std::uint8_t* seed, std::size_t len) {
  auto x = eth::bip32::from_seed(ByteView(seed, len));
  if (!x) return -fail(x.error());
  return static_cast<int>(ring().add_extended(std::move(x).value()));
}
/// mnemonic -> seed -> master key in one call (the seed never leaves the module).
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_mnemonic(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                                 std::size_t pass_len) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), true);
  if (!s) return -fail(s.error());
  auto x = eth::bip32::from_seed(s.value().view());
  if (!x) return -fail(x.error());
  return static_cast<int>(ring().add_extended(std::move(x).value()));
}
/// Derives `path` (ASCII) from an extended-key handle into a new handle; returns it or -code.
EMSCRIPTEN_KEEPALIVE int ehr_bip32_derive(std::uint32_t handle, const std::uint8_t* path, std::size_t len) {
  auto x = ring().extended(handle);
  if (!x) return -fail(x.error());
  auto d = eth::bip32::derive_path(*x.value(), text(path, len));
  if (!d) return -fail(d.error());
  return static_cast<int>(ring().add_extended(std::move(d).value()));
}
/// Writes the xprv text (secret) to out (cap bytes); returns its length or -code.
EMSCRIPTEN_KEEPALIVE int ehr_bip32_xprv(std::uint32_t handle, std::uint8_t* out, std::size_t cap) {
  auto x = ring().extended(handle);
  if (!x) return -fail(x.error());
  auto s = eth::bip32::to_xprv(*x.value());
  if (!s) return -fail(s.error());
  if (s.value().size() > cap) return -fail(Error{Errc::too_large, "output buffer too small"});
  std::memcpy(out, s.value().view().data(), s.value().size());
  return static_cast<int>(s.value().size());
}
/// Depth, child number and parent fingerprint of an extended key: out12 = depth(4) child(4) fp(4), LE.
EMSCRIPTEN_KEEPALIVE int ehr_bip32_info(std::uint32_t handle, std::uint32_t* out3) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  out3[0] = x.value()->depth;
  out3[1] = x.value()->child_number;
  out3[2] = x.value()->parent_fingerprint;
  return 0;
}

// ---- keystore ------------------------------------------------------------------------------------------
/// Decrypts a keystore into the ring; returns the key's handle or -code.
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                              std::size_t pw_len) {
  auto k = eth::keystore::decrypt(text(json, json_len), ByteView(pw, pw_len));
  if (!k) return -fail(k.error());
  auto h = ring().add_private_key(std::move(k).value());
  if (!h) return -fail(h.error());
  return static_cast<int>(h.value());
}
/// The KDF only (to run in a Worker): writes dklen bytes to out (64 bytes of room); returns dklen.
EMSCRIPTEN_KEEPALIVE int ehr_keystore_derive(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                             std::size_t pw_len, std::uint8_t* out) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return -fail(ks.error());
  auto dk = eth::keystore::derive_key(ks.value(), ByteView(pw, pw_len));
  if (!dk) return -fail(dk.error());
  std::memcpy(out, dk.value().view().data(), dk.value().size());
  return static_cast<int>(dk.value().size());
}
/// MAC check and decryption with a derived key (from ehr_keystore_derive) into the ring.
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt_with_key(const std::uint8_t* json, std::size_t json_len,
                                                       const std::uint8_t* dk, std::size_t dk_len) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return -fail(ks.error());
  auto k = eth::keystore::decrypt_with_key(ks.value(), ByteView(dk, dk_len));
  if (!k) return -fail(k.error());
  auto h = ring().add_private_key(std::move(k).value());
  if (!h) return -fail(h.error());
  return static_cast<int>(h.value());
}
/// Encrypts a handle's key (or, when key32 is not null, that raw key); the JSON goes to
/// ehr_eth_out(). opts: JSON options text (public). Returns the length or -code.
EMSCRIPTEN_KEEPALIVE int ehr_keystore_encrypt(std::uint32_t handle, const std::uint8_t* key32, const std::uint8_t* pw,
                                              std::size_t pw_len, const std::uint8_t* opts, std::size_t opts_len) {
  auto oj = js::parse(text(opts, opts_len));
  if (!oj) return -fail(oj.error());
  auto o = eth::keystore::options_from_json(oj.value());
  if (!o) return -fail(o.error());
  if (key32 != nullptr) {
    const crypto::SecretKey32 key(in<32>(key32));
    return put(eth::keystore::encrypt(key, ByteView(pw, pw_len), o.value()));
  }
  return put(with_handle(handle, [&](const crypto::SecretKey32& k) {
    return eth::keystore::encrypt(k, ByteView(pw, pw_len), o.value());
  }));
}

}  // extern "C"

// ---- Embind: strings ----------------------------------------------------------------------------
namespace {

// addr20: pointer to 20 bytes in module memory. Returns "0x" + EIP-55 mixed case.
std::string checksum_address(std::uintptr_t addr20) {
  Address20 a{};
  std::memcpy(a.data(), reinterpret_cast<const void*>(addr20), 20);  // NOLINT
  return eth::to_checksum_address(a);
}

// Parses `text`; on success writes 20 bytes at out20 and returns 0, else an Errc.
int parse_address(const std::string& text, bool strict, std::uintptr_t out20) {
  auto r = eth::parse_address(text, strict);
  if (!r) return fail(r.error());
  std::memcpy(reinterpret_cast<void*>(out20), r.value().data(), 20);  // NOLINT
  return 0;
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_eth) {
  using emscripten::function;
  function("checksumAddress", &checksum_address);
  function("parseAddress", &parse_address);
  function("rlpEncode", &rlp_encode);
  function("rlpDecode", &rlp_decode);
  function("txSerialize", &tx_serialize);
  function("txSigningHash", &tx_signing_hash);
  function("txSignKey", &tx_sign_key);
  function("txSignHandle", &tx_sign_handle);
  function("txParse", &tx_parse);
  function("abiNew", &abi_new);
  function("abiFree", &abi_free);
  function("abiDescribe", &abi_describe);
  function("abiEncodeFunction", &abi_encode_function);
  function("abiDecodeFunctionData", &abi_decode_function_data);
  function("abiEncodeFunctionResult", &abi_encode_function_result);
  function("abiDecodeFunctionResult", &abi_decode_function_result);
  function("abiEncodeDeploy", &abi_encode_deploy);
  function("abiEncodeError", &abi_encode_error);
  function("abiEncodeTopics", &abi_encode_topics);
  function("abiDecodeLog", &abi_decode_log);
  function("abiDecodeError", &abi_decode_error);
  function("abiEncode", &abi_encode);
  function("abiDecode", &abi_decode);
  function("abiDescribeTypes", &abi_describe_types);
  function("eip712Hash", &eip712_hash);
  function("eip712SignKey", &eip712_sign_key);
  function("eip712SignHandle", &eip712_sign_handle);
  function("keystoreDescribe", &keystore_describe);
  function("bip32Xpub", &bip32_xpub);
}
