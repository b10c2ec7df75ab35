// The contract interface built from a JSON ABI: functions, events, errors and the constructor,
// their selectors and topics, call data, results, event logs and revert data (ABI spec, "JSON",
// "Events", "Errors").
#include "eth/abi.hpp"

#include <algorithm>
#include <cstring>

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/abi_internal.hpp"
#include "eth/address.hpp"
#include "eth/u256.hpp"

namespace ehr::eth::abi {

using namespace internal;
using json_util::member;

namespace {

// ---- interface ------------------------------------------------------------------------------------

const char* kind_name(FragmentKind k) {
  switch (k) {
    case FragmentKind::function: return "function";
    case FragmentKind::event: return "event";
    case FragmentKind::error: return "error";
    case FragmentKind::constructor: return "constructor";
    case FragmentKind::fallback: return "fallback";
    case FragmentKind::receive: return "receive";
  }
  return "function";
}

std::string signature_of(const std::string& name, const std::vector<Param>& params) {
  std::string s = name + "(";
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) s += ",";
    s += params[i].type.canonical();
  }
  return s + ")";
}

Result<std::vector<Param>> params_from_json(const Json* list, bool allow_indexed) {
  std::vector<Param> out;
  if (list == nullptr || list->is_null()) return out;
  if (!list->is_array()) return bad_abi("inputs/outputs must be arrays");
  for (const auto& p : *list) {
    auto t = type_from_json_at(p, 0);
    if (!t) return t.error();
    Param param;
    param.type = std::move(t).value();
    if (const Json* n = member(p, "name"); n && n->is_string()) param.name = n->get<std::string>();
    if (const Json* ix = member(p, "indexed"); ix && ix->is_boolean()) {
      if (ix->get<bool>() && !allow_indexed) return bad_abi("only event inputs can be indexed");
      param.indexed = ix->get<bool>();
    }
    out.push_back(std::move(param));
  }
  return out;
}

std::vector<Type> types_of(const std::vector<Param>& params) {
  std::vector<Type> out;
  out.reserve(params.size());
  for (const auto& p : params) out.push_back(p.type);
  return out;
}

Json describe_params(const std::vector<Param>& params, bool event) {
  Json out = Json::array();
  for (const auto& p : params) {
    Json j = {{"name", p.name}, {"type", p.type.canonical()}, {"desc", describe_type(p.type)}};
    if (event) j["indexed"] = p.indexed;
    out.push_back(std::move(j));
  }
  return out;
}

// Normalizes a signature the user typed ("transfer(address, uint)") to canonical form.
Result<std::string> normalize_signature(std::string_view key) {
  std::string compact;
  for (char c : key)
    if (c != ' ' && c != '\t' && c != '\n') compact.push_back(c);
  const std::size_t open = compact.find('(');
  if (open == std::string::npos || compact.back() != ')') return bad_abi("bad signature '" + std::string(key) + "'");
  const std::string name = compact.substr(0, open);
  const std::string params = compact.substr(open);
  if (params == "()") return name + "()";
  auto t = parse_type(params);
  if (!t || t.value().kind != Kind::tuple) return bad_abi("bad signature '" + std::string(key) + "'");
  return name + t.value().canonical();
}

// Solidity identifiers: [A-Za-z_$][A-Za-z0-9_$]* (a name becomes part of the signature).
bool is_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  });
}

const char* panic_reason(const U256& code) {
  // Solidity documentation, "Panic via assert and Error via require".
  if (!code.fits_u64()) return "unknown panic code";
  switch (code.low64()) {
    case 0x00: return "generic compiler panic";
    case 0x01: return "assertion failed";
    case 0x11: return "arithmetic underflow or overflow";
    case 0x12: return "division or modulo by zero";
    case 0x21: return "invalid enum value";
    case 0x22: return "invalid encoded storage byte array";
    case 0x31: return "pop() on an empty array";
    case 0x32: return "array index out of bounds";
    case 0x41: return "out of memory (allocation too large)";
    case 0x51: return "call to a zero-initialized function variable";
    default: return "unknown panic code";
  }
}

}  // namespace

FixedBytes<4> selector(std::string_view signature) {
  const Hash32 h =
      crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size()));  // NOLINT
  return to_fixed<4>(ByteView(h).first(4));
}

