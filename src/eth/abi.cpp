// Solidity ABI specification, "Formal Specification of the Encoding": enc(T) of static types is
// the 32-byte word; dynamic types (bytes, string, T[], tuples/arrays holding dynamic types) sit in
// the tail, referenced by an offset in the head, measured from the start of the enclosing tuple.
#include "eth/abi.hpp"

#include <algorithm>
#include <cstring>

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/address.hpp"
#include "eth/u256.hpp"

namespace ehr::eth::abi {
namespace {

using json_util::member;

// A static type's size is bounded so that head sizes never overflow (and a type string cannot
// ask the encoder for gigabytes of zeros).
constexpr std::size_t kMaxStaticSize = std::size_t{1} << 24;
constexpr std::size_t kMaxFixedLength = 1u << 20;

Error bad_abi(std::string msg) { return Error{Errc::bad_abi, "ABI: " + std::move(msg)}; }

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

Result<Type> type_from_json_at(const Json& param, std::size_t depth) {
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

// ---- values -> bytes ------------------------------------------------------------------------------

// Where a value sits, for error messages (built only on failure).
struct Path {
  const Path* parent = nullptr;
  std::size_t index = 0;
  const std::string* name = nullptr;
};

std::string path_string(const Path* p) {
  if (p == nullptr) return "value";
  std::string s = path_string(p->parent);
  if (p->name != nullptr && !p->name->empty()) return s + "." + *p->name;
  return s + "[" + std::to_string(p->index) + "]";
}

Error value_error(const Path* p, const std::string& msg) {
  return Error{Errc::abi_value, "ABI: " + path_string(p) + ": " + msg};
}

void append_word(Bytes& out, const U256& v) {
  const auto w = v.to_be32();
  out.insert(out.end(), w.begin(), w.end());
}

void append_padded(Bytes& out, ByteView b) {
  out.insert(out.end(), b.begin(), b.end());
  out.resize(out.size() + (32 - b.size() % 32) % 32, 0);
}

// A signed integer from JSON: sign and magnitude.
Result<std::pair<bool, U256>> get_int(const Json& v, const Path* path) {
  if (v.is_number_unsigned()) return std::pair{false, U256(v.get<std::uint64_t>())};
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (i >= 0) return std::pair{false, U256(static_cast<std::uint64_t>(i))};
    return std::pair{true, U256(~static_cast<std::uint64_t>(i) + 1)};
  }
  if (!v.is_string()) return value_error(path, "an integer must be a decimal or 0x string (or a JSON integer)");
  std::string_view s = v.get_ref<const std::string&>();
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  auto m = U256::parse(s);
  if (!m) return value_error(path, m.error().message);
  if (m.value().is_zero()) neg = false;
  return std::pair{neg, m.value()};
}

Result<U256> get_uint_value(const Json& v, const Path* path) {
  auto r = get_int(v, path);
  if (!r) return r.error();
  if (r.value().first) return value_error(path, "negative value for an unsigned type");
  return r.value().second;
}

Result<Bytes> get_hex(const Json& v, const Path* path) {
  auto r = json_util::get_bytes(v, "bytes", Errc::abi_value);
  if (!r) return value_error(path, "bytes must be a 0x-prefixed hex string");
  return r;
}

Status encode_value(const Type& t, const Json& v, Bytes& out, const Path* path);

// The component values of a tuple value, in order: a JSON array of them, or an object keyed by
// component name (every component named and present, nothing else).
Result<std::vector<const Json*>> tuple_values(const Type& t, const Json& v, const Path* path) {
  std::vector<const Json*> ordered;
  if (v.is_array()) {
    if (v.size() != t.components.size())
      return value_error(
          path, "tuple needs " + std::to_string(t.components.size()) + " values, got " + std::to_string(v.size()));
    for (const auto& x : v) ordered.push_back(&x);
    return ordered;
  }
  if (v.is_object()) {
    if (v.size() != t.components.size())
      return value_error(path, "tuple object must have exactly the component names as keys");
    for (std::size_t i = 0; i < t.components.size(); ++i) {
      const Json* m = i < t.names.size() && !t.names[i].empty() ? member(v, t.names[i].c_str()) : nullptr;
      if (m == nullptr)
        return value_error(path, "missing tuple component '" + (i < t.names.size() ? t.names[i] : std::string()) + "'");
      ordered.push_back(m);
    }
    return ordered;
  }
  return value_error(path, "a tuple value must be a JSON array or object");
}

// Encodes a tuple whose i-th type is types(i) and value values(i) (count entries).
template <class TypeAt, class ValueAt>
Status encode_tuple(std::size_t count, TypeAt type_at, ValueAt value_at, Bytes& out, const Path* path,
                    const std::vector<std::string>* names) {
  std::size_t head_total = 0;
  for (std::size_t i = 0; i < count; ++i) head_total += type_at(i).head_size();
  Bytes head;
  head.reserve(head_total);
  Bytes tail;
  for (std::size_t i = 0; i < count; ++i) {
    const Type& t = type_at(i);
    const Path here{path, i, names != nullptr && i < names->size() ? &(*names)[i] : nullptr};
    if (t.is_dynamic()) {
      append_word(head, U256(head_total + tail.size()));
      auto s = encode_value(t, value_at(i), tail, &here);
      if (!s) return s;
    } else {
      auto s = encode_value(t, value_at(i), head, &here);
      if (!s) return s;
    }
  }
  out.insert(out.end(), head.begin(), head.end());
  out.insert(out.end(), tail.begin(), tail.end());
  return ok_status();
}

Status encode_value(const Type& t, const Json& v, Bytes& out, const Path* path) {
  switch (t.kind) {
    case Kind::uint_: {
      auto u = get_uint_value(v, path);
      if (!u) return u.error();
      if (u.value().bit_length() > t.size)
        return value_error(path, "value out of range for uint" + std::to_string(t.size));
      append_word(out, u.value());
      return ok_status();
    }
    case Kind::int_: {
      auto r = get_int(v, path);
      if (!r) return r.error();
      const auto& [neg, mag] = r.value();
      // int<N>: -2^(N-1) <= v < 2^(N-1).
      const bool ok = neg ? (mag <= pow2(t.size - 1)) : (mag.bit_length() <= t.size - 1);
      if (!ok) return value_error(path, "value out of range for int" + std::to_string(t.size));
      append_word(out, neg ? negate(mag) : mag);
      return ok_status();
    }
    case Kind::address: {
      if (!v.is_string()) return value_error(path, "an address must be a string");
      auto a = parse_address(v.get_ref<const std::string&>(), false);
      if (!a) return value_error(path, a.error().message);
      out.resize(out.size() + 12, 0);
      out.insert(out.end(), a.value().begin(), a.value().end());
      return ok_status();
    }
    case Kind::bool_: {
      if (!v.is_boolean()) return value_error(path, "a bool must be true or false");
      append_word(out, U256(v.get<bool>() ? 1 : 0));
      return ok_status();
    }
    case Kind::fixed_bytes: {
      auto b = get_hex(v, path);
      if (!b) return b.error();
      if (b.value().size() != t.size)
        return value_error(path, "bytes" + std::to_string(t.size) + " needs exactly " + std::to_string(t.size) +
                                     " bytes, got " + std::to_string(b.value().size()));
      append_padded(out, b.value());
      return ok_status();
    }
    case Kind::bytes: {
      auto b = get_hex(v, path);
      if (!b) return b.error();
      append_word(out, U256(b.value().size()));
      append_padded(out, b.value());
      return ok_status();
    }
    case Kind::string: {
      if (!v.is_string()) return value_error(path, "a string must be a JSON string");
      const auto& s = v.get_ref<const std::string&>();
      append_word(out, U256(s.size()));
      append_padded(out, ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));  // NOLINT
      return ok_status();
    }
    case Kind::array: {
      if (!v.is_array()) return value_error(path, "an array value must be a JSON array");
      if (t.length && v.size() != *t.length)
        return value_error(path,
                           "expected " + std::to_string(*t.length) + " elements, got " + std::to_string(v.size()));
      if (!t.length) append_word(out, U256(v.size()));
      const Type& elem = t.components[0];
      return encode_tuple(
          v.size(), [&](std::size_t) -> const Type& { return elem; },
          [&](std::size_t i) -> const Json& { return v[i]; }, out, path, nullptr);
    }
    case Kind::tuple: {
      auto ordered = tuple_values(t, v, path);
      if (!ordered) return ordered.error();
      const auto& c = ordered.value();
      return encode_tuple(
          t.components.size(), [&](std::size_t i) -> const Type& { return t.components[i]; },
          [&](std::size_t i) -> const Json& { return *c[i]; }, out, path, &t.names);
    }
  }
  return value_error(path, "unknown type");
}

// ---- bytes -> values ------------------------------------------------------------------------------

struct Decoder {
  std::size_t budget;  // bytes that may still be read (starts at the data size)

