// The handle table that keeps secret-holding objects inside the module.
#include <gtest/gtest.h>

#include <memory>

#include "crypto/handles.hpp"

using namespace ehr;
using ehr::crypto::HandleBits;
using ehr::crypto::HandleTable;

namespace {
struct Tracked {
  explicit Tracked(int* alive_count) : alive(alive_count) { ++*alive; }
  ~Tracked() { --*alive; }
  int* alive;
  int value = 0;
};
}  // namespace

TEST(HandleTable, InsertGetEraseAndStaleHandles) {
  int alive = 0;
  HandleTable<Tracked> t(3);
  auto h = t.insert(std::make_unique<Tracked>(&alive));
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h.value(), 0U);
  EXPECT_EQ(HandleBits::kind(h.value()), 3U);
  EXPECT_EQ(h.value() >> 31, 0U);
  ASSERT_NE(t.get(h.value()), nullptr);
  t.get(h.value())->value = 42;
  EXPECT_EQ(alive, 1);
  EXPECT_TRUE(t.erase(h.value()));
  EXPECT_EQ(alive, 0);  // destroyed (and so wiped) at once
  EXPECT_EQ(t.get(h.value()), nullptr);
  EXPECT_FALSE(t.erase(h.value()));  // double dispose
  // The slot is reused under a new generation: the old handle stays dead.
  auto h2 = t.insert(std::make_unique<Tracked>(&alive));
  ASSERT_TRUE(h2.ok());
  EXPECT_NE(h2.value(), h.value());
  EXPECT_EQ(t.get(h.value()), nullptr);
  EXPECT_NE(t.get(h2.value()), nullptr);
  EXPECT_EQ(t.size(), 1U);
}

TEST(HandleTable, KindsAndForgedNumbers) {
  int alive = 0;
  HandleTable<Tracked> a(1);
  HandleTable<Tracked> b(2);
  auto ha = a.insert(std::make_unique<Tracked>(&alive));
  ASSERT_TRUE(ha.ok());
  EXPECT_EQ(b.get(ha.value()), nullptr);  // a handle of another kind
  EXPECT_FALSE(b.erase(ha.value()));
  for (std::uint32_t forged : {0U, 1U, 0xffffffffU, ha.value() + 1, ha.value() ^ (1U << 16), ha.value() | 0x80000000U})
    EXPECT_EQ(a.get(forged), nullptr) << forged;
  EXPECT_FALSE(a.insert(nullptr).ok());
}

TEST(HandleTable, ClearDestroysEverything) {
  int alive = 0;
  HandleTable<Tracked> t(5);
  std::vector<std::uint32_t> hs;
  for (int i = 0; i < 100; ++i) hs.push_back(t.insert(std::make_unique<Tracked>(&alive)).value());
  EXPECT_EQ(alive, 100);
  EXPECT_TRUE(t.erase(hs[10]));
  t.clear();
  EXPECT_EQ(alive, 0);
  EXPECT_EQ(t.size(), 0U);
  for (auto h : hs) EXPECT_EQ(t.get(h), nullptr);
}

TEST(HandleTable, GenerationsOutliveManyReuses) {
  int alive = 0;
  HandleTable<Tracked> t(4);
  const auto first = t.insert(std::make_unique<Tracked>(&alive)).value();
  ASSERT_TRUE(t.erase(first));
  // Reusing the only slot 2047 more times never brings the first handle back to life.
  for (int i = 0; i < 2047; ++i) {
    const auto h = t.insert(std::make_unique<Tracked>(&alive)).value();
    EXPECT_EQ(t.get(first), nullptr);
    ASSERT_TRUE(t.erase(h));
  }
}