Result<Interface> Interface::parse(std::string_view abi_json) {
  auto j = parse_json(abi_json);
  if (!j) return j.error();
  return from_json(j.value());
}

Result<Interface> Interface::from_json(const Json& abi) {
  const Json* list = &abi;
  if (abi.is_object()) list = member(abi, "abi");
  if (list == nullptr || !list->is_array()) return bad_abi("the ABI must be a JSON array of fragments");
  Interface iface;
  iface.constructor_.kind = FragmentKind::constructor;
  iface.constructor_.signature = "constructor()";
  for (const auto& f : *list) {
    if (!f.is_object()) return bad_abi("every fragment must be a JSON object");
    Fragment frag;
    const Json* type = member(f, "type");
    const std::string kind = type && type->is_string() ? type->get<std::string>() : "function";
    if (kind == "function") frag.kind = FragmentKind::function;
    else if (kind == "event") frag.kind = FragmentKind::event;
    else if (kind == "error") frag.kind = FragmentKind::error;
    else if (kind == "constructor") frag.kind = FragmentKind::constructor;
    else if (kind == "fallback") frag.kind = FragmentKind::fallback;
    else if (kind == "receive") frag.kind = FragmentKind::receive;
    else return bad_abi("unknown fragment type '" + kind + "'");
    if (const Json* n = member(f, "name"); n && n->is_string()) frag.name = n->get<std::string>();
    const bool named =
        frag.kind == FragmentKind::function || frag.kind == FragmentKind::event || frag.kind == FragmentKind::error;
    if (named && !is_identifier(frag.name)) return bad_abi(kind + " name '" + frag.name + "' is not an identifier");
    auto inputs = params_from_json(member(f, "inputs"), frag.kind == FragmentKind::event);
    if (!inputs) return inputs.error();
    frag.inputs = std::move(inputs).value();
    if (frag.kind == FragmentKind::function) {
      auto outputs = params_from_json(member(f, "outputs"), false);
      if (!outputs) return outputs.error();
      frag.outputs = std::move(outputs).value();
    }
    if (const Json* sm = member(f, "stateMutability"); sm && sm->is_string())
      frag.state_mutability = sm->get<std::string>();
    if (const Json* an = member(f, "anonymous"); an && an->is_boolean()) frag.anonymous = an->get<bool>();
    frag.signature =
        signature_of(frag.kind == FragmentKind::constructor ? std::string("constructor") : frag.name, frag.inputs);
    frag.hash = crypto::keccak256(
        ByteView(reinterpret_cast<const std::uint8_t*>(frag.signature.data()), frag.signature.size()));  // NOLINT
    if (frag.kind == FragmentKind::constructor) iface.constructor_ = frag;
    iface.fragments_.push_back(std::move(frag));
  }
  return iface;
}

Result<const Fragment*> Interface::find(FragmentKind kind, std::string_view key) const {
  const char* what = kind_name(kind);
  if (key.size() > 2 && key[0] == '0' && key[1] == 'x') {
    auto bytes = from_hex(key);
    const std::size_t want = kind == FragmentKind::event ? 32 : 4;
    if (!bytes || bytes.value().size() != want)
      return bad_abi(std::string("bad ") + what + " selector '" + std::string(key) + "'");
    for (const auto& f : fragments_)
      if (f.kind == kind && std::equal(bytes.value().begin(), bytes.value().end(), f.hash.begin())) return &f;
    return bad_abi(std::string("no ") + what + " with selector " + std::string(key));
  }
  if (key.find('(') != std::string_view::npos) {
    auto sig = normalize_signature(key);
    if (!sig) return sig.error();
    for (const auto& f : fragments_)
      if (f.kind == kind && f.signature == sig.value()) return &f;
    return bad_abi(std::string("no ") + what + " '" + sig.value() + "'");
  }
  const Fragment* found = nullptr;
  for (const auto& f : fragments_) {
    if (f.kind != kind || f.name != key) continue;
    if (found != nullptr && found->signature != f.signature)
      return bad_abi(std::string(what) + " name '" + std::string(key) + "' is ambiguous (" + found->signature + ", " +
                     f.signature + "): use the full signature");
    if (found == nullptr) found = &f;
  }
  if (found == nullptr) return bad_abi(std::string("no ") + what + " named '" + std::string(key) + "'");
  return found;
}

