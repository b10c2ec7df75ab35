// WASM exports of src/eth. Rules: boundary.cpp.
//
// JSON crosses as std::string through Embind (nlohmann/json inside the core): an Embind function
// returns its JSON or hex result, or "" on failure with the code kept for ehr_eth_last_code()
// (abiNew: a handle, or 0 on failure, likewise). The C exports follow boundary.hpp's convention.
// Anything secret (private keys, mnemonics, passwords, seeds) never travels as an Embind string
// (Embind copies strings through heap blocks it frees without wiping): it crosses as bytes in
// memory the JS API wipes, through the C exports below. Keys held for JS live in the boundary's
// handle registry (handles.hpp, Kind::eth_key; see Ring below) and are named by handles.
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
#include "eth/keystore.hpp"
#include "eth/rlp.hpp"
#include "eth/transaction.hpp"

using namespace ehr;
using wasm::fail;
using wasm::in;
namespace js = ehr::eth::json_util;

namespace {

int g_code = 0;     // the code of the last failed Embind call (0 after a success)
std::string g_out;  // public output of the C exports that produce text (ehr_eth_out)

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
// A C-export result put in g_out, its length (u32) at out_len: 0 or an Errc.
int put(Result<std::string> r, std::uint8_t* out_len) {
  if (!r) return fail(r.error());
  g_out = std::move(r).value();
  wasm::put_u32(out_len, static_cast<std::uint32_t>(g_out.size()));
  return 0;
}
// `n` bytes of `src` copied to out (room for `cap`), n (u32) at out_len: 0 or ERR_TOO_LARGE.
int put_bytes(ByteView src, std::uint8_t* out, std::size_t cap, std::uint8_t* out_len) {
  if (src.size() > cap) return fail(Error{Errc::too_large, "output buffer too small"});
  std::memcpy(out, src.data(), src.size());
  wasm::put_u32(out_len, static_cast<std::uint32_t>(src.size()));
  return 0;
}

ByteView view(std::uintptr_t p, std::size_t n) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(p), n);
}  // NOLINT
std::string_view text(const std::uint8_t* p, std::size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);
}  // NOLINT

Result<Json> parse(const std::string& s) { return parse_json(s); }

// Key-ring entries (HD wallets, keystore unlocks, imported and generated keys) live in the
// boundary's registry (handles.hpp) as Kind::eth_key: a private key or a BIP-32 extended key.
struct EthKey {
  std::unique_ptr<crypto::SecretKey32> key;
  std::unique_ptr<eth::bip32::ExtendedKey> xkey;
};
struct Ring {
  Result<std::uint32_t> add_private_key(crypto::SecretKey32 key) {
    if (!crypto::secp256k1::is_valid_private_key(key.view()))
      return Error{Errc::invalid_private_key, "private key is zero or not below the curve order"};
    auto e = std::make_unique<EthKey>();
    e->key = std::make_unique<crypto::SecretKey32>(std::move(key));
    return wasm::registry().adopt(wasm::Kind::eth_key, std::move(e));
  }
  Result<std::uint32_t> add_extended(eth::bip32::ExtendedKey key) {
    auto e = std::make_unique<EthKey>();
    e->xkey = std::make_unique<eth::bip32::ExtendedKey>(std::move(key));
    return wasm::registry().adopt(wasm::Kind::eth_key, std::move(e));
  }
  Result<const crypto::SecretKey32*> private_key(std::uint32_t h) const {
    const EthKey* e = wasm::registry().get<EthKey>(h, wasm::Kind::eth_key);
    if (e == nullptr) return Error{Errc::bad_handle, "the key handle is stale (disposed or locked) or not a key"};
    if (e->key) return e->key.get();
    return &e->xkey->key;
  }
  Result<const eth::bip32::ExtendedKey*> extended(std::uint32_t h) const {
    const EthKey* e = wasm::registry().get<EthKey>(h, wasm::Kind::eth_key);
    if (e == nullptr || !e->xkey)
      return Error{Errc::bad_handle, "the handle is stale (disposed or locked) or not an extended key"};
    return e->xkey.get();
  }
};
Ring& ring() {
  static Ring r;
  return r;
}
// A new key-ring handle written at out_h: 0 or an Errc.
int handle_to(Result<std::uint32_t> h, std::uint8_t* out_h) {
  if (!h) return fail(h.error());
  wasm::put_u32(out_h, h.value());
  return 0;
}

