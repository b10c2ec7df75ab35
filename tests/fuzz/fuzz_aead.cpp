// Fuzz target: decryption of untrusted ciphertexts: XChaCha20-Poly1305, ChaCha20-Poly1305 and
// sealed boxes. Properties: foreign bytes never authenticate (a forgery would need the key), a
// failed decryption leaves zeros, and encrypt-then-decrypt of the input round-trips.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"

namespace aead = ehr::crypto::aead;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ehr::crypto::SecretKey32 key;
  for (std::size_t i = 0; i < 32; ++i) key.data()[i] = static_cast<std::uint8_t>(0xa0 + i);
  std::uint8_t nonce[24] = {1, 2, 3};
  const ehr::ByteView in(data, size);
  const ehr::ByteView ad = in.first(size < 8 ? size : 8);
  for (auto cipher : {aead::Cipher::chacha20poly1305, aead::Cipher::xchacha20poly1305}) {
    const ehr::ByteView n(nonce, aead::nonce_size(cipher));
    // Foreign ciphertext.
    if (size >= aead::kTagSize) {
      std::vector<std::uint8_t> out(size - aead::kTagSize, 0xee);
      if (aead::decrypt(cipher, out, in, ad, n, key).ok()) std::abort();
      for (auto b : out)
        if (b != 0) std::abort();
    }
    // Round trip.
    std::vector<std::uint8_t> ct(size + aead::kTagSize), pt(size);
    if (!aead::encrypt(cipher, ct, in, ad, n, key).ok()) std::abort();
    if (!aead::decrypt(cipher, pt, ct, ad, n, key).ok()) std::abort();
    if (pt != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
  }
  // Sealed boxes: a fixed recipient; foreign boxes never open.
  std::uint8_t seed[32] = {9};
  const auto recipient = ehr::crypto::x25519::from_seed(seed);
  if (size >= ehr::crypto::sealed_box::kOverhead) {
    std::vector<std::uint8_t> out(size - ehr::crypto::sealed_box::kOverhead);
    if (ehr::crypto::sealed_box::open(out, in, recipient).ok()) std::abort();
  }
  std::vector<std::uint8_t> box(size + ehr::crypto::sealed_box::kOverhead), back(size);
  if (!ehr::crypto::sealed_box::seal(box, in, recipient.public_key).ok()) std::abort();
  if (!ehr::crypto::sealed_box::open(back, box, recipient).ok()) std::abort();
  if (back != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
  return 0;
}
