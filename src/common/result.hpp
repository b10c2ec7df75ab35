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
// append new codes, never renumber. X(enumerator, number, "NAME", kind) where kind tells the JS
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
  X(bad_handle, 11, "ERR_BAD_HANDLE", 'E')

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
  Result(T value) : v_(std::move(value)) {}               // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}           // NOLINT
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
