#include "eth/eip712.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "crypto/keccak.hpp"
#include "eth/abi.hpp"
#include "eth/eip191.hpp"

namespace ehr::eth::eip712 {
namespace {

using json_util::member;

Error bad(std::string msg) { return Error{Errc::bad_typed_data, "EIP-712: " + std::move(msg)}; }

Hash32 keccak_text(const std::string& s) {
  return crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));  // NOLINT
}

// The base of a type with every array suffix removed: "Person[][2]" -> "Person".
std::string base_of(const std::string& type) {
  const auto p = type.find('[');
  return p == std::string::npos ? type : type.substr(0, p);
}

// The fields of struct `name`: pairs (name, type). Fails unless types[name] is a well-formed list.
Result<std::vector<std::pair<std::string, std::string>>> fields_of(const Json& types, const std::string& name) {
  const Json* list = member(types, name.c_str());
  if (list == nullptr) return bad("type '" + name + "' is not defined");
  if (!list->is_array()) return bad("types." + name + " must be an array of {name, type}");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : *list) {
    const Json* n = member(f, "name");
    const Json* t = member(f, "type");
    if (n == nullptr || t == nullptr || !n->is_string() || !t->is_string())
      return bad("types." + name + " entries need string 'name' and 'type'");
    out.emplace_back(n->get<std::string>(), t->get<std::string>());
  }
  return out;
}

bool is_struct(const Json& types, const std::string& base) { return member(types, base.c_str()) != nullptr; }

Status collect_deps(const Json& types, const std::string& name, std::set<std::string>& seen, std::size_t depth) {
  if (depth > 64) return bad("type references are nested too deeply");
  auto fields = fields_of(types, name);
  if (!fields) return fields.error();
  for (const auto& [fname, ftype] : fields.value()) {
    const std::string base = base_of(ftype);
    if (!is_struct(types, base) || seen.count(base) != 0) continue;
    seen.insert(base);
    auto s = collect_deps(types, base, seen, depth + 1);
    if (!s) return s;
  }
  return ok_status();
}

Result<std::string> encode_one(const Json& types, const std::string& name) {
  auto fields = fields_of(types, name);
  if (!fields) return fields.error();
  std::string s = name + "(";
  for (std::size_t i = 0; i < fields.value().size(); ++i) {
    if (i) s += ",";
    s += fields.value()[i].second + " " + fields.value()[i].first;
  }
  return s + ")";
}

Status encode_field(const Json& types, const std::string& type, const Json& value, Bytes& out, std::size_t depth);

Status encode_data(const Json& types, const std::string& name, const Json& value, Bytes& out, std::size_t depth) {
  if (depth > kMaxDepth) return bad("value is nested too deeply");
  if (!value.is_object()) return bad("a '" + name + "' value must be a JSON object");
  auto et = encode_type(types, name);
  if (!et) return et.error();
  const Hash32 th = keccak_text(et.value());
  out.insert(out.end(), th.begin(), th.end());
  auto fields = fields_of(types, name);
  if (!fields) return fields.error();
  for (const auto& [fname, ftype] : fields.value()) {
    const Json* v = member(value, fname.c_str());
    if (v == nullptr) return bad("'" + name + "' value is missing member '" + fname + "'");
    auto s = encode_field(types, ftype, *v, out, depth + 1);
    if (!s) return Error{s.error().code, s.error().message + " (in " + name + "." + fname + ")"};
  }
  return ok_status();
}

Status encode_field(const Json& types, const std::string& type, const Json& value, Bytes& out, std::size_t depth) {
  if (depth > kMaxDepth) return bad("value is nested too deeply");
  if (!type.empty() && type.back() == ']') {
    // Array: keccak256 of the concatenated encodings of its elements.
    const auto open = type.rfind('[');
    if (open == std::string::npos) return bad("bad array type '" + type + "'");
    const std::string elem = type.substr(0, open);
    const std::string len = type.substr(open + 1, type.size() - open - 2);
    if (!value.is_array()) return bad("a '" + type + "' value must be a JSON array");
    if (!len.empty()) {
      if (len.size() > 9 || len.find_first_not_of("0123456789") != std::string::npos)
        return bad("bad array length in '" + type + "'");
      if (value.size() != std::stoul(len)) return bad("'" + type + "' needs " + len + " elements");
    }
    Bytes inner;
    for (const auto& e : value) {
      auto s = encode_field(types, elem, e, inner, depth + 1);
      if (!s) return s;
    }
    const Hash32 h = crypto::keccak256(inner);
    out.insert(out.end(), h.begin(), h.end());
    return ok_status();
  }
  if (is_struct(types, type)) {
    Bytes enc;
    auto s = encode_data(types, type, value, enc, depth + 1);
    if (!s) return s;
    const Hash32 h = crypto::keccak256(enc);
    out.insert(out.end(), h.begin(), h.end());
    return ok_status();
  }
  if (type == "string") {
    if (!value.is_string()) return bad("a string value must be a JSON string");
    const Hash32 h = keccak_text(value.get<std::string>());
    out.insert(out.end(), h.begin(), h.end());
    return ok_status();
  }
  if (type == "bytes") {
    auto b = json_util::get_bytes(value, "bytes", Errc::abi_value);
    if (!b) return b.error();
    const Hash32 h = crypto::keccak256(b.value());
    out.insert(out.end(), h.begin(), h.end());
    return ok_status();
  }
  // Atomic: uint<N>, int<N>, bool, address, bytes<N> as their ABI word.
  auto t = abi::parse_type(type);
  if (!t || t.value().kind == abi::Kind::array || t.value().kind == abi::Kind::tuple ||
      t.value().kind == abi::Kind::bytes || t.value().kind == abi::Kind::string)
    return bad("unknown type '" + type + "'");
  if (type == "uint" || type == "int") return bad("use uint256/int256, not '" + type + "'");
  Json arr = Json::array();
  arr.push_back(value);
  auto enc = abi::encode({t.value()}, arr);
  if (!enc) return enc.error();
  out.insert(out.end(), enc.value().begin(), enc.value().end());
  return ok_status();
}

