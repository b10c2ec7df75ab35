// Solidity ABI types: the elementary types, "[...]" suffixes and tuples, from type strings
// ("uint256[2][]", "(address,bytes)") and from JSON ABI parameters (ABI spec, "Types" and "JSON").
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

Error internal::bad_abi(std::string msg) { return Error{Errc::bad_abi, "ABI: " + std::move(msg)}; }

namespace {

// ---- type parsing ---------------------------------------------------------------------------------

bool parse_decimal(std::string_view s, std::size_t& out) {
  if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

Result<Type> elementary(std::string_view name) {
  Type t;
  auto sized = [&](std::string_view prefix, Kind kind, unsigned lo, unsigned hi, unsigned step,
                   unsigned dflt) -> std::optional<Result<Type>> {
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    const std::string_view rest = name.substr(prefix.size());
    t.kind = kind;
    if (rest.empty()) {
      if (dflt == 0) return std::nullopt;
      t.size = dflt;
      return Result<Type>(t);
    }
    std::size_t n = 0;
    if (!parse_decimal(rest, n) || n < lo || n > hi || n % step != 0)
      return Result<Type>(bad_abi("invalid type '" + std::string(name) + "'"));
    t.size = static_cast<unsigned>(n);
    return Result<Type>(t);
  };
  if (name == "address") return Type{Kind::address, 0, {}, {}, {}};
  if (name == "bool") return Type{Kind::bool_, 0, {}, {}, {}};
  if (name == "string") return Type{Kind::string, 0, {}, {}, {}};
  if (name == "bytes") return Type{Kind::bytes, 0, {}, {}, {}};
  if (name == "function" || name.substr(0, 5) == "fixed" || name.substr(0, 6) == "ufixed")
    return Error{Errc::unsupported, "ABI: type '" + std::string(name) + "' is not supported"};
  if (auto r = sized("uint", Kind::uint_, 8, 256, 8, 256)) return *r;
  if (auto r = sized("int", Kind::int_, 8, 256, 8, 256)) return *r;
  if (auto r = sized("bytes", Kind::fixed_bytes, 1, 32, 1, 0)) return *r;
  return bad_abi("unknown type '" + std::string(name) + "'");
}

Status check_size(const Type& t) {
  if (!t.is_dynamic() && t.head_size() > kMaxStaticSize) return bad_abi("static type is too large");
  return ok_status();
}

// Applies "[...]" suffixes at `s` to `base`.
Result<Type> apply_suffixes(Type base, std::string_view s, std::size_t depth) {
  while (!s.empty()) {
    if (s[0] != '[') return bad_abi("unexpected '" + std::string(s) + "' in type");
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos) return bad_abi("missing ']' in type");
    const std::string_view digits = s.substr(1, close - 1);
    Type arr;
    arr.kind = Kind::array;
    if (!digits.empty()) {
      std::size_t n = 0;
      if (!parse_decimal(digits, n) || n == 0 || n > kMaxFixedLength)
        return bad_abi("invalid array length '" + std::string(digits) + "'");
      arr.length = n;
    }
    if (++depth > kMaxTypeDepth) return bad_abi("type nesting is too deep");
    arr.components.push_back(std::move(base));
    auto sz = check_size(arr);
    if (!sz) return sz.error();
    base = std::move(arr);
    s.remove_prefix(close + 1);
  }
  return base;
}

struct TypeParser {
  std::string_view s;
  std::size_t pos = 0;

  Result<Type> parse(std::size_t depth) {
    if (depth > kMaxTypeDepth) return bad_abi("type nesting is too deep");
    Type base;
    if (pos < s.size() && s[pos] == '(') {
      ++pos;
      base.kind = Kind::tuple;
      if (pos < s.size() && s[pos] == ')') return bad_abi("empty tuple type");
      for (;;) {
        auto c = parse(depth + 1);
        if (!c) return c.error();
        base.components.push_back(std::move(c).value());
        base.names.emplace_back();
        if (pos >= s.size()) return bad_abi("missing ')' in type");
        if (s[pos] == ',') {
          ++pos;
          continue;
        }
        if (s[pos] == ')') {
          ++pos;
          break;
        }
        return bad_abi("unexpected character in tuple type");
      }
      auto sz = check_size(base);
      if (!sz) return sz.error();
    } else {
      const std::size_t start = pos;
      while (pos < s.size() && ((s[pos] >= 'a' && s[pos] <= 'z') || (s[pos] >= '0' && s[pos] <= '9'))) ++pos;
      auto e = elementary(s.substr(start, pos - start));
      if (!e) return e.error();
      base = std::move(e).value();
    }
    // Array suffixes.
    std::size_t end = pos;
    while (end < s.size() && s[end] == '[') {
      const std::size_t close = s.find(']', end);
      if (close == std::string_view::npos) return bad_abi("missing ']' in type");
      end = close + 1;
    }
    auto r = apply_suffixes(std::move(base), s.substr(pos, end - pos), depth);
    pos = end;
    return r;
  }
};

}  // namespace

