// The handle registry every WASM export uses (src/common/handles.hpp; the boundary's instance and
// kinds are wasm/src/handles.hpp): generations, kinds, forged numbers, slot reuse, clear().
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "common/handles.hpp"
#include "crypto/secret.hpp"

using namespace ehr;

namespace {

// Counts live instances, so that a test sees when the registry destroys an object.
struct Tracked {
  explicit Tracked(int* alive_count) : alive(alive_count) { ++*alive; }
  ~Tracked() { --*alive; }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  int* alive;
  int value = 0;
};
struct Other {
  int x = 7;
};

// Two kinds, as the boundary's enum names them (any enum works; so does a plain number).
enum class K : std::uint32_t { a = 1, b = 2, last = 31 };

std::uint32_t must(Result<std::uint32_t> h) {
  EXPECT_TRUE(h.ok());
  return h.ok() ? h.value() : 0;
}

}  // namespace

TEST(HandleRegistry, HandleLayout) {
  int alive = 0;
  HandleRegistry r;
  const auto h = must(r.adopt(K::b, std::make_unique<Tracked>(&alive)));
  EXPECT_NE(h, 0U);
  EXPECT_EQ(h >> 31, 0U);  // a positive int32 in JS
  EXPECT_EQ(HandleBits::kind(h), 2U);
  EXPECT_EQ(HandleBits::generation(h), 0U);
  EXPECT_EQ(HandleBits::index(h), 0U);
  EXPECT_EQ(r.kind_of(h), 2U);
  const auto h31 = must(r.adopt(K::last, std::make_unique<Other>()));
  EXPECT_EQ(h31 >> 31, 0U);
  EXPECT_EQ(r.kind_of(h31), 31U);
  // Kinds outside 1..31 are refused, and the object is destroyed rather than leaked.
  EXPECT_EQ(r.adopt(0U, std::make_unique<Tracked>(&alive)).error().code, Errc::bad_argument);
  EXPECT_EQ(r.adopt(32U, std::make_unique<Tracked>(&alive)).error().code, Errc::bad_argument);
  EXPECT_EQ(r.adopt(K::a, std::unique_ptr<Tracked>()).error().code, Errc::out_of_memory);
  EXPECT_EQ(alive, 1);
  EXPECT_EQ(r.size(), 2U);
}

TEST(HandleRegistry, DisposedHandleIsStaleAndDestroyedAtOnce) {
  int alive = 0;
  HandleRegistry r;
  const auto h = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  ASSERT_NE(r.get<Tracked>(h, K::a), nullptr);
  r.get<Tracked>(h, K::a)->value = 42;
  EXPECT_EQ(alive, 1);
  EXPECT_TRUE(r.erase(h));
  EXPECT_EQ(alive, 0);  // destroyed (and so wiped) at once
  EXPECT_EQ(r.get<Tracked>(h, K::a), nullptr);
  EXPECT_EQ(r.kind_of(h), 0U);
  EXPECT_FALSE(r.erase(h));  // double dispose
  EXPECT_EQ(r.size(), 0U);
}

TEST(HandleRegistry, SlotReuseBumpsTheGeneration) {
  int alive = 0;
  HandleRegistry r;
  const auto h1 = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  ASSERT_TRUE(r.erase(h1));
  // The only free slot is reused, under the next generation: the old handle stays dead.
  const auto h2 = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  EXPECT_EQ(HandleBits::index(h2), HandleBits::index(h1));
  EXPECT_EQ(HandleBits::generation(h2), HandleBits::generation(h1) + 1);
  EXPECT_NE(h2, h1);
  EXPECT_EQ(r.get<Tracked>(h1, K::a), nullptr);
  EXPECT_FALSE(r.erase(h1));  // a stale handle cannot free the slot's new object
  EXPECT_NE(r.get<Tracked>(h2, K::a), nullptr);
  EXPECT_EQ(alive, 1);
}

TEST(HandleRegistry, FreedSlotsAreReusedOldestFirst) {
  int alive = 0;
  HandleRegistry r;
  std::vector<std::uint32_t> hs;
  for (int i = 0; i < 4; ++i) hs.push_back(must(r.adopt(K::a, std::make_unique<Tracked>(&alive))));
  ASSERT_TRUE(r.erase(hs[2]));
  ASSERT_TRUE(r.erase(hs[0]));
  EXPECT_EQ(HandleBits::index(must(r.adopt(K::a, std::make_unique<Tracked>(&alive)))), 2U);
  EXPECT_EQ(HandleBits::index(must(r.adopt(K::a, std::make_unique<Tracked>(&alive)))), 0U);
  EXPECT_EQ(HandleBits::index(must(r.adopt(K::a, std::make_unique<Tracked>(&alive)))), 4U);  // then a new slot
  EXPECT_EQ(alive, 5);
}

