// Native benchmarks of src/ipfs (the upper bound for the WASM build of the same code); op names
// match bench/ipfs.bench.mjs.
#include <vector>

#include "crypto/sha256.hpp"
#include "harness.hpp"
#include "ipfs/file_builder.hpp"

using namespace ehr;

EHR_BENCH("ipfs") {
  constexpr std::size_t kSize = 64U << 20;
  std::vector<std::uint8_t> big(kSize);
  std::uint32_t x = 21;
  for (auto& b : big) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::uint8_t>(x);
  }
  const double mb = static_cast<double>(kSize) / 1e6;
  const auto streamed = [&](auto&& update) {
    for (std::size_t o = 0; o < kSize; o += 1U << 20) update(ByteView(big).subspan(o, 1U << 20));
  };
  bench::emit("sha256 64 MiB", mb * 1000.0 / bench::time_ms([&] {
                                 crypto::Sha256 h;
                                 streamed([&](ByteView p) { h.update(p); });
                                 (void)h.final();
                               }),
              "MB/s");
  for (const auto& entry : {std::pair{"cid 64 MiB", ipfs::profile_unixfs_v1_2025()},
                            std::pair{"cid 64 MiB kubo-default", ipfs::profile_kubo_default()}}) {
    const ipfs::Profile profile = entry.second;
    bench::emit(entry.first, mb * 1000.0 / bench::time_ms([&] {
                               auto b = ipfs::FileBuilder::create(profile);
                               streamed([&](ByteView p) { (void)b.value().update(p); });
                               (void)b.value().finish();
                             }),
                "MB/s");
  }
}
