#include "records/secretstream.hpp"

#include <cstring>

#include "crypto/secret.hpp"
#include "records/chacha20_xor.hpp"

namespace ehr::records {
namespace {

constexpr std::uint8_t kPad0[16] = {0};
constexpr std::size_t kCounterBytes = 4;  // state.nonce[0..4): the 32-bit block counter
constexpr std::size_t kInonceBytes = 8;   // state.nonce[4..12)

void store64_le(std::uint8_t out[8], std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// The MAC of one chunk, as libsodium computes it (secretstream_xchacha20poly1305.c): Poly1305
// keyed by keystream block 0 over ad, padding, the encrypted tag block (block 1), the ciphertext,
// libsodium's padding of it ((0x10 - 64 + mlen) & 0xf bytes, kept as is: it is the format), and
// both lengths.
void chunk_mac(const SecretstreamState& st, const std::uint8_t* ad, std::size_t adlen, const std::uint8_t block[64],
               const std::uint8_t* c, std::size_t mlen, std::uint8_t mac[16]) {
  crypto_onetimeauth_poly1305_state poly;
  std::uint8_t key_block[64];
  crypto_stream_chacha20_ietf(key_block, sizeof key_block, st.nonce, st.k);
  crypto_onetimeauth_poly1305_init(&poly, key_block);
  crypto::wipe(key_block, sizeof key_block);
  crypto_onetimeauth_poly1305_update(&poly, ad, adlen);
  crypto_onetimeauth_poly1305_update(&poly, kPad0, (0x10 - adlen) & 0xf);
  crypto_onetimeauth_poly1305_update(&poly, block, 64);
  crypto_onetimeauth_poly1305_update(&poly, c, mlen);
  crypto_onetimeauth_poly1305_update(&poly, kPad0, (0x10 - 64ull + mlen) & 0xf);
  std::uint8_t slen[8];
  store64_le(slen, adlen);
  crypto_onetimeauth_poly1305_update(&poly, slen, sizeof slen);
  store64_le(slen, 64ull + mlen);
  crypto_onetimeauth_poly1305_update(&poly, slen, sizeof slen);
  crypto_onetimeauth_poly1305_final(&poly, mac);
  crypto::wipe(&poly, sizeof poly);
}

// After a chunk: inonce ^= mac[0..8), counter += 1, rekey on TAG_REKEY or counter wrap.
void advance(SecretstreamState& st, const std::uint8_t mac[16], std::uint8_t tag) {
  for (std::size_t i = 0; i < kInonceBytes; ++i) st.nonce[kCounterBytes + i] ^= mac[i];
  sodium_increment(st.nonce, kCounterBytes);
  if ((tag & crypto_secretstream_xchacha20poly1305_TAG_REKEY) != 0 || sodium_is_zero(st.nonce, kCounterBytes)) {
    crypto_secretstream_xchacha20poly1305_rekey(&st);
  }
}

}  // namespace

void secretstream_push(SecretstreamState& st, std::uint8_t* out, const std::uint8_t* m, std::size_t mlen,
                       const std::uint8_t* ad, std::size_t adlen, std::uint8_t tag) noexcept {
  std::uint8_t block[64] = {0};
  block[0] = tag;
  crypto_stream_chacha20_ietf_xor_ic(block, block, sizeof block, st.nonce, 1U, st.k);
  out[0] = block[0];
  std::uint8_t* c = out + 1;
  chacha20_ietf_xor_ic(c, m, mlen, st.nonce, 2U, st.k);
  std::uint8_t* mac = c + mlen;
  chunk_mac(st, ad, adlen, block, c, mlen, mac);
  advance(st, mac, tag);
  crypto::wipe(block, sizeof block);
}

bool secretstream_pull(SecretstreamState& st, std::uint8_t* m, std::uint8_t* tag, const std::uint8_t* in,
                       std::size_t inlen, const std::uint8_t* ad, std::size_t adlen) noexcept {
  if (inlen < crypto_secretstream_xchacha20poly1305_ABYTES) return false;
  const std::size_t mlen = inlen - crypto_secretstream_xchacha20poly1305_ABYTES;
  std::uint8_t block[64] = {0};
  block[0] = in[0];
  crypto_stream_chacha20_ietf_xor_ic(block, block, sizeof block, st.nonce, 1U, st.k);
  const std::uint8_t chunk_tag = block[0];
  block[0] = in[0];
  const std::uint8_t* c = in + 1;
  std::uint8_t mac[16];
  chunk_mac(st, ad, adlen, block, c, mlen, mac);
  crypto::wipe(block, sizeof block);
  if (sodium_memcmp(mac, c + mlen, sizeof mac) != 0) {
    crypto::wipe(mac, sizeof mac);
    return false;
  }
  chacha20_ietf_xor_ic(m, c, mlen, st.nonce, 2U, st.k);
  advance(st, mac, chunk_tag);
  *tag = chunk_tag;
  return true;
}

}  // namespace ehr::records