  Status spend(std::size_t n) {
    if (n > budget) return bad_abi("data is read more than once (overlapping offsets) or runs short");
    budget -= n;
    return ok_status();
  }

  // The 32-byte word at `off` in `at`.
  Result<ByteView> word(ByteView at, std::size_t off) {
    if (off > at.size() || at.size() - off < 32) return bad_abi("data too short: a word runs past the end");
    auto s = spend(32);
    if (!s) return s.error();
    return at.subspan(off, 32);
  }

  // A length or offset word: must be below 2^32 and at most `limit`.
  Result<std::size_t> small(ByteView at, std::size_t off, std::size_t limit, const char* what) {
    auto w = word(at, off);
    if (!w) return w.error();
    for (std::size_t i = 0; i < 28; ++i)
      if (w.value()[i] != 0) return bad_abi(std::string(what) + " is out of range");
    std::size_t v = 0;
    for (std::size_t i = 28; i < 32; ++i) v = (v << 8) | w.value()[i];
    if (v > limit) return bad_abi(std::string(what) + " points past the end of the data");
    return v;
  }

  Result<Json> value(const Type& t, ByteView at);

  template <class TypeAt>
  Result<Json> tuple(std::size_t count, TypeAt type_at, ByteView at) {
    Json out = Json::array();
    std::size_t pos = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const Type& t = type_at(i);
      if (t.is_dynamic()) {
        auto off = small(at, pos, at.size(), "offset");
        if (!off) return off.error();
        auto v = value(t, at.subspan(off.value()));
        if (!v) return v.error();
        out.push_back(std::move(v).value());
        pos += 32;
      } else {
        if (pos > at.size()) return bad_abi("data too short");
        auto v = value(t, at.subspan(pos));
        if (!v) return v.error();
        out.push_back(std::move(v).value());
        pos += t.head_size();
      }
    }
    return out;
  }
};