// Runs fn(key) with the private key of `handle`.
template <class Fn>
auto with_handle(std::uint32_t handle, Fn fn) -> decltype(fn(std::declval<const crypto::SecretKey32&>())) {
  auto k = ring().private_key(handle);
  if (!k) return k.error();
  return fn(*k.value());
}

// ---- ABI interfaces: parsed once, named by handle -------------------------------------------------
Result<const eth::abi::Interface*> iface(int h) {
  const auto* i = wasm::registry().get<eth::abi::Interface>(static_cast<std::uint32_t>(h), wasm::Kind::abi);
  if (i == nullptr) return Error{Errc::bad_handle, "unknown or disposed ABI interface"};
  return i;
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
// A parsed ABI in the registry (Kind::abi): its handle, or 0 with the code at ehr_eth_last_code().
int abi_new(const std::string& json) {
  auto i = eth::abi::Interface::parse(json);
  if (!i) return (g_code = fail(i.error()), 0);
  auto h = wasm::registry().adopt(wasm::Kind::abi, std::make_unique<eth::abi::Interface>(std::move(i).value()));
  if (!h) return (g_code = fail(h.error()), 0);
  g_code = 0;
  return static_cast<int>(h.value());
}

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
  return js::Json{{"name", r.name},
                  {"signature", r.signature},
                  {"selector", js::hex0x(r.selector)},
                  {"args", r.args},
                  {"message", r.message}};
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
  auto s =
      with_handle(handle, [&](const crypto::SecretKey32& k) { return eth::eip712::sign_typed_data(j.value(), k); });
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

/** ehr_eth_last_code: the code of the last failed Embind eth call (0 after a success). Never fails. */
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
/** ehr_key_import: copies the 32-byte private key at key32 into an eth_key handle at out_h (u32).
 *  Fails: ERR_INVALID_PRIVATE_KEY, ERR_OUT_OF_MEMORY. The caller wipes key32; JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_key_import(const std::uint8_t* key32, std::uint8_t* out_h) {
  return handle_to(ring().add_private_key(crypto::SecretKey32(in<32>(key32))), out_h);
}
/** ehr_key_generate: a private key from the CSPRNG as an eth_key handle at out_h (u32).
 *  Fails: ERR_OUT_OF_MEMORY. JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_key_generate(std::uint8_t* out_h) {
  return handle_to(ring().add_private_key(crypto::secp256k1::generate_private_key()), out_h);
}
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
    r = with_handle(handle,
                    [&](const crypto::SecretKey32& k) { return eth::sign_personal_message(ByteView(msg, len), k); });
  }
  if (!r) return fail(r.error());
  std::memcpy(out65, r.value().data(), 65);
  return 0;
}
/** ehr_eip191_recover: the address (20 bytes) that signed the EIP-191 message (len bytes) with
 *  sig65 (r || s || v) to out20. Fails: ERR_INVALID_SIGNATURE. */
EMSCRIPTEN_KEEPALIVE int ehr_eip191_recover(const std::uint8_t* msg, std::size_t len, const std::uint8_t* sig65,
                                            std::uint8_t* out20) {
  auto r = eth::recover_personal_message(ByteView(msg, len), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}
/// The signer of a 32-byte digest (EIP-712 hashes): v 27/28 or 0/1.
EMSCRIPTEN_KEEPALIVE int ehr_eth_recover_digest(const std::uint8_t* digest32, const std::uint8_t* sig65,
                                                std::uint8_t* out20) {
  auto r = eth::recover_digest_eth(to_fixed<32>(ByteView(digest32, 32)), ByteView(sig65, 65));
  if (!r) return fail(r.error());
  std::memcpy(out20, r.value().data(), 20);
  return 0;
}

// ---- BIP-39 -------------------------------------------------------------------------------------------
/** ehr_bip39_generate: a new `words`-word mnemonic (UTF-8, secret) to out (room for cap bytes),
 *  its length (u32) at out_len. Fails: ERR_BAD_LENGTH (words), ERR_TOO_LARGE (cap). The caller
 *  wipes out. */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_generate(int words, std::uint8_t* out, std::size_t cap, std::uint8_t* out_len) {
  auto m = eth::bip39::generate_mnemonic(static_cast<std::size_t>(words));
  if (!m) return fail(m.error());
  return put_bytes(m.value().view(), out, cap, out_len);
}
/** ehr_bip39_from_entropy: the mnemonic of `len` bytes of entropy (16..32) to out (cap bytes),
 *  its length (u32) at out_len. Fails: ERR_BAD_LENGTH, ERR_TOO_LARGE. */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_from_entropy(const std::uint8_t* ent, std::size_t len, std::uint8_t* out,
                                                std::size_t cap, std::uint8_t* out_len) {
  auto m = eth::bip39::entropy_to_mnemonic(ByteView(ent, len));
  if (!m) return fail(m.error());
  return put_bytes(m.value().view(), out, cap, out_len);
}
/** ehr_bip39_to_entropy: the entropy of a mnemonic to out (32 bytes of room), its length (u32) at
 *  out_len. Fails: ERR_BAD_MNEMONIC. The caller wipes both. */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_entropy(const std::uint8_t* mn, std::size_t len, std::uint8_t* out,
                                              std::uint8_t* out_len) {
  auto e = eth::bip39::mnemonic_to_entropy(text(mn, len));
  if (!e) return fail(e.error());
  return put_bytes(e.value().view(), out, 32, out_len);
}
/** ehr_bip39_to_seed: the BIP-39 seed (64 bytes, secret) of a mnemonic and passphrase to out64;
 *  `check` != 0 validates the words and checksum first. Fails: ERR_BAD_MNEMONIC. The caller wipes
 *  the inputs and out64. */
EMSCRIPTEN_KEEPALIVE int ehr_bip39_to_seed(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                           std::size_t pass_len, int check, std::uint8_t* out64) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), check != 0);
  if (!s) return fail(s.error());
  std::memcpy(out64, s.value().data(), 64);
  return 0;
}

