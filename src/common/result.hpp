// Result<T>: the value of an operation that can fail for expected reasons (bad input, failed
// verification), or an Error with a stable code. The core never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ehr {

// Stable error codes. The numbers and names cross the WASM boundary and are part of the JS API:
// append new codes, never renumber. Each area has a block of numbers (see the comments below):
// add a new code at the end of its area's block. X(enumerator, number, "NAME", kind) where kind tells the JS
// glue which error class to raise: 'R' RangeError (a length), 'E' EhrError (a crypto or format
// failure).
#define EHR_ERROR_CODES(X)                                   \
  X(ok, 0, "OK", 'E')                                        \
  X(bad_length, 1, "ERR_BAD_LENGTH", 'R')                    \
  X(bad_argument, 2, "ERR_BAD_ARGUMENT", 'E')                \
  X(invalid_private_key, 3, "ERR_INVALID_PRIVATE_KEY", 'E')  \
  X(invalid_public_key, 4, "ERR_INVALID_PUBLIC_KEY", 'E')    \
  X(invalid_signature, 5, "ERR_INVALID_SIGNATURE", 'E')      \
  X(recovery_failed, 6, "ERR_RECOVERY_FAILED", 'E')          \
  X(bad_encoding, 7, "ERR_BAD_ENCODING", 'E')                \
  X(bad_checksum, 8, "ERR_BAD_CHECKSUM", 'E')                \
  X(internal, 9, "ERR_INTERNAL", 'E')                        \
  X(out_of_memory, 10, "ERR_OUT_OF_MEMORY", 'E')             \
  X(bad_handle, 11, "ERR_BAD_HANDLE", 'E')                   \
  X(unsupported, 12, "ERR_UNSUPPORTED", 'E')                 \
  X(too_large, 13, "ERR_TOO_LARGE", 'R')                     \
  X(bad_json, 14, "ERR_BAD_JSON", 'E')                       \
  /* crypto: 20-39 */                                        \
  X(auth_failed, 20, "ERR_AUTH_FAILED", 'E')                 \
  X(bad_kdf_params, 21, "ERR_BAD_KDF_PARAMS", 'E')           \
  X(stream_truncated, 22, "ERR_STREAM_TRUNCATED", 'E')       \
  X(stream_state, 23, "ERR_STREAM_STATE", 'E')               \
  /* eth: 40-69 */                                           \
  X(bad_rlp, 40, "ERR_BAD_RLP", 'E')                         \
  X(bad_transaction, 41, "ERR_BAD_TRANSACTION", 'E')         \
  X(bad_abi, 42, "ERR_BAD_ABI", 'E')                         \
  X(abi_value, 43, "ERR_ABI_VALUE", 'E')                     \
  X(bad_typed_data, 44, "ERR_BAD_TYPED_DATA", 'E')           \
  X(bad_mnemonic, 45, "ERR_BAD_MNEMONIC", 'E')               \
  X(bad_derivation_path, 46, "ERR_BAD_DERIVATION_PATH", 'E') \
  X(bad_keystore, 47, "ERR_BAD_KEYSTORE", 'E')               \
  X(wrong_password, 48, "ERR_WRONG_PASSWORD", 'E')           \
  /* ipfs: 70-89 */                                          \
  X(bad_cid, 70, "ERR_BAD_CID", 'E')                         \
  X(bad_multibase, 71, "ERR_BAD_MULTIBASE", 'E')             \
  X(bad_multihash, 72, "ERR_BAD_MULTIHASH", 'E')             \
  X(bad_dag_pb, 73, "ERR_BAD_DAG_PB", 'E')                   \
  X(bad_unixfs, 74, "ERR_BAD_UNIXFS", 'E')                   \
  X(bad_car, 75, "ERR_BAD_CAR", 'E')                         \
  X(hash_mismatch, 76, "ERR_HASH_MISMATCH", 'E')             \
  X(cid_mismatch, 77, "ERR_CID_MISMATCH", 'E')               \
  X(gateway_failed, 78, "ERR_GATEWAY_FAILED", 'E')           \
  X(timeout, 79, "ERR_TIMEOUT", 'E')                         \
  X(block_missing, 80, "ERR_BLOCK_MISSING", 'E')             \
  X(not_a_file, 81, "ERR_NOT_A_FILE", 'E')                   \
  X(upload_failed, 82, "ERR_UPLOAD_FAILED", 'E')             \
  X(path_not_found, 83, "ERR_PATH_NOT_FOUND", 'E')           \
  /* records: 90-109 */                                      \
  X(bad_envelope, 90, "ERR_BAD_ENVELOPE", 'E')               \
  X(unknown_version, 91, "ERR_UNKNOWN_VERSION", 'E')         \
  X(no_recipient, 92, "ERR_NO_RECIPIENT", 'E')               \
  X(bad_fhir, 93, "ERR_BAD_FHIR", 'E')                       \
  X(bad_grant, 94, "ERR_BAD_GRANT", 'E')                     \
  X(bad_index, 95, "ERR_BAD_INDEX", 'E')                     \
  X(bad_key_wrap, 96, "ERR_BAD_KEY_WRAP", 'E')               \
  /* recovery: 110-129 */                                    \
  X(bad_share_set, 110, "ERR_BAD_SHARE_SET", 'E')            \
  X(too_few_shares, 111, "ERR_TOO_FEW_SHARES", 'E')          \
  X(bad_share_digest, 112, "ERR_BAD_SHARE_DIGEST", 'E')

enum class Errc : std::uint16_t {
#define EHR_X(e, n, name, kind) e = n,
  EHR_ERROR_CODES(EHR_X)
#undef EHR_X
};

/// The stable name of a code ("ERR_BAD_LENGTH"), or "ERR_UNKNOWN".
std::string_view errc_name(Errc code) noexcept;
/// 'R' when the JS glue raises RangeError for this code, 'E' for EhrError.
char errc_kind(Errc code) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  Result(Errc code, std::string message) : v_(Error{code, std::move(message)}) {}

  [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<T>(v_); }
  explicit operator bool() const noexcept { return ok(); }
  /// The value; only call when ok().
  [[nodiscard]] T& value() & noexcept { return *std::get_if<T>(&v_); }
  [[nodiscard]] const T& value() const& noexcept { return *std::get_if<T>(&v_); }
  [[nodiscard]] T&& value() && noexcept { return std::move(*std::get_if<T>(&v_)); }
  /// The error; only call when !ok().
  [[nodiscard]] const Error& error() const noexcept { return *std::get_if<Error>(&v_); }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation with no value.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace ehr