Result<Type> internal::type_from_json_at(const Json& param, std::size_t depth) {
  if (depth > kMaxTypeDepth) return bad_abi("type nesting is too deep");
  const Json* type = member(param, "type");
  if (!type || !type->is_string()) return bad_abi("parameter without a type string");
  const std::string& ts = type->get_ref<const std::string&>();
  if (ts.substr(0, 5) != "tuple") {
    if (const Json* comps = member(param, "components"); comps && !comps->is_null() && !comps->empty())
      return bad_abi("components given for non-tuple type '" + ts + "'");
    TypeParser p{ts, 0};
    auto t = p.parse(depth);
    if (!t) return t;
    if (p.pos != ts.size()) return bad_abi("trailing characters in type '" + ts + "'");
    return t;
  }
  const Json* comps = member(param, "components");
  if (!comps || !comps->is_array() || comps->empty()) return bad_abi("tuple type without components");
  Type tuple;
  tuple.kind = Kind::tuple;
  std::size_t suffix_depth = depth;
  for (const auto& c : *comps) {
    auto ct = type_from_json_at(c, depth + 1);
    if (!ct) return ct.error();
    tuple.components.push_back(std::move(ct).value());
    const Json* name = member(c, "name");
    tuple.names.push_back(name && name->is_string() ? name->get<std::string>() : std::string());
  }
  auto sz = check_size(tuple);
  if (!sz) return sz.error();
  return apply_suffixes(std::move(tuple), std::string_view(ts).substr(5), suffix_depth);
}

// ---- Type -----------------------------------------------------------------------------------------

// ---- Type -----------------------------------------------------------------------------------------

bool Type::is_dynamic() const noexcept {
  switch (kind) {
    case Kind::bytes:
    case Kind::string: return true;
    case Kind::array: return !length || components[0].is_dynamic();
    case Kind::tuple:
      return std::any_of(components.begin(), components.end(), [](const Type& c) { return c.is_dynamic(); });
    default: return false;
  }
}

std::size_t Type::head_size() const noexcept {
  if (is_dynamic()) return 32;
  if (kind == Kind::array) {
    const std::size_t e = components[0].head_size();
    const std::size_t n = *length;
    // Saturate: check_size() rejects anything this large.
    return e != 0 && n > (kMaxStaticSize + 1) / e ? kMaxStaticSize + 1 : e * n;
  }
  if (kind == Kind::tuple) {
    std::size_t s = 0;
    for (const auto& c : components) s = std::min(s + c.head_size(), kMaxStaticSize + 1);
    return s;
  }
  return 32;
}

std::string Type::canonical() const {
  switch (kind) {
    case Kind::uint_: return "uint" + std::to_string(size);
    case Kind::int_: return "int" + std::to_string(size);
    case Kind::address: return "address";
    case Kind::bool_: return "bool";
    case Kind::fixed_bytes: return "bytes" + std::to_string(size);
    case Kind::bytes: return "bytes";
    case Kind::string: return "string";
    case Kind::array: return components[0].canonical() + "[" + (length ? std::to_string(*length) : std::string()) + "]";
    case Kind::tuple: {
      std::string s = "(";
      for (std::size_t i = 0; i < components.size(); ++i) {
        if (i) s += ",";
        s += components[i].canonical();
      }
      return s + ")";
    }
  }
  return "?";
}

Result<Type> parse_type(std::string_view text) {
  TypeParser p{text, 0};
  auto t = p.parse(0);
  if (!t) return t;
  if (p.pos != text.size()) return bad_abi("trailing characters in type '" + std::string(text) + "'");
  return t;
}

Result<Type> type_from_json(const Json& param) { return type_from_json_at(param, 0); }

Result<std::vector<Type>> types_from_json(const Json& list) {
  if (!list.is_array()) return bad_abi("types must be a JSON array");
  std::vector<Type> out;
  for (const auto& t : list) {
    auto r = t.is_string() ? parse_type(t.get_ref<const std::string&>()) : type_from_json(t);
    if (!r) return r.error();
    out.push_back(std::move(r).value());
  }
  return out;
}

Json describe_type(const Type& t) {
  switch (t.kind) {
    case Kind::uint_: return {{"kind", "uint"}, {"bits", t.size}};
    case Kind::int_: return {{"kind", "int"}, {"bits", t.size}};
    case Kind::address: return {{"kind", "address"}};
    case Kind::bool_: return {{"kind", "bool"}};
    case Kind::fixed_bytes: return {{"kind", "fixedBytes"}, {"size", t.size}};
    case Kind::bytes: return {{"kind", "bytes"}};
    case Kind::string: return {{"kind", "string"}};
    case Kind::array: {
      Json j = {{"kind", "array"}, {"child", describe_type(t.components[0])}};
      j["length"] = t.length ? Json(*t.length) : Json(nullptr);
      return j;
    }
    case Kind::tuple: {
      Json comps = Json::array();
      for (std::size_t i = 0; i < t.components.size(); ++i)
        comps.push_back(
            {{"name", i < t.names.size() ? t.names[i] : std::string()}, {"type", describe_type(t.components[i])}});
      return {{"kind", "tuple"}, {"components", std::move(comps)}};
    }
  }
  return nullptr;
}

}  // namespace ehr::eth::abi
