// Native benchmarks of src/crypto (the upper bound for the WASM build of the same code).
#include <vector>

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"
#include "harness.hpp"

using namespace ehr;
namespace k1 = ehr::crypto::secp256k1;

EHR_BENCH("crypto") {
  const crypto::SecretKey32 key = k1::generate_private_key();
  Hash32 msg{};
  msg[0] = 1;
  bench::emit("secp256k1.sign", bench::ops_per_sec([&] { (void)k1::sign_recoverable(msg, key); }), "ops/s");
  auto sig = k1::sign_recoverable(msg, key).value();
  auto pub = k1::public_key_compressed(key).value();
  const std::span<const std::uint8_t, 64> compact(sig.data(), 64);
  bench::emit("secp256k1.verify", bench::ops_per_sec([&] { (void)k1::verify(compact, msg, pub, true); }), "ops/s");
  bench::emit("secp256k1.recover", bench::ops_per_sec([&] { (void)k1::recover(sig, msg); }), "ops/s");
  bench::emit("secp256k1.publicKey", bench::ops_per_sec([&] { (void)k1::public_key_compressed(key); }), "ops/s");

  std::vector<std::uint8_t> mib(1 << 20, 0x5a);
  const double k = bench::ops_per_sec([&] { (void)crypto::keccak256(mib); });
  bench::emit("keccak256 1 MiB", k * 1.048576, "MB/s");  // MB = 10^6 bytes
  std::vector<std::uint8_t> big(64u << 20, 0x33);
  const double ms = bench::time_ms([&] { (void)crypto::sha256(big); });
  bench::emit("sha256 64 MiB", 64.0 * 1.048576 * 1000.0 / ms, "MB/s");
}
