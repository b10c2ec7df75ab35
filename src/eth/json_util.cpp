#include "eth/json_util.hpp"

#include "common/hex.hpp"
#include "eth/address.hpp"

namespace ehr::eth::json_util {

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Result<U256> get_uint(const Json& v, const char* what, Errc code) {
  if (v.is_number_unsigned()) return U256(v.get<std::uint64_t>());
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (i >= 0) return U256(static_cast<std::uint64_t>(i));
    return Error{code, std::string(what) + " must not be negative"};
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    auto r = U256::parse(s);
    if (!r) return Error{code, std::string(what) + ": " + r.error().message};
    return r;
  }
  return Error{code, std::string(what) + " must be an integer (decimal string, 0x hex string or number)"};
}

Result<Bytes> get_bytes(const Json& v, const char* what, Errc code) {
  if (!v.is_string()) return Error{code, std::string(what) + " must be a 0x-prefixed hex string"};
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    return Error{code, std::string(what) + " must be a 0x-prefixed hex string"};
  auto r = from_hex(s);
  if (!r) return Error{code, std::string(what) + ": " + r.error().message};
  return r;
}

Result<Address20> get_address(const Json& v, const char* what, Errc code) {
  if (!v.is_string()) return Error{code, std::string(what) + " must be an address string"};
  auto r = parse_address(v.get_ref<const std::string&>(), false);
  if (!r) return Error{code, std::string(what) + ": " + r.error().message};
  return r;
}

std::string hex0x(ByteView bytes) { return "0x" + to_hex(bytes); }

bool is_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1fU;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0fU;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fU);
    }
    const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

const Json* member(const Json& obj, const char* key) noexcept {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

}  // namespace ehr::eth::json_util
