// Fixed word lists (BIP-39, SLIP-39): words kept in 8-byte slots, looked up by binary search.
#pragma once

#include <cstddef>
#include <string_view>

namespace ehr::wordlist {

/// The word in an 8-byte slot: up to the first NUL, or all 8 bytes.
inline std::string_view slot_word(const char* slot) noexcept {
  std::size_t n = 0;
  while (n < 8 && slot[n] != '\0') ++n;
  return {slot, n};
}

/// The index of `w` in a list of `count` words sorted bytewise, `word_at(i)` the i-th; -1 if absent.
template <class WordAt>
int sorted_index(std::string_view w, std::size_t count, WordAt word_at) noexcept {
  int lo = 0, hi = static_cast<int>(count) - 1;
  while (lo <= hi) {
    const int mid = (lo + hi) / 2;
    const int c = w.compare(word_at(static_cast<std::size_t>(mid)));
    if (c == 0) return mid;
    if (c < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return -1;
}

}  // namespace ehr::wordlist
