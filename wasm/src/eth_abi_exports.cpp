// WASM exports of src/eth, encodings: RLP and the contract ABI (parsed ABIs behind handles of kind
// abi, calldata, results, errors, events). All Embind functions over public data: each returns its
// JSON or hex text, or "" with the code at ehr_eth_last_code() (eth_internal.hpp). Byte inputs are
// (address, length) in module memory.
#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "eth/abi.hpp"
#include "eth/rlp.hpp"
#include "eth_internal.hpp"

using namespace ehr;
using namespace ehr::wasm::eth_boundary;
using wasm::fail;

namespace {

// ---- RLP -------------------------------------------------------------------------------------------
// json: nested arrays of "0x" hex strings. Returns "0x" + the encoding.
std::string rlp_encode(const std::string& json) {
  auto j = parse(json);
  if (!j) return give(j.error());
  auto n = eth::rlp::from_json(j.value());
  if (!n) return give(n.error());
  return give(js::hex0x(eth::rlp::encode(n.value())));
}

// The tree of n bytes at p as nested arrays of hex strings; ERR_BAD_RLP.
std::string rlp_decode(std::uintptr_t p, std::size_t n) {
  auto t = eth::rlp::decode_tree(view(p, n));
  if (!t) return give(t.error());
  return give(js::dump(eth::rlp::to_json(t.value())));
}

// ---- ABI interfaces: parsed once, named by handle -------------------------------------------------
Result<const eth::abi::Interface*> iface(int h) {
  const auto* i = wasm::get<eth::abi::Interface>(static_cast<std::uint32_t>(h), wasm::Kind::abi);
  if (i == nullptr) return Error{Errc::bad_handle, "unknown or disposed ABI interface"};
  return i;
}

// A parsed ABI (JSON ABI text) in the registry (Kind::abi): its handle, or 0 with the code
// (ERR_BAD_ABI, ERR_BAD_JSON, ERR_OUT_OF_MEMORY) at ehr_eth_last_code(). JS owns the handle.
int abi_new(const std::string& json) {
  auto i = eth::abi::Interface::parse(json);
  if (!i) return (last_code() = fail(i.error()), 0);
  auto h = wasm::registry().adopt(wasm::Kind::abi, std::make_unique<eth::abi::Interface>(std::move(i).value()));
  if (!h) return (last_code() = fail(h.error()), 0);
  last_code() = 0;
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

// h == 0: only the standard Error(string) and Panic(uint256).
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

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_eth_abi) {
  using emscripten::function;
  function("rlpEncode", &rlp_encode);
  function("rlpDecode", &rlp_decode);
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
}