Result<Bytes> Interface::encode_function_data(std::string_view function, const Json& args) const {
  auto f = find(FragmentKind::function, function);
  if (!f) return f.error();
  const Fragment& fr = *f.value();
  if (!args.is_array()) return Error{Errc::abi_value, "ABI: arguments must be a JSON array"};
  if (args.size() != fr.inputs.size())
    return Error{Errc::abi_value, "ABI: " + fr.signature + " takes " + std::to_string(fr.inputs.size()) +
                                      " arguments, got " + std::to_string(args.size())};
  Bytes out(fr.hash.begin(), fr.hash.begin() + 4);
  std::vector<std::string> names;
  for (const auto& p : fr.inputs) names.push_back(p.name);
  auto s = encode_tuple(
      fr.inputs.size(), [&](std::size_t i) -> const Type& { return fr.inputs[i].type; },
      [&](std::size_t i) -> const Json& { return args[i]; }, out, nullptr, &names);
  if (!s) return s.error();
  return out;
}

Result<Json> Interface::decode_function_data(std::string_view function, ByteView data) const {
  auto f = find(FragmentKind::function, function);
  if (!f) return f.error();
  if (data.size() < 4 || !std::equal(data.begin(), data.begin() + 4, f.value()->hash.begin()))
    return bad_abi("call data does not start with the selector of " + f.value()->signature);
  return decode(types_of(f.value()->inputs), data.subspan(4));
}

Result<Bytes> Interface::encode_function_result(std::string_view function, const Json& values) const {
  auto f = find(FragmentKind::function, function);
  if (!f) return f.error();
  return encode(types_of(f.value()->outputs), values);
}

Result<Json> Interface::decode_function_result(std::string_view function, ByteView data) const {
  auto f = find(FragmentKind::function, function);
  if (!f) return f.error();
  return decode(types_of(f.value()->outputs), data);
}

Result<Bytes> Interface::encode_deploy(const Json& args) const { return encode(types_of(constructor_.inputs), args); }

Result<Bytes> Interface::encode_error_result(std::string_view error, const Json& args) const {
  auto f = find(FragmentKind::error, error);
  if (!f) return f.error();
  auto body = encode(types_of(f.value()->inputs), args);
  if (!body) return body.error();
  Bytes out(f.value()->hash.begin(), f.value()->hash.begin() + 4);
  out.insert(out.end(), body.value().begin(), body.value().end());
  return out;
}

Result<Json> Interface::encode_event_topics(std::string_view event, const Json& values) const {
  auto f = find(FragmentKind::event, event);
  if (!f) return f.error();
  const Fragment& fr = *f.value();
  if (!values.is_array()) return Error{Errc::abi_value, "ABI: topic values must be a JSON array"};
  Json topics = Json::array();
  if (!fr.anonymous) topics.push_back(json_util::hex0x(fr.hash));
  std::size_t k = 0;
  for (std::size_t i = 0; i < fr.inputs.size(); ++i) {
    const Param& p = fr.inputs[i];
    if (!p.indexed) continue;
    if (k >= values.size() || values[k].is_null()) {
      topics.push_back(nullptr);
      ++k;
      continue;
    }
    const Path here{nullptr, i, &p.name};
    Bytes enc;
    if (p.type.is_dynamic() || p.type.kind == Kind::array || p.type.kind == Kind::tuple) {
      auto s = in_place(p.type, values[k], enc, &here, true);
      if (!s) return s.error();
      topics.push_back(json_util::hex0x(crypto::keccak256(enc)));
    } else {
      auto s = encode_value(p.type, values[k], enc, &here);
      if (!s) return s.error();
      topics.push_back(json_util::hex0x(enc));
    }
    ++k;
  }
  if (k < values.size()) return Error{Errc::abi_value, "ABI: more topic values than indexed inputs"};
  while (!topics.empty() && topics.back().is_null()) topics.erase(topics.size() - 1);
  return topics;
}

