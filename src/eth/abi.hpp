// The contract ABI codec (Solidity ABI specification, "Formal Specification of the Encoding"):
// types parsed from canonical strings or JSON ABI parameters, values as JSON (docs/eth.md), strict
// decoding.
//
// Values in JSON: uint<N>/int<N> as decimal strings (also "0x" hex, "-" for negatives, or JSON
// integers), address as "0x" + 40 hex digits (EIP-55 checked when mixed case), bool as true/false,
// bytes<N> and bytes as "0x" hex, string as a JSON string, arrays as JSON arrays, tuples as JSON
// arrays (positional) or objects keyed by component name. Decoded values use the same forms, with
// integers always as decimal strings and addresses in EIP-55 form.
//
// Strict decoding (this codec's one mode): every read lies inside the data; offsets and lengths
// are bounded by the data; no byte is read twice (the bytes read never exceed the data size, so a
// small input cannot inflate into a huge value); padding is checked: uint<N> high bits zero,
// int<N> properly sign-extended, address high 12 bytes zero, bool 0 or 1, bytes<N> low bytes zero,
// bytes/string padding zero; strings must be valid UTF-8. Trailing data after the encoded values
// is allowed (as Solidity's abi.decode does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "eth/json_util.hpp"

namespace ehr::eth::abi {

using json_util::Json;

/// Nesting limit of array and tuple types (deeper types are rejected with bad_abi).
inline constexpr std::size_t kMaxTypeDepth = 32;

enum class Kind : std::uint8_t { uint_, int_, address, bool_, fixed_bytes, bytes, string, array, tuple };

struct Type {
  Kind kind = Kind::uint_;
  unsigned size = 0;                  ///< uint/int: bits 8..256; fixed_bytes: 1..32 bytes
  std::optional<std::size_t> length;  ///< array: fixed length; empty for T[]
  std::vector<Type> components;       ///< tuple: members; array: the one element type
  std::vector<std::string> names;     ///< tuple: member names (may be empty)

  /// True for bytes, string, T[], and arrays/tuples containing a dynamic type.
  [[nodiscard]] bool is_dynamic() const noexcept;
  /// Bytes the type takes in the head of its enclosing tuple (32 for dynamic types).
  [[nodiscard]] std::size_t head_size() const noexcept;
  /// Canonical form used in signatures: "uint256", "(address,bytes)[2]".
  [[nodiscard]] std::string canonical() const;
};

/// Parses a canonical type string ("uint256", "bytes32[]", "(uint8,(bool,string))[3]"; "uint" and
/// "int" are aliases of the 256-bit types). Fails with bad_abi (unknown type, bad size, nesting
/// past kMaxTypeDepth) or unsupported (fixed, ufixed, function).
[[nodiscard]] Result<Type> parse_type(std::string_view text);

/// A type from a JSON ABI parameter {"type": "tuple[]", "components": [...], "name": ...}.
[[nodiscard]] Result<Type> type_from_json(const Json& param);

/// A list of types from a JSON array whose entries are canonical type strings or JSON ABI
/// parameters. Fails with bad_abi.
[[nodiscard]] Result<std::vector<Type>> types_from_json(const Json& list);

/// Encodes `values` (a JSON array, one entry per type) as the tuple of `types`.
/// Fails with abi_value naming the offending value (range, length, form).
[[nodiscard]] Result<Bytes> encode(const std::vector<Type>& types, const Json& values);

/// Decodes `data` as the tuple of `types` (strict, see above) into a JSON array.
/// Fails with bad_abi describing the violation.
[[nodiscard]] Result<Json> decode(const std::vector<Type>& types, ByteView data);

/// A parameter of a fragment.
struct Param {
  std::string name;
  Type type;
  bool indexed = false;  ///< events only
};

enum class FragmentKind : std::uint8_t { function, event, error, constructor, fallback, receive };

struct Fragment {
  FragmentKind kind = FragmentKind::function;
  std::string name;
  std::vector<Param> inputs;
  std::vector<Param> outputs;  ///< functions only
  std::string state_mutability;
  bool anonymous = false;  ///< events only
  std::string signature;   ///< "transfer(address,uint256)"
  Hash32 hash{};           ///< keccak256(signature): topic 0 of an event; first 4 bytes: selector
};

/// The decoded revert reason of a call.
struct Revert {
  std::string name;       ///< "Error", "Panic" or the custom error's name
  std::string signature;  ///< "Error(string)", ...
  FixedBytes<4> selector{};
  Json args;  ///< decoded arguments (JSON array)
  /// Error(string): the reason; Panic(uint256): what the code means; custom errors: empty.
  std::string message;
};

/// A contract interface built from its ABI JSON (an array of fragments, or an object with an
/// "abi" array as compilers emit it).
class Interface {
 public:
  /// Parses the ABI. Fails with bad_json or bad_abi (unknown fragment or type, bad components).
  [[nodiscard]] static Result<Interface> from_json(const Json& abi);
  [[nodiscard]] static Result<Interface> parse(std::string_view abi_json);

