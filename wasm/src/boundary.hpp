// Shared machinery of the WASM boundary (see boundary.cpp for the rules every export follows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"

namespace ehr::wasm {

/// Records `e.message` for ehr_last_error() and returns the code as an int for JS.
int fail(const Error& e);

/// A fixed-size view of N bytes at `p` in module memory.
template <std::size_t N>
std::span<const std::uint8_t, N> in(const std::uint8_t* p) {
  return std::span<const std::uint8_t, N>(p, N);
}

}  // namespace ehr::wasm
