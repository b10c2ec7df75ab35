// HMAC, RFC 2104 section 2: H((K0 ^ opad) || H((K0 ^ ipad) || text)), where K0 is the key padded
// with zeros to the block size, or H(key) padded when the key is longer than a block.
#include "crypto/hmac.hpp"

#include <sodium.h>

#include <array>

namespace ehr::crypto {

template <class H, std::size_t N>
Hmac<H, N>::Hmac(ByteView key) noexcept {
  constexpr std::size_t B = H::kBlockSize;
  std::array<std::uint8_t, B> pad{};
  if (key.size() > B) {
    H h;
    h.update(key);
    auto d = h.final();
    for (std::size_t i = 0; i < d.size(); ++i) pad[i] = d[i];
    wipe(d.data(), d.size());
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key[i];
  }
  for (auto& b : pad) b ^= 0x36;  // ipad
  inner_.update(pad);
  for (auto& b : pad) b ^= 0x36 ^ 0x5c;  // opad
  outer_.update(pad);
  wipe(pad.data(), pad.size());
}

template <class H, std::size_t N>
Secret<N> Hmac<H, N>::final() noexcept {
  auto inner = inner_.final();
  outer_.update(inner);
  wipe(inner.data(), inner.size());
  auto tag = outer_.final();
  Secret<N> out(tag);
  wipe(tag.data(), tag.size());
  return out;
}

template class Hmac<Sha256, 32>;
template class Hmac<Sha512, 64>;

Secret<32> hmac_sha256(ByteView key, ByteView data) noexcept {
  HmacSha256 m(key);
  m.update(data);
  return m.final();
}

Secret<64> hmac_sha512(ByteView key, ByteView data) noexcept {
  HmacSha512 m(key);
  m.update(data);
  return m.final();
}

bool tag_matches(ByteView computed, ByteView expected, std::size_t min_len) noexcept {
  if (expected.size() < min_len || expected.size() > computed.size() || expected.empty()) return false;
  return sodium_memcmp(computed.data(), expected.data(), expected.size()) == 0;
}

}  // namespace ehr::crypto