TEST(HandleRegistry, GenerationsOutliveManyReuses) {
  int alive = 0;
  HandleRegistry r;
  const auto first = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  ASSERT_TRUE(r.erase(first));
  // Reusing the only slot 1,023 more times never brings the first handle back to life; the
  // 1,024th reuse wraps the 10-bit generation (documented in handles.hpp).
  for (std::uint32_t i = 1; i < (1u << HandleBits::kGenBits); ++i) {
    const auto h = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
    EXPECT_EQ(HandleBits::generation(h), i);
    EXPECT_EQ(r.get<Tracked>(first, K::a), nullptr);
    ASSERT_TRUE(r.erase(h));
  }
  EXPECT_EQ(HandleBits::generation(must(r.adopt(K::a, std::make_unique<Tracked>(&alive)))), 0U);
}

TEST(HandleRegistry, WrongKindAndForgedNumbers) {
  int alive = 0;
  HandleRegistry r;
  const auto ha = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  const auto hb = must(r.adopt(K::b, std::make_unique<Other>()));
  EXPECT_EQ(r.get<Tracked>(ha, K::b), nullptr);  // the right slot, the wrong kind
  EXPECT_EQ(r.get<Other>(hb, K::a), nullptr);
  EXPECT_NE(r.get<Other>(hb, K::b), nullptr);
  // The kind bits of a handle rewritten to another kind: no longer the live handle of its slot.
  const std::uint32_t relabelled =
      (ha & ~(HandleBits::kKindMask << HandleBits::kKindShift)) | (2U << HandleBits::kKindShift);
  EXPECT_EQ(r.get<Other>(relabelled, K::b), nullptr);
  EXPECT_EQ(r.kind_of(relabelled), 0U);
  EXPECT_FALSE(r.erase(relabelled));
  for (std::uint32_t forged : {0U, 1U, 0xffffffffU, ha + 2, ha ^ (1U << HandleBits::kIndexBits), ha | 0x80000000U,
                               hb | 0x80000000U, ha + HandleBits::kMaxSlots - 1}) {
    EXPECT_EQ(r.get<Tracked>(forged, K::a), nullptr) << forged;
    EXPECT_EQ(r.kind_of(forged), 0U) << forged;
    EXPECT_FALSE(r.erase(forged)) << forged;
  }
  EXPECT_EQ(alive, 1);
  EXPECT_EQ(r.size(), 2U);
}

TEST(HandleRegistry, ClearDestroysEveryObjectOfEveryKind) {
  int alive = 0;
  HandleRegistry r;
  std::vector<std::uint32_t> hs;
  for (int i = 0; i < 100; ++i)
    hs.push_back(must(r.adopt(i % 2 == 0 ? K::a : K::b, std::make_unique<Tracked>(&alive))));
  const auto secret = must(r.adopt(K::last, std::make_unique<crypto::Secret<32>>()));
  EXPECT_EQ(alive, 100);
  EXPECT_EQ(r.size(1), 50U);
  EXPECT_EQ(r.size(2), 50U);
  EXPECT_EQ(r.size(31), 1U);
  EXPECT_EQ(r.size(), 101U);
  EXPECT_TRUE(r.erase(hs[10]));
  r.clear();
  EXPECT_EQ(alive, 0);
  EXPECT_EQ(r.size(), 0U);
  EXPECT_EQ(r.size(1), 0U);
  for (auto h : hs) {
    EXPECT_EQ(r.get<Tracked>(h, HandleBits::kind(h)), nullptr);
    EXPECT_EQ(r.kind_of(h), 0U);
  }
  EXPECT_EQ(r.get<crypto::Secret<32>>(secret, K::last), nullptr);
  // The registry keeps working after clear(); the old handles stay dead.
  const auto again = must(r.adopt(K::a, std::make_unique<Tracked>(&alive)));
  EXPECT_NE(r.get<Tracked>(again, K::a), nullptr);
  for (auto h : hs) EXPECT_EQ(r.get<Tracked>(h, K::a), nullptr);
  r.clear();  // clear() on a registry with freed slots, twice, is harmless
  r.clear();
  EXPECT_EQ(alive, 0);
}
