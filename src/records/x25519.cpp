#include "records/x25519.hpp"

#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"

namespace ehr::records {

Result<X25519Public> x25519_public_key(const crypto::Secret<32>& secret) noexcept {
  return crypto::x25519::from_secret_key(secret).public_key;
}

crypto::Secret<32> x25519_generate() noexcept { return std::move(crypto::x25519::generate().secret_key); }

Result<Bytes> seal(ByteView message, const X25519Public& recipient) {
  Bytes out(message.size() + kSealOverhead);
  auto st = crypto::sealed_box::seal(out, message, recipient);
  if (!st) return st.error();
  return out;
}

Result<crypto::SecretBytes> seal_open(ByteView sealed, const crypto::Secret<32>& secret) {
  if (sealed.size() < kSealOverhead) return Error{Errc::bad_length, "sealed box shorter than 48 bytes"};
  crypto::x25519::KeyPair kp = crypto::x25519::from_secret_key(secret);
  crypto::SecretBytes out(sealed.size() - kSealOverhead);
  auto st = crypto::sealed_box::open(out.mut(), sealed, kp);
  if (!st) return Error{Errc::auth_failed, "sealed box does not open with this key"};
  return out;
}

}  // namespace ehr::records
