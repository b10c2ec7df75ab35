// Solidity ABI specification, "Formal Specification of the Encoding": enc(T) of static types is
// the 32-byte word; dynamic types (bytes, string, T[], tuples/arrays holding dynamic types) sit in
// the tail, referenced by an offset in the head, measured from the start of the enclosing tuple.
// This file: values (JSON) -> bytes, bytes -> values, and the in-place encoding of indexed topics.
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

std::string path_string(const Path* p) {
  if (p == nullptr) return "value";
  std::string s = path_string(p->parent);
  if (p->name != nullptr && !p->name->empty()) return s + "." + *p->name;
  return s + "[" + std::to_string(p->index) + "]";
}

}  // namespace

Error internal::value_error(const Path* p, const std::string& msg) {
  return Error{Errc::abi_value, "ABI: " + path_string(p) + ": " + msg};
}

namespace {

// ---- values -> bytes ------------------------------------------------------------------------------

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

}  // namespace

Status internal::encode_value(const Type& t, const Json& v, Bytes& out, const Path* path) {
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

Status internal::in_place(const Type& t, const Json& v, Bytes& out, const Path* path, bool top) {
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

// ---- the public codec ----------------------------------------------------------------------------

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

}  // namespace ehr::eth::abi
