#include "eth/rlp.hpp"

#include <string>

namespace ehr::eth::rlp {
namespace {

Error bad(const char* what) { return Error{Errc::bad_rlp, std::string("RLP: ") + what}; }

void append_length(Bytes& out, std::uint8_t short_base, std::uint8_t long_base, std::size_t len) {
  if (len < 56) {
    out.push_back(static_cast<std::uint8_t>(short_base + len));
    return;
  }
  std::uint8_t be[8];
  std::size_t n = 0;
  for (std::size_t v = len; v != 0; v >>= 8) be[n++] = static_cast<std::uint8_t>(v & 0xff);
  out.push_back(static_cast<std::uint8_t>(long_base + n));
  while (n > 0) out.push_back(be[--n]);
}

Result<Node> tree(ByteView in, std::size_t depth) {
  auto item = decode_exact(in);
  if (!item) return item.error();
  Node node;
  node.is_list = item.value().is_list;
  if (!node.is_list) {
    node.bytes.assign(item.value().payload.begin(), item.value().payload.end());
    return node;
  }
  if (depth >= kMaxDepth) return bad("nesting deeper than the limit");
  ByteView rest = item.value().payload;
  while (!rest.empty()) {
    std::size_t used = 0;
    auto child = decode_prefix(rest, used);
    if (!child) return child.error();
    auto sub = tree(rest.first(used), depth + 1);
    if (!sub) return sub.error();
    node.items.push_back(std::move(sub).value());
    rest = rest.subspan(used);
  }
  return node;
}

}  // namespace

Result<Item> decode_prefix(ByteView in, std::size_t& consumed) noexcept {
  consumed = 0;
  if (in.empty()) return bad("empty input");
  const std::uint8_t b0 = in[0];
  // Yellow Paper B: [0x00, 0x7f] a single byte; [0x80, 0xb7] a short string; [0xb8, 0xbf] a long
  // string; [0xc0, 0xf7] a short list; [0xf8, 0xff] a long list.
  if (b0 < 0x80) {
    consumed = 1;
    return Item{false, in.first(1)};
  }
  const bool is_list = b0 >= 0xc0;
  const std::uint8_t base = is_list ? 0xc0 : 0x80;
  std::size_t header = 1;
  std::size_t len = 0;
  if (b0 - base < 56) {
    len = static_cast<std::size_t>(b0 - base);
  } else {
    const std::size_t lenlen = static_cast<std::size_t>(b0 - base - 55);
    if (in.size() < 1 + lenlen) return bad("length of length runs past the input");
    if (in[1] == 0) return bad("long length has a leading zero byte");
    if (lenlen > sizeof(std::size_t)) return bad("length does not fit in memory");
    for (std::size_t i = 0; i < lenlen; ++i) len = (len << 8) | in[1 + i];
    if (len < 56) return bad("long form used for a length below 56");
    header = 1 + lenlen;
  }
  if (len > in.size() - header) return bad("payload runs past the input");
  if (!is_list && len == 1 && in[header] < 0x80) return bad("single byte below 0x80 must encode itself");
  consumed = header + len;
  return Item{is_list, in.subspan(header, len)};
}

Result<Item> decode_exact(ByteView in) noexcept {
  std::size_t used = 0;
  auto item = decode_prefix(in, used);
  if (!item) return item;
  if (used != in.size()) return bad("trailing bytes after the item");
  return item;
}

Result<std::vector<Item>> list_items(ByteView payload) {
  std::vector<Item> out;
  while (!payload.empty()) {
    std::size_t used = 0;
    auto item = decode_prefix(payload, used);
    if (!item) return item.error();
    out.push_back(item.value());
    payload = payload.subspan(used);
  }
  return out;
}

Result<U256> to_uint(const Item& item, std::size_t max_bytes, const char* what) {
  if (item.is_list) return Error{Errc::bad_rlp, std::string("RLP: ") + what + " must be a string, not a list"};
  if (!item.payload.empty() && item.payload[0] == 0)
    return Error{Errc::bad_rlp, std::string("RLP: ") + what + " has a leading zero byte"};
  if (item.payload.size() > max_bytes)
    return Error{Errc::bad_rlp,
                 std::string("RLP: ") + what + " is longer than " + std::to_string(max_bytes) + " bytes"};
  return U256::from_be(item.payload);
}

Result<Node> decode_tree(ByteView in) { return tree(in, 0); }

json_util::Json to_json(const Node& node) {
  if (!node.is_list) return json_util::hex0x(node.bytes);
  json_util::Json arr = json_util::Json::array();
  for (const auto& c : node.items) arr.push_back(to_json(c));
  return arr;
}

namespace {
Result<Node> from_json_at(const json_util::Json& j, std::size_t depth) {
  Node n;
  if (j.is_array()) {
    if (depth >= kMaxDepth) return bad("nesting deeper than the limit");
    n.is_list = true;
    for (const auto& c : j) {
      auto child = from_json_at(c, depth + 1);
      if (!child) return child;
      n.items.push_back(std::move(child).value());
    }
    return n;
  }
  auto b = json_util::get_bytes(j, "RLP item", Errc::bad_rlp);
  if (!b) return b.error();
  n.bytes = std::move(b).value();
  return n;
}
}  // namespace

Result<Node> from_json(const json_util::Json& j) { return from_json_at(j, 0); }

Bytes encode(const Node& node) {
  Bytes out;
  if (!node.is_list) {
    append_string(out, node.bytes);
    return out;
  }
  Bytes payload;
  for (const auto& child : node.items) {
    const Bytes enc = encode(child);
    payload.insert(payload.end(), enc.begin(), enc.end());
  }
  append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

void append_string(Bytes& out, ByteView s) {
  if (s.size() == 1 && s[0] < 0x80) {
    out.push_back(s[0]);
    return;
  }
  append_length(out, 0x80, 0xb7, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void append_uint(Bytes& out, const U256& v) {
  const auto be = v.to_be32();
  std::size_t i = 0;
  while (i < 32 && be[i] == 0) ++i;
  append_string(out, ByteView(be).subspan(i));
}

void append_u64(Bytes& out, std::uint64_t v) { append_uint(out, U256(v)); }

void append_list_header(Bytes& out, std::size_t payload_len) { append_length(out, 0xc0, 0xf7, payload_len); }

std::size_t header_size(std::size_t payload_len) noexcept {
  if (payload_len < 56) return 1;
  std::size_t n = 0;
  for (std::size_t v = payload_len; v != 0; v >>= 8) ++n;
  return 1 + n;
}

Bytes wrap_list(ByteView payload) {
  Bytes out;
  out.reserve(header_size(payload.size()) + payload.size());
  append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

}  // namespace ehr::eth::rlp