// The EIP712Domain fields, from types or derived from the domain's keys.
Result<Json> domain_types(const Json& typed) {
  const Json* types = member(typed, "types");
  if (types == nullptr || !types->is_object()) return bad("'types' must be an object");
  Json out = *types;
  if (member(*types, "EIP712Domain") != nullptr) return out;
  const Json* domain = member(typed, "domain");
  if (domain == nullptr || !domain->is_object()) return bad("'domain' must be an object");
  static const std::pair<const char*, const char*> kFields[] = {{"name", "string"},
                                                                {"version", "string"},
                                                                {"chainId", "uint256"},
                                                                {"verifyingContract", "address"},
                                                                {"salt", "bytes32"}};
  Json fields = Json::array();
  for (auto it = domain->begin(); it != domain->end(); ++it) {
    bool known = false;
    for (const auto& [n, t] : kFields) known |= it.key() == n;
    if (!known) return bad("unknown domain field '" + it.key() + "' (declare EIP712Domain in types)");
  }
  for (const auto& [n, t] : kFields)
    if (member(*domain, n) != nullptr && !member(*domain, n)->is_null()) fields.push_back({{"name", n}, {"type", t}});
  out["EIP712Domain"] = std::move(fields);
  return out;
}

}  // namespace

Result<std::string> encode_type(const Json& types, const std::string& primary) {
  if (!types.is_object()) return bad("'types' must be an object");
  std::set<std::string> deps;
  auto s = collect_deps(types, primary, deps, 0);
  if (!s) return s.error();
  deps.erase(primary);
  auto out = encode_one(types, primary);
  if (!out) return out;
  std::string text = out.value();
  for (const auto& d : deps) {  // std::set: sorted by name
    auto e = encode_one(types, d);
    if (!e) return e;
    text += e.value();
  }
  return text;
}

Result<Hash32> hash_struct(const Json& types, const std::string& name, const Json& value) {
  Bytes enc;
  auto s = encode_data(types, name, value, enc, 0);
  if (!s) return s.error();
  return crypto::keccak256(enc);
}

Result<Hash32> domain_separator(const Json& typed) {
  auto types = domain_types(typed);
  if (!types) return types.error();
  const Json* domain = member(typed, "domain");
  if (domain == nullptr || !domain->is_object()) return bad("'domain' must be an object");
  return hash_struct(types.value(), "EIP712Domain", *domain);
}

Result<Hash32> hash_typed_data(const Json& typed) {
  if (!typed.is_object()) return bad("typed data must be a JSON object");
  const Json* primary = member(typed, "primaryType");
  if (primary == nullptr || !primary->is_string()) return bad("'primaryType' must be a string");
  auto types = domain_types(typed);
  if (!types) return types.error();
  auto ds = domain_separator(typed);
  if (!ds) return ds.error();
  Bytes buf = {0x19, 0x01};
  buf.insert(buf.end(), ds.value().begin(), ds.value().end());
  const std::string& p = primary->get_ref<const std::string&>();
  if (p != "EIP712Domain") {
    const Json* message = member(typed, "message");
    if (message == nullptr) return bad("'message' is missing");
    auto h = hash_struct(types.value(), p, *message);
    if (!h) return h.error();
    buf.insert(buf.end(), h.value().begin(), h.value().end());
  }
  return crypto::keccak256(buf);
}

Result<RecoverableSig65> sign_typed_data(const Json& typed, const crypto::SecretKey32& key) {
  auto h = hash_typed_data(typed);
  if (!h) return h.error();
  return sign_digest_eth(h.value(), key);
}

}  // namespace ehr::eth::eip712
