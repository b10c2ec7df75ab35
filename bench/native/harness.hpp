// A small harness for native benchmarks: each bench registers under a group and prints one JSON
// line per result ({"op","value","unit"}), which bench/run.mjs records as impl "native".
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace ehr::bench {

struct Entry {
  const char* group;
  void (*fn)();
};
std::vector<Entry>& registry();

/// Operations per second of fn (warm-up, then at least `min_seconds`).
inline double ops_per_sec(const std::function<void()>& fn, double min_seconds = 0.6) {
  using clock = std::chrono::steady_clock;
  const auto w0 = clock::now();
  while (std::chrono::duration<double>(clock::now() - w0).count() < 0.1) fn();
  std::size_t ops = 0;
  const auto t0 = clock::now();
  double elapsed = 0;
  while (elapsed < min_seconds) {
    for (int i = 0; i < 16; ++i) fn();
    ops += 16;
    elapsed = std::chrono::duration<double>(clock::now() - t0).count();
  }
  return static_cast<double>(ops) / elapsed;
}

/// Best wall time of fn in milliseconds over `runs` runs.
inline double time_ms(const std::function<void()>& fn, int runs = 3) {
  using clock = std::chrono::steady_clock;
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  return best;
}

inline void emit(const std::string& op, double value, const char* unit) {
  std::printf("{\"op\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", op.c_str(), value, unit);
}

struct Registrar {
  Registrar(const char* group, void (*fn)()) { registry().push_back({group, fn}); }
};

}  // namespace ehr::bench

#define EHR_BENCH_CAT2(a, b) a##b
#define EHR_BENCH_CAT(a, b) EHR_BENCH_CAT2(a, b)
/// EHR_BENCH("crypto") { ... emit(...); }  registers a block of benchmarks under a group.
#define EHR_BENCH(group)                                                        \
  static void EHR_BENCH_CAT(ehr_bench_fn_, __LINE__)();                         \
  static const ::ehr::bench::Registrar EHR_BENCH_CAT(ehr_bench_reg_, __LINE__)( \
      group, &EHR_BENCH_CAT(ehr_bench_fn_, __LINE__));                          \
  static void EHR_BENCH_CAT(ehr_bench_fn_, __LINE__)()
