// RLP (Ethereum Yellow Paper, appendix B): strict decoding and encoding.
//
// Strict means: the shortest form is the only accepted one. A single byte below 0x80 is its own
// encoding (0x81 0x05 is rejected); long-form lengths (0xb8..0xbf, 0xf8..0xff) have no leading
// zero byte and are at least 56; every length stays inside the input; and a whole-input decode
// must consume every byte. Integers (decoded by the callers from string items) must have no
// leading zero byte.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "eth/json_util.hpp"
#include "eth/u256.hpp"

namespace ehr::eth::rlp {

/// Nesting limit of decode_tree(): deeper input is rejected with bad_rlp (keeps recursion, and
/// the stack of the WASM module, bounded on hostile input).
inline constexpr std::size_t kMaxDepth = 128;

/// One decoded item: a byte string or a list, viewing its payload inside the input.
struct Item {
  bool is_list = false;
  ByteView payload;  ///< string bytes, or the concatenated encodings of the list's items
};

/// Decodes the item at the start of `in`; `consumed` receives its encoded length.
/// Fails with bad_rlp on any non-canonical header or a length past the end of `in`.
[[nodiscard]] Result<Item> decode_prefix(ByteView in, std::size_t& consumed) noexcept;

/// Decodes exactly one item spanning all of `in` (trailing bytes are an error, bad_rlp).
[[nodiscard]] Result<Item> decode_exact(ByteView in) noexcept;

/// Splits a list payload into its items (each strictly decoded; bad_rlp otherwise).
[[nodiscard]] Result<std::vector<Item>> list_items(ByteView payload);

/// A byte string item as an unsigned integer of at most `max_bytes` bytes (<= 32): no leading
/// zero byte (0 is the empty string). Fails with bad_rlp for a list, a leading zero or too many
/// bytes; `what` names the field in the message.
[[nodiscard]] Result<U256> to_uint(const Item& item, std::size_t max_bytes, const char* what);

/// A decoded tree (owning copy), for generic decoding and round trips.
struct Node {
  bool is_list = false;
  Bytes bytes;              ///< when !is_list
  std::vector<Node> items;  ///< when is_list
};

/// Decodes all of `in` into a tree (at most kMaxDepth levels of lists). Fails with bad_rlp.
[[nodiscard]] Result<Node> decode_tree(ByteView in);

/// Canonical encoding of a tree.
[[nodiscard]] Bytes encode(const Node& node);

/// A tree as JSON: byte strings as "0x" hex, lists as arrays.
[[nodiscard]] json_util::Json to_json(const Node& node);
/// A tree from JSON: "0x" hex strings and arrays (at most kMaxDepth levels). Fails with bad_rlp.
[[nodiscard]] Result<Node> from_json(const json_util::Json& j);

// ---- building encodings ---------------------------------------------------------------------
/// Appends the encoding of the byte string `s`.
void append_string(Bytes& out, ByteView s);
/// Appends the encoding of an unsigned integer (minimal big-endian bytes; 0 is the empty string).
void append_uint(Bytes& out, const U256& v);
void append_u64(Bytes& out, std::uint64_t v);
/// Appends a list header for a payload of `payload_len` bytes (the payload follows).
void append_list_header(Bytes& out, std::size_t payload_len);
/// Size of the header of a string or list whose payload is `payload_len` bytes.
[[nodiscard]] std::size_t header_size(std::size_t payload_len) noexcept;

/// Wraps an already encoded list payload: header + payload.
[[nodiscard]] Bytes wrap_list(ByteView payload);

}  // namespace ehr::eth::rlp
