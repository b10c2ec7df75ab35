// Fuzz target: SLIP-0039 share mnemonics and sets of them. The input is one or more mnemonics,
// one per line. Every mnemonic that decodes re-encodes to a mnemonic that decodes to the same
// share (and is already in canonical form the second time); the decoded shares are then checked
// and interpolated as a set, and a set that recovers an encrypted master secret with exponent 0
// decrypts and re-encrypts to the same bytes.
// An input that starts with a NUL byte (never valid text) is instead a list of binary shares
// (10 bytes of fields as ehr_slip39_decode writes them, then the value), each encoded to a
// mnemonic with a valid checksum first, so that the set checks and the interpolation see shares
// random text would almost never reach past RS1024.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "recovery/slip39.hpp"

namespace s39 = ehr::recovery::slip39;

namespace {

std::string_view text(const ehr::crypto::SecretBytes& b) {
  return {reinterpret_cast<const char*>(b.view().data()), b.size()};
}

bool same(const s39::Share& a, const s39::Share& b) {
  return a.identifier == b.identifier && a.extendable == b.extendable && a.iteration_exponent == b.iteration_exponent &&
         a.group_index == b.group_index && a.group_threshold == b.group_threshold && a.group_count == b.group_count &&
         a.member_index == b.member_index && a.member_threshold == b.member_threshold && a.value_size == b.value_size &&
         std::memcmp(a.value.data(), b.value.data(), a.value_size) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<s39::Share> shares;
  const bool binary = size > 0 && data[0] == 0;
  for (std::size_t at = 1; binary && at + 10 <= size && shares.size() < 40;) {
    const std::uint8_t* f = data + at;
    s39::Share s;
    s.identifier = static_cast<std::uint16_t>(f[0] | ((f[1] & 0x7f) << 8));
    s.extendable = (f[2] & 1) != 0;
    s.iteration_exponent = f[3] & 15;
    s.group_index = f[4] & 15;
    s.group_threshold = f[5];
    s.group_count = f[6];
    s.member_index = f[7] & 15;
    s.member_threshold = f[8];
    const std::size_t n = std::min<std::size_t>({f[9], size - at - 10, s39::kMaxSecretSize});
    s.value_size = f[9];
    std::memcpy(s.value.data(), f + 10, n);
    at += 10 + n;
    auto m = s39::encode(s);
    if (!m.ok()) continue;
    auto again = s39::decode(text(m.value()));
    if (!again.ok() || !same(s, again.value())) std::abort();
    shares.push_back(std::move(s));
  }
  for (std::size_t at = 0; !binary && at <= input.size() && shares.size() < 40;) {
    std::size_t end = input.find('\n', at);
    if (end == std::string_view::npos) end = input.size();
    auto s = s39::decode(input.substr(at, end - at));
    at = end + 1;
    if (!s.ok()) continue;
    auto m = s39::encode(s.value());
    if (!m.ok()) std::abort();
    auto again = s39::decode(text(m.value()));
    if (!again.ok() || !same(s.value(), again.value())) std::abort();
    auto m2 = s39::encode(again.value());
    if (!m2.ok() || text(m2.value()) != text(m.value())) std::abort();
    shares.push_back(std::move(s).value());
  }
  if (shares.empty()) return 0;
  auto ems = s39::recover_encrypted(shares);
  if (ems.ok() && shares[0].iteration_exponent == 0) {
    const auto& s = shares[0];
    auto ms = s39::decrypt(ems.value().view(), {}, 0, s.identifier, s.extendable);
    if (!ms.ok()) std::abort();
    auto back = s39::encrypt(ms.value().view(), {}, 0, s.identifier, s.extendable);
    if (!back.ok() || back.value().size() != ems.value().size() ||
        std::memcmp(back.value().view().data(), ems.value().view().data(), ems.value().size()) != 0)
      std::abort();
  }
  return 0;
}