Result<Json> Decoder::value(const Type& t, ByteView at) {
  switch (t.kind) {
    case Kind::uint_: {
      auto w = word(at, 0);
      if (!w) return w.error();
      const U256 v = U256::from_be(w.value());
      if (v.bit_length() > t.size) return bad_abi("uint" + std::to_string(t.size) + " has non-zero high bits");
      return Json(v.to_dec());
    }
    case Kind::int_: {
      auto w = word(at, 0);
      if (!w) return w.error();
      const U256 v = U256::from_be(w.value());
      const bool neg = v.bit(t.size - 1);
      for (unsigned b = t.size; b < 256; ++b)
        if (v.bit(b) != neg) return bad_abi("int" + std::to_string(t.size) + " is not sign-extended");
      if (!neg) return Json(v.to_dec());
      return Json("-" + negate(v).to_dec());
    }
    case Kind::address: {
      auto w = word(at, 0);
      if (!w) return w.error();
      for (std::size_t i = 0; i < 12; ++i)
        if (w.value()[i] != 0) return bad_abi("address has non-zero high bytes");
      return Json(to_checksum_address(to_fixed<20>(w.value().subspan(12))));
    }
    case Kind::bool_: {
      auto w = word(at, 0);
      if (!w) return w.error();
      for (std::size_t i = 0; i < 31; ++i)
        if (w.value()[i] != 0) return bad_abi("bool is not 0 or 1");
      if (w.value()[31] > 1) return bad_abi("bool is not 0 or 1");
      return Json(w.value()[31] == 1);
    }
    case Kind::fixed_bytes: {
      auto w = word(at, 0);
      if (!w) return w.error();
      for (std::size_t i = t.size; i < 32; ++i)
        if (w.value()[i] != 0) return bad_abi("bytes" + std::to_string(t.size) + " has non-zero padding");
      return Json(json_util::hex0x(w.value().first(t.size)));
    }
    case Kind::bytes:
    case Kind::string: {
      if (at.size() < 32) return bad_abi("data too short for a length");
      auto len = small(at, 0, at.size() - 32, "length");
      if (!len) return len.error();
      const std::size_t n = len.value();
      const std::size_t padded = (n + 31) / 32 * 32;
      if (padded > at.size() - 32) return bad_abi("bytes/string padding runs past the end");
      auto s = spend(padded);
      if (!s) return s.error();
      const ByteView content = at.subspan(32, n);
      for (std::size_t i = n; i < padded; ++i)
        if (at[32 + i] != 0) return bad_abi("bytes/string has non-zero padding");
      if (t.kind == Kind::bytes) return Json(json_util::hex0x(content));
      const std::string_view text(reinterpret_cast<const char*>(content.data()), content.size());  // NOLINT
      if (!json_util::is_utf8(text)) return bad_abi("string is not valid UTF-8");
      return Json(std::string(text));
    }
    case Kind::array: {
      const Type& elem = t.components[0];
      std::size_t count = 0;
      ByteView body = at;
      if (t.length) {
        count = *t.length;
      } else {
        if (at.size() < 32) return bad_abi("data too short for an array length");
        auto len = small(at, 0, at.size(), "array length");
        if (!len) return len.error();
        count = len.value();
        body = at.subspan(32);
      }
      // Every element takes at least its head in the data.
      if (count > body.size() / elem.head_size()) return bad_abi("array length runs past the end of the data");
      return tuple(
          count, [&](std::size_t) -> const Type& { return elem; }, body);
    }
    case Kind::tuple:
      return tuple(
          t.components.size(), [&](std::size_t i) -> const Type& { return t.components[i]; }, at);
  }
  return bad_abi("unknown type");
}