// ---- BIP-32 -------------------------------------------------------------------------------------------
/** ehr_bip32_from_seed: the master extended key of the `len`-byte seed (16..64) as an eth_key
 *  handle at out_h (u32). Fails: ERR_BAD_LENGTH / the core's BIP-32 errors, ERR_OUT_OF_MEMORY.
 *  The caller wipes the seed; JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_seed(const std::uint8_t* seed, std::size_t len, std::uint8_t* out_h) {
  auto x = eth::bip32::from_seed(ByteView(seed, len));
  if (!x) return fail(x.error());
  return handle_to(ring().add_extended(std::move(x).value()), out_h);
}
/** ehr_bip32_from_mnemonic: mnemonic (len bytes, UTF-8) + passphrase -> seed -> master key in one
 *  call (the seed never leaves the module), as an eth_key handle at out_h (u32).
 *  Fails: ERR_BAD_MNEMONIC and the BIP-32 errors. The caller wipes both inputs. */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_from_mnemonic(const std::uint8_t* mn, std::size_t len, const std::uint8_t* pass,
                                                 std::size_t pass_len, std::uint8_t* out_h) {
  auto s = eth::bip39::mnemonic_to_seed(text(mn, len), ByteView(pass, pass_len), true);
  if (!s) return fail(s.error());
  auto x = eth::bip32::from_seed(s.value().view());
  if (!x) return fail(x.error());
  return handle_to(ring().add_extended(std::move(x).value()), out_h);
}
/** ehr_bip32_derive: derives `path` (ASCII, len bytes) from an extended-key handle into a new
 *  eth_key handle at out_h (u32). Fails: ERR_BAD_HANDLE, ERR_BAD_DERIVATION_PATH. */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_derive(std::uint32_t handle, const std::uint8_t* path, std::size_t len,
                                          std::uint8_t* out_h) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  auto d = eth::bip32::derive_path(*x.value(), text(path, len));
  if (!d) return fail(d.error());
  return handle_to(ring().add_extended(std::move(d).value()), out_h);
}
/** ehr_bip32_xprv: the xprv text (secret) of an extended-key handle to out (cap bytes), its
 *  length (u32) at out_len. Fails: ERR_BAD_HANDLE, ERR_TOO_LARGE. The caller wipes out. */
