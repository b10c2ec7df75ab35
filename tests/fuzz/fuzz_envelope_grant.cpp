// Fuzz target: the other records decoders of outside bytes: grant payloads, institution member
// wraps, serialized search indexes and key wraps. Byte 0 selects the decoder. Properties: a grant payload
// whose labels parse is accepted or refused consistently by open (no crash); member wraps that
// parse report their group key; a search index that parses re-serializes to the same bytes; key
// wrap contents that parse survive a wrap and unwrap unchanged.
#include <cstdint>
#include <cstdlib>

#include "records/grants.hpp"
#include "records/institution.hpp"
#include "records/key_wrap.hpp"
#include "crypto/x25519.hpp"
#include "records/search_index.hpp"

using namespace ehr;
using namespace ehr::records;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  const crypto::Secret<32> key(ByteView(Bytes(32, 0x11)));
  switch (data[0] % 4) {
    case 0: {
      auto labels = grant_payload_labels(in);
      auto opened = open_grant_payload(in, key);
      // A payload that opens has parseable labels, as many as keys.
      if (opened && (!labels || labels.value().size() != opened.value().size())) std::abort();
      break;
    }
    case 1: {
      auto g = member_wraps_group(in);
      auto opened = open_member_wraps(in, key);
      if (opened && (!g || g.value().first != opened.value().public_key)) std::abort();
      break;
    }
    case 2: {
      (void)unwrap_key(in, key);
      auto parsed = parse_key_wrap_plaintext(in);
      if (parsed) {
        const WrappedKey& k = parsed.value();
        auto wrap = wrap_key(k, crypto::x25519::public_key(key));
        if (!wrap) std::abort();
        auto back = unwrap_key(wrap.value(), key);
        if (!back || back.value().kind != k.kind || back.value().scope != k.scope || back.value().epoch != k.epoch ||
            !std::equal(back.value().key.data(), back.value().key.data() + 32, k.key.data()))
          std::abort();
      }
      break;
    }
    default: {
      auto idx = SearchIndex::deserialize(in, key);
      if (idx) {
        const Bytes again = idx.value().serialize();
        if (again.size() != in.size() || !std::equal(again.begin(), again.end(), in.begin())) std::abort();
      }
      break;
    }
  }
  return 0;
}
