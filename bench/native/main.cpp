// ehr_bench [group ...]: runs the native benchmarks of the given groups (all when none).
#include <cstring>

#include "harness.hpp"

namespace ehr::bench {
std::vector<Entry>& registry() {
  static std::vector<Entry> r;
  return r;
}
}  // namespace ehr::bench

int main(int argc, char** argv) {
  for (const auto& e : ehr::bench::registry()) {
    bool wanted = argc < 2;
    for (int i = 1; i < argc; ++i) wanted |= std::strcmp(argv[i], e.group) == 0;
    if (wanted) e.fn();
  }
  return 0;
}