EMSCRIPTEN_KEEPALIVE int ehr_bip32_xprv(std::uint32_t handle, std::uint8_t* out, std::size_t cap,
                                        std::uint8_t* out_len) {
  auto x = ring().extended(handle);
  if (!x) return fail(x.error());
  auto s = eth::bip32::to_xprv(*x.value());
  if (!s) return fail(s.error());
  return put_bytes(s.value().view(), out, cap, out_len);
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
/** ehr_keystore_decrypt: decrypts a keystore (JSON text, json_len bytes) with the password into
 *  an eth_key handle at out_h (u32). Fails: ERR_BAD_KEYSTORE, ERR_WRONG_PASSWORD (MAC), the KDF's
 *  errors. The caller wipes the password; JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                              std::size_t pw_len, std::uint8_t* out_h) {
  auto k = eth::keystore::decrypt(text(json, json_len), ByteView(pw, pw_len));
  if (!k) return fail(k.error());
  return handle_to(ring().add_private_key(std::move(k).value()), out_h);
}
/** ehr_keystore_derive: the KDF only (to run in a Worker): the derived key (secret) to out (64
 *  bytes of room), its length dklen (u32) at out_len. Fails: ERR_BAD_KEYSTORE, the KDF's errors,
 *  ERR_TOO_LARGE. The caller wipes the password and out. */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_derive(const std::uint8_t* json, std::size_t json_len, const std::uint8_t* pw,
                                             std::size_t pw_len, std::uint8_t* out, std::uint8_t* out_len) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return fail(ks.error());
  auto dk = eth::keystore::derive_key(ks.value(), ByteView(pw, pw_len));
  if (!dk) return fail(dk.error());
  return put_bytes(dk.value().view(), out, 64, out_len);
}
/** ehr_keystore_decrypt_with_key: MAC check and decryption with a derived key (dk_len bytes, from
 *  ehr_keystore_derive) into an eth_key handle at out_h (u32). Fails as ehr_keystore_decrypt.
 *  The caller wipes dk; JS owns the handle. */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_decrypt_with_key(const std::uint8_t* json, std::size_t json_len,
                                                       const std::uint8_t* dk, std::size_t dk_len,
                                                       std::uint8_t* out_h) {
  auto ks = eth::keystore::parse_text(text(json, json_len));
  if (!ks) return fail(ks.error());
  auto k = eth::keystore::decrypt_with_key(ks.value(), ByteView(dk, dk_len));
  if (!k) return fail(k.error());
  return handle_to(ring().add_private_key(std::move(k).value()), out_h);
}
/** ehr_keystore_encrypt: encrypts a handle's key (or, when key32 is not null, those 32 bytes);
 *  the keystore JSON goes to ehr_eth_out() (wipe it with ehr_eth_out_clear), its length (u32) at
 *  out_len. opts: JSON options text (public). Fails: ERR_BAD_HANDLE, ERR_BAD_JSON, the KDF's
 *  errors. The caller wipes the password and key32. */
EMSCRIPTEN_KEEPALIVE int ehr_keystore_encrypt(std::uint32_t handle, const std::uint8_t* key32, const std::uint8_t* pw,
                                              std::size_t pw_len, const std::uint8_t* opts, std::size_t opts_len,
                                              std::uint8_t* out_len) {
  auto oj = parse_json(text(opts, opts_len));
  if (!oj) return fail(oj.error());
  auto o = eth::keystore::options_from_json(oj.value());
  if (!o) return fail(o.error());
  if (key32 != nullptr) {
    const crypto::SecretKey32 key(in<32>(key32));
    return put(eth::keystore::encrypt(key, ByteView(pw, pw_len), o.value()), out_len);
  }
  return put(with_handle(handle,
                         [&](const crypto::SecretKey32& k) {
                           return eth::keystore::encrypt(k, ByteView(pw, pw_len), o.value());
                         }),
             out_len);
}

}  // extern "C"

namespace ehr::wasm {
void wipe_eth_buffers() {
  crypto::wipe(g_out.data(), g_out.size());
  g_out.clear();
  g_out.shrink_to_fit();
}
}  // namespace ehr::wasm

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
