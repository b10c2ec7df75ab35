// Internal to src/eth/abi*.cpp (not part of the public API, abi.hpp): the pieces that the type
// parser (abi_type.cpp), the codec (abi_codec.cpp) and the interface (abi_interface.cpp) share.
#pragma once

#include <string>
#include <vector>

#include "eth/abi.hpp"
#include "eth/u256.hpp"

namespace ehr::eth::abi::internal {

// A static type's size is bounded so that head sizes never overflow (and a type string cannot
// ask the encoder for gigabytes of zeros).
inline constexpr std::size_t kMaxStaticSize = std::size_t{1} << 24;
inline constexpr std::size_t kMaxFixedLength = 1u << 20;

/// bad_abi with the "ABI: " prefix.
Error bad_abi(std::string msg);

/// A type from a JSON ABI parameter at nesting `depth` (type_from_json starts at 0).
Result<Type> type_from_json_at(const Json& param, std::size_t depth);

/// Where a value sits, for error messages (built only on failure).
struct Path {
  const Path* parent = nullptr;
  std::size_t index = 0;
  const std::string* name = nullptr;
};

/// abi_value with the value's path in the message.
Error value_error(const Path* p, const std::string& msg);

/// Appends the 32-byte big-endian word of `v`.
inline void append_word(Bytes& out, const U256& v) {
  const auto w = v.to_be32();
  out.insert(out.end(), w.begin(), w.end());
}

/// Appends enc(v) for type `t` (head or tail form as the caller places it).
Status encode_value(const Type& t, const Json& v, Bytes& out, const Path* path);

/// The in-place encoding of an indexed dynamic value (ABI spec, "Encoding of Indexed Event
/// Parameters"): elements padded to 32 bytes, no lengths and no offsets.
Status in_place(const Type& t, const Json& v, Bytes& out, const Path* path, bool top);

/// Encodes a tuple whose i-th type is types(i) and value values(i) (count entries).
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

/// Reads values from ABI-encoded data, each byte at most once (overlapping offsets are refused).
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

}  // namespace ehr::eth::abi::internal