// ---- topics ---------------------------------------------------------------------------------------

// The in-place encoding of an indexed dynamic value (ABI spec, "Encoding of Indexed Event
// Parameters"): elements padded to 32 bytes, no lengths and no offsets.
Status in_place(const Type& t, const Json& v, Bytes& out, const Path* path, bool top) {
  switch (t.kind) {
    case Kind::bytes:
    case Kind::string: {
      Bytes raw;
      if (t.kind == Kind::bytes) {
        auto b = get_hex(v, path);
        if (!b) return b.error();
        raw = std::move(b).value();
      } else {
        if (!v.is_string()) return value_error(path, "a string must be a JSON string");
        const auto& s = v.get_ref<const std::string&>();
        raw.assign(s.begin(), s.end());
      }
      if (top) out.insert(out.end(), raw.begin(), raw.end());
      else append_padded(out, raw);
      return ok_status();
    }
    case Kind::array: {
      if (!v.is_array()) return value_error(path, "an array value must be a JSON array");
      if (t.length && v.size() != *t.length) return value_error(path, "wrong number of elements");
      for (std::size_t i = 0; i < v.size(); ++i) {
        const Path here{path, i, nullptr};
        auto s = in_place(t.components[0], v[i], out, &here, false);
        if (!s) return s;
      }
      return ok_status();
    }
    case Kind::tuple: {
      // As for encoding (an array, or an object keyed by component name).
      auto ordered = tuple_values(t, v, path);
      if (!ordered) return ordered.error();
      for (std::size_t i = 0; i < t.components.size(); ++i) {
        const Path here{path, i, i < t.names.size() ? &t.names[i] : nullptr};
        auto s = in_place(t.components[i], *ordered.value()[i], out, &here, false);
        if (!s) return s;
      }
      return ok_status();
    }
    default: return encode_value(t, v, out, path);
  }
}

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
  TypeParser p{params, 0};
  auto t = p.parse(0);
  if (!t || p.pos != params.size() || t.value().kind != Kind::tuple)
    return bad_abi("bad signature '" + std::string(key) + "'");
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

Result<Bytes> encode(const std::vector<Type>& types, const Json& values) {
  if (!values.is_array()) return Error{Errc::abi_value, "ABI: values must be a JSON array"};
  if (values.size() != types.size())
    return Error{Errc::abi_value,
                 "ABI: expected " + std::to_string(types.size()) + " values, got " + std::to_string(values.size())};
  Bytes out;
  auto s = encode_tuple(
      types.size(), [&](std::size_t i) -> const Type& { return types[i]; },
      [&](std::size_t i) -> const Json& { return values[i]; }, out, nullptr, nullptr);
  if (!s) return s.error();
  return out;
}

Result<Json> decode(const std::vector<Type>& types, ByteView data) {
  Decoder d{data.size()};
  return d.tuple(
      types.size(), [&](std::size_t i) -> const Type& { return types[i]; }, data);
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

FixedBytes<4> selector(std::string_view signature) {
  const Hash32 h =
      crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size()));  // NOLINT
  return to_fixed<4>(ByteView(h).first(4));
}

Result<Interface> Interface::parse(std::string_view abi_json) {
  auto j = json_util::parse(abi_json);
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