  [[nodiscard]] const std::vector<Fragment>& fragments() const noexcept { return fragments_; }

  /// A function, event or error by name ("transfer"; ambiguous when overloaded), full signature
  /// ("transfer(address,uint256)") or, for functions and errors, "0x" + 4-byte selector (events:
  /// "0x" + 32-byte topic). Fails with bad_abi when absent or ambiguous.
  [[nodiscard]] Result<const Fragment*> find(FragmentKind kind, std::string_view key) const;
  /// The constructor (a default one without inputs when the ABI has none).
  [[nodiscard]] const Fragment& constructor() const noexcept { return constructor_; }

  /// selector || encode(inputs, args). `args` is a JSON array.
  [[nodiscard]] Result<Bytes> encode_function_data(std::string_view function, const Json& args) const;
  /// Decodes call data (selector checked) into the function's inputs.
  [[nodiscard]] Result<Json> decode_function_data(std::string_view function, ByteView data) const;
  /// Encodes a function's return values (as a contract would).
  [[nodiscard]] Result<Bytes> encode_function_result(std::string_view function, const Json& values) const;
  /// Decodes the return data of a call to `function`.
  [[nodiscard]] Result<Json> decode_function_result(std::string_view function, ByteView data) const;
  /// Encodes constructor arguments (appended to the creation bytecode).
  [[nodiscard]] Result<Bytes> encode_deploy(const Json& args) const;
  /// Encodes a custom error's payload: selector || encode(inputs, args).
  [[nodiscard]] Result<Bytes> encode_error_result(std::string_view error, const Json& args) const;

  /// Topics to filter logs of `event`: topic 0 (unless anonymous), then one entry per indexed
  /// input in `values` (a JSON array, null = any). Dynamic values are hashed (keccak256 of their
  /// in-place encoding, as Solidity does). Returns a JSON array of "0x" hex strings or nulls.
  [[nodiscard]] Result<Json> encode_event_topics(std::string_view event, const Json& values) const;

  /// Decodes a log of `event` (or, when `event` is empty, of the event whose topic 0 matches):
  /// returns {"name", "signature", "args": [...]} with args in input order; an indexed dynamic
  /// value (string, bytes, array, tuple) decodes to {"hash": "0x..."}, as only its hash is in the
  /// log. Fails with bad_abi (topic 0 mismatch, wrong topic count, bad data).
  [[nodiscard]] Result<Json> decode_event_log(std::string_view event, const std::vector<Hash32>& topics,
                                              ByteView data) const;

  /// Decodes revert data: Error(string), Panic(uint256) or one of this ABI's custom errors.
  /// Fails with bad_abi for an unknown selector or a malformed payload.
  [[nodiscard]] Result<Revert> decode_error(ByteView data) const;

  /// A JSON description of every fragment with its signature, selector/topic and parameter types
  /// as trees ({"kind", "bits"|"size"|"length", "child"|"components"}), used by the JS API.
  [[nodiscard]] Json describe() const;

 private:
  std::vector<Fragment> fragments_;
  Fragment constructor_;
};

/// Decodes the standard revert payloads only (Error(string) and Panic(uint256)); no ABI needed.
[[nodiscard]] Result<Revert> decode_standard_error(ByteView data);

/// The JSON description of one type (see Interface::describe()).
[[nodiscard]] Json describe_type(const Type& type);

/// 4-byte selector of a canonical signature.
[[nodiscard]] FixedBytes<4> selector(std::string_view signature);

}  // namespace ehr::eth::abi
