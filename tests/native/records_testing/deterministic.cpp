#include "deterministic.hpp"

#include <sodium.h>

#include <algorithm>

#include "records/envelope_writer_build.hpp"

namespace ehr::records::testing {
namespace {

class FixedEntropy {
 public:
  explicit FixedEntropy(const FixedInputs& in) : in_(in) {}
  void content_key(crypto::Secret<32>& out) { std::copy(in_.content_key.begin(), in_.content_key.end(), out.data()); }
  void wrap_nonce(FixedBytes<24>& out) {
    if (nonce_ < in_.wrap_nonces.size()) out = in_.wrap_nonces[nonce_];
    ++nonce_;
  }
  Status seal(std::uint8_t* out80, const crypto::Secret<32>& content_key, const X25519Public& pk) {
    if (eph_ >= in_.ephemeral_secrets.size()) return Error{Errc::bad_argument, "missing ephemeral secret"};
    auto sealed = seal_with_ephemeral(content_key.view(), pk, in_.ephemeral_secrets[eph_++]);
    if (!sealed) return sealed.error();
    std::copy(sealed.value().begin(), sealed.value().end(), out80);
    return ok_status();
  }
  void init_stream(crypto_secretstream_xchacha20poly1305_state& st, std::uint8_t* header24,
                   const crypto::Secret<32>& content_key) {
    // init_pull derives exactly the state init_push derives from the same header (HChaCha20 of
    // the key and header[0..16], counter 1, inonce = header[16..24]), without drawing randomness.
    std::copy(in_.stream_header.begin(), in_.stream_header.end(), header24);
    crypto_secretstream_xchacha20poly1305_init_pull(&st, header24, content_key.data());
  }

 private:
  const FixedInputs& in_;
  std::size_t nonce_ = 0;
  std::size_t eph_ = 0;
};

}  // namespace

Result<EnvelopeWriter> deterministic_writer(const WriterParams& params, const FixedInputs& inputs) {
  if (inputs.wrap_nonces.size() < params.chart_keys.size()) return Error{Errc::bad_argument, "missing wrap nonce"};
  FixedEntropy e(inputs);
  return detail::build_writer(params, e);
}

Result<Bytes> deterministic_envelope(ByteView plaintext, const WriterParams& params, const FixedInputs& inputs,
                                     std::size_t piece) {
  auto w = deterministic_writer(params, inputs);
  if (!w) return w.error();
  Bytes out(w.value().header().begin(), w.value().header().end());
  const std::size_t step = piece == 0 ? std::max<std::size_t>(plaintext.size(), 1) : piece;
  for (std::size_t off = 0; off < plaintext.size(); off += step) {
    auto c = w.value().push(plaintext.subspan(off, std::min(step, plaintext.size() - off)));
    if (!c) return c.error();
    out.insert(out.end(), c.value().begin(), c.value().end());
  }
  auto tail = w.value().finish();
  if (!tail) return tail.error();
  out.insert(out.end(), tail.value().begin(), tail.value().end());
  return out;
}

Result<Bytes> seal_with_ephemeral(ByteView message, const FixedBytes<32>& pk, const FixedBytes<32>& esk) {
  Bytes out(crypto_box_PUBLICKEYBYTES + crypto_box_MACBYTES + message.size());
  if (crypto_scalarmult_curve25519_base(out.data(), esk.data()) != 0) {
    return Error{Errc::invalid_private_key, "bad ephemeral secret"};
  }
  FixedBytes<crypto_box_NONCEBYTES> nonce{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, nonce.size());
  crypto_generichash_update(&st, out.data(), crypto_box_PUBLICKEYBYTES);
  crypto_generichash_update(&st, pk.data(), pk.size());
  crypto_generichash_final(&st, nonce.data(), nonce.size());
  if (crypto_box_easy(out.data() + crypto_box_PUBLICKEYBYTES, message.data(), message.size(), nonce.data(), pk.data(),
                      esk.data()) != 0) {
    return Error{Errc::invalid_public_key, "cannot seal to this X25519 public key"};
  }
  return out;
}

}  // namespace ehr::records::testing
