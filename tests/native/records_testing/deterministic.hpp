// TEST-ONLY: the envelope's deterministic mode. Builds an EnvelopeWriter from fixed inputs (content
// key, scope-wrap nonces, sealed-box ephemeral secrets, secretstream header) so that published
// vectors can be reproduced byte for byte. This lives in the ehr_records_testing library, which
// only the native test binary and the vector generator link; ehr_core and the WASM module never
// contain it (checked by the records_no_test_mode test and tests/wasm/records_envelope.test.mjs).
#pragma once

#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "records/envelope_writer.hpp"

namespace ehr::records::testing {

struct FixedInputs {
  FixedBytes<32> content_key{};
  std::vector<FixedBytes<24>> wrap_nonces;        ///< one per scope wrap, in order
  std::vector<FixedBytes<32>> ephemeral_secrets;  ///< one per recipient wrap, in order
  FixedBytes<24> stream_header{};
};

/// A writer whose every "random" input comes from `inputs`. Fails like EnvelopeWriter::create,
/// and with bad_argument when `inputs` has too few nonces or ephemeral secrets.
[[nodiscard]] Result<EnvelopeWriter> deterministic_writer(const WriterParams& params, const FixedInputs& inputs);

/// The whole envelope of `plaintext`, written in `piece`-byte pushes (0: one push).
[[nodiscard]] Result<Bytes> deterministic_envelope(ByteView plaintext, const WriterParams& params,
                                                   const FixedInputs& inputs, std::size_t piece = 0);

/// libsodium's crypto_box_seal construction with a given ephemeral secret:
/// epk || crypto_box_easy(m, nonce = BLAKE2b-192(epk || pk), pk, esk).
[[nodiscard]] Result<Bytes> seal_with_ephemeral(ByteView message, const FixedBytes<32>& pk,
                                                const FixedBytes<32>& ephemeral_secret);

}  // namespace ehr::records::testing