Result<Json> Interface::decode_event_log(std::string_view event, const std::vector<Hash32>& topics,
                                         ByteView data) const {
  const Fragment* fr = nullptr;
  if (!event.empty()) {
    auto f = find(FragmentKind::event, event);
    if (!f) return f.error();
    fr = f.value();
  } else {
    if (topics.empty()) return bad_abi("log has no topics: name the (anonymous) event to decode it");
    for (const auto& f : fragments_)
      if (f.kind == FragmentKind::event && !f.anonymous && f.hash == topics[0]) fr = &f;
    if (fr == nullptr) return bad_abi("no event with topic " + json_util::hex0x(topics[0]));
  }
  std::size_t t = 0;
  if (!fr->anonymous) {
    if (topics.empty() || topics[0] != fr->hash) return bad_abi("topic 0 is not the hash of " + fr->signature);
    t = 1;
  }
  std::size_t indexed = 0;
  std::vector<Type> data_types;
  for (const auto& p : fr->inputs) {
    if (p.indexed) ++indexed;
    else data_types.push_back(p.type);
  }
  if (topics.size() != t + indexed)
    return bad_abi("log has " + std::to_string(topics.size()) + " topics, " + fr->signature + " needs " +
                   std::to_string(t + indexed));
  auto body = decode(data_types, data);
  if (!body) return body.error();
  Json args = Json::array();
  std::size_t d = 0;
  for (const auto& p : fr->inputs) {
    if (!p.indexed) {
      args.push_back(body.value()[d++]);
      continue;
    }
    const Hash32& topic = topics[t++];
    if (p.type.is_dynamic() || p.type.kind == Kind::array || p.type.kind == Kind::tuple) {
      args.push_back(Json{{"hash", json_util::hex0x(topic)}});
      continue;
    }
    Decoder dec{32};
    auto v = dec.value(p.type, topic);
    if (!v) return v.error();
    args.push_back(std::move(v).value());
  }
  return Json{{"name", fr->name}, {"signature", fr->signature}, {"args", std::move(args)}};
}

Result<Revert> decode_standard_error(ByteView data) {
  if (data.size() < 4) return bad_abi("revert data is shorter than a selector");
  Revert r;
  r.selector = to_fixed<4>(data.first(4));
  static const FixedBytes<4> kError{0x08, 0xc3, 0x79, 0xa0};  // Error(string)
  static const FixedBytes<4> kPanic{0x4e, 0x48, 0x7b, 0x71};  // Panic(uint256)
  if (r.selector == kError) {
    auto v = decode({Type{Kind::string, 0, {}, {}, {}}}, data.subspan(4));
    if (!v) return v.error();
    r.name = "Error";
    r.signature = "Error(string)";
    r.args = std::move(v).value();
    r.message = r.args[0].get<std::string>();
    return r;
  }
  if (r.selector == kPanic) {
    auto v = decode({Type{Kind::uint_, 256, {}, {}, {}}}, data.subspan(4));
    if (!v) return v.error();
    r.name = "Panic";
    r.signature = "Panic(uint256)";
    const U256 code = U256::parse(v.value()[0].get<std::string>()).value();
    r.args = std::move(v).value();
    r.message = panic_reason(code);
    return r;
  }
  return bad_abi("unknown error selector " + json_util::hex0x(r.selector));
}

Result<Revert> Interface::decode_error(ByteView data) const {
  if (data.size() < 4) return bad_abi("revert data is shorter than a selector");
  for (const auto& f : fragments_) {
    if (f.kind != FragmentKind::error || !std::equal(data.begin(), data.begin() + 4, f.hash.begin())) continue;
    auto v = decode(types_of(f.inputs), data.subspan(4));
    if (!v) return v.error();
    Revert r;
    r.name = f.name;
    r.signature = f.signature;
    r.selector = to_fixed<4>(data.first(4));
    r.args = std::move(v).value();
    return r;
  }
  return decode_standard_error(data);
}

Json Interface::describe() const {
  Json out = Json::array();
  for (const auto& f : fragments_) {
    Json j = {{"type", kind_name(f.kind)},
              {"name", f.name},
              {"signature", f.signature},
              {"inputs", describe_params(f.inputs, f.kind == FragmentKind::event)}};
    if (f.kind == FragmentKind::event) {
      j["topic"] = json_util::hex0x(f.hash);
      j["anonymous"] = f.anonymous;
    } else if (f.kind == FragmentKind::function || f.kind == FragmentKind::error) {
      j["selector"] = json_util::hex0x(ByteView(f.hash).first(4));
    }
    if (f.kind == FragmentKind::function) j["outputs"] = describe_params(f.outputs, false);
    if (!f.state_mutability.empty()) j["stateMutability"] = f.state_mutability;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace ehr::eth::abi
