// Native benchmarks of src/records (the upper bound for the WASM build of the same code): the
// envelope writer and reader over a 256 MiB record in 1 MiB pushes and 64 KiB chunks.
#include <vector>

#include "harness.hpp"
#include "records/envelope_reader.hpp"
#include "records/envelope_writer.hpp"

using namespace ehr;
using namespace ehr::records;

EHR_BENCH("records") {
  const crypto::Secret<32> key(ByteView(Bytes(32, 5)));
  const std::vector<std::uint8_t> piece(1u << 20, 3);
  const std::size_t total = 256u << 20;
  double enc_s = 1e300, dec_s = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    WriterParams p;
    p.chart_keys = {&key};
    auto w = EnvelopeWriter::create(p).value();
    ReaderKeys rk;
    rk.chart_keys.emplace_back(key.view());
    auto r = EnvelopeReader::create(std::move(rk)).value();
    double te = 0, td = 0;
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    (void)r.push(w.header());
    td += std::chrono::duration<double>(clock::now() - t0).count();
    for (std::size_t done = 0; done < total; done += piece.size()) {
      t0 = clock::now();
      auto c = w.push(piece).value();
      const auto t1 = clock::now();
      (void)r.push(c);
      const auto t2 = clock::now();
      te += std::chrono::duration<double>(t1 - t0).count();
      td += std::chrono::duration<double>(t2 - t1).count();
    }
    t0 = clock::now();
    auto last = w.finish().value();
    const auto t1 = clock::now();
    (void)r.push(last);
    (void)r.finish();
    te += std::chrono::duration<double>(t1 - t0).count();
    td += std::chrono::duration<double>(clock::now() - t1).count();
    enc_s = std::min(enc_s, te);
    dec_s = std::min(dec_s, td);
  }
  bench::emit("envelope encrypt 256 MiB", static_cast<double>(total) / 1e6 / enc_s, "MB/s");
  bench::emit("envelope decrypt 256 MiB", static_cast<double>(total) / 1e6 / dec_s, "MB/s");
}
