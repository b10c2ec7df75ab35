// RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996), used only for BIP-32 key fingerprints
// (HASH160 = RIPEMD-160(SHA-256(public key))). Public data only.
#pragma once

#include "common/bytes.hpp"

namespace ehr::eth {

/// RIPEMD-160 of `data` (20 bytes).
[[nodiscard]] FixedBytes<20> ripemd160(ByteView data) noexcept;

/// RIPEMD-160(SHA-256(data)): Bitcoin's HASH160.
[[nodiscard]] FixedBytes<20> hash160(ByteView data) noexcept;

}  // namespace ehr::eth
