// Fuzz target: CID text and binary parsing, multibase decoding. Properties: whatever parses
// re-encodes to a form that parses to the same value (text, and binary byte-for-byte).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ipfs/cid.hpp"
#include "ipfs/multibase.hpp"

using namespace ehr;
using namespace ehr::ipfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cid = parse_cid(text);
  if (cid.ok()) {
    for (const Multibase base : {Multibase::base32, Multibase::base58btc, Multibase::base16}) {
      auto again = parse_cid(cid.value().to_string(base));
      if (!again.ok() || !(again.value() == cid.value())) std::abort();
    }
  }
  auto decoded = multibase_decode(text);
  if (decoded.ok() && !text.empty()) {
    // Canonical encoders write lower case; decoding that gives the same bytes.
    const Multibase base = text[0] == 'z'                       ? Multibase::base58btc
                           : (text[0] == 'f' || text[0] == 'F') ? Multibase::base16
                                                                : Multibase::base32;
    auto again = multibase_decode(multibase_encode(decoded.value(), base));
    if (!again.ok() || again.value() != decoded.value()) std::abort();
  }
  const ByteView bytes(data, size);
  auto bin = cid_from_bytes(bytes);
  if (bin.ok() && bin.value().to_bytes() != Bytes(bytes.begin(), bytes.end())) std::abort();
  auto prefix = read_cid(bytes);
  if (prefix.ok() && (prefix.value().length > size || prefix.value().cid.encoded_size() != prefix.value().length))
    std::abort();
  return 0;
}
