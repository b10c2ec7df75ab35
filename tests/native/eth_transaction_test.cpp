// Transactions against ethereum/tests TransactionTests: for each case, the expectation of the
// newest fork listed. Valid: decodes, passes validation for chain id 1, the sender and hash match
// and the intrinsic gas equals the file's; the decoded fields re-encode to the same bytes.
// Invalid: rejected by decode, validation or sender recovery.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"
#include "eth/transaction.hpp"
#include "vectors.hpp"

using namespace ehr;
using eth::U256;

namespace {

const char* const kForks[] = {"Frontier",       "Homestead",         "EIP150",   "EIP158", "Byzantium",
                              "Constantinople", "ConstantinopleFix", "Istanbul", "Berlin", "London",
                              "Paris",          "Shanghai",          "Cancun",   "Prague", "Osaka"};

int fork_index(const std::string& f) {
  for (int i = 0; i < static_cast<int>(std::size(kForks)); ++i)
    if (f == kForks[i]) return i;
  ADD_FAILURE() << "unknown fork " << f;
  return -1;
}

// Decode, validate and recover: the full acceptance check. Returns the error, if any.
Result<Address20> accept(ByteView raw, bool shanghai) {
  auto tx = eth::decode_transaction(raw);
  if (!tx) return tx.error();
  eth::TxRules rules;
  rules.chain_id = U256(1);
  rules.shanghai = shanghai;
  auto v = eth::validate_transaction(tx.value(), rules);
  if (!v) return v.error();
  return eth::recover_sender(tx.value());
}

}  // namespace

TEST(TransactionVectors, NewestForkExpectations) {
  const std::string root = std::string(EHR_VECTORS_DIR) + "/ethereum-tests/TransactionTests";
  int valid = 0, invalid = 0;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 200u);
  for (const auto& path : files) {
    const auto j = test::load_json(path.substr(std::string(EHR_VECTORS_DIR).size() + 1));
    for (auto it = j.begin(); it != j.end(); ++it) {
      const auto& t = it.value();
      std::string newest;
      for (auto f = t["result"].begin(); f != t["result"].end(); ++f)
        if (newest.empty() || fork_index(f.key()) > fork_index(newest)) newest = f.key();
      const auto& expect = t["result"][newest];
      const Bytes raw = test::hex(t["txbytes"].get<std::string>());
      const bool shanghai = fork_index(newest) >= fork_index("Shanghai");
      const std::string label = path.substr(root.size()) + " " + it.key() + " @" + newest;
      auto r = accept(raw, shanghai);
      if (expect.contains("exception")) {
        ++invalid;
        EXPECT_FALSE(r.ok()) << label << " must be rejected (" << expect["exception"] << ")";
        continue;
      }
      ++valid;
      ASSERT_TRUE(r.ok()) << label << ": " << r.error().message;
      EXPECT_EQ("0x" + to_hex(r.value()), expect["sender"].get<std::string>()) << label;
      EXPECT_EQ("0x" + to_hex(eth::transaction_hash(raw)), expect["hash"].get<std::string>()) << label;
      auto tx = eth::decode_transaction(raw).value();
      EXPECT_EQ(U256(eth::intrinsic_gas(tx, shanghai)), U256::parse(expect["intrinsicGas"].get<std::string>()).value())
          << label;
      auto again = eth::encode_signed(tx);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again.value(), raw) << label << " re-encodes";
      // The JSON form round-trips too.
      auto back = eth::transaction_from_json(eth::transaction_to_json(tx));
      ASSERT_TRUE(back.ok()) << label << ": " << back.error().message;
      EXPECT_EQ(eth::encode_signed(back.value()).value(), raw) << label << " via JSON";
    }
  }
  EXPECT_EQ(valid, 48);
  EXPECT_EQ(invalid, 158);
}

// ethereum/tests BasicTests/txtest.json: unsigned and signed (pre-EIP-155) encodings from a key.
TEST(TransactionVectors, BasicTxTest) {
  const auto j = test::load_json("ethereum-tests/BasicTests/txtest.json");
  ASSERT_TRUE(j.is_array() && !j.empty());
  for (const auto& t : j) {
    eth::Transaction tx;
    tx.type = eth::TxType::legacy;
    tx.nonce = U256(t["nonce"].get<std::uint64_t>());
    tx.gas_price = U256(t["gasprice"].get<std::uint64_t>());
    tx.gas_limit = U256(t["startgas"].get<std::uint64_t>());
    const auto to = test::hex(t["to"].get<std::string>());
    if (!to.empty()) tx.to = to_fixed<20>(to);
    tx.value = U256(t["value"].get<std::uint64_t>());
    tx.data = test::hex(t["data"].get<std::string>());
    // The file's "unsigned" form is the 9-field list with empty v, r, s.
    auto unsigned_tx = tx;
    unsigned_tx.signature = eth::TxSignature{};
    EXPECT_EQ(to_hex(eth::encode_signed(unsigned_tx).value()), t["unsigned"].get<std::string>());
    const crypto::SecretKey32 key(test::hex(t["key"].get<std::string>()));
    auto signed_tx = eth::sign_transaction(tx, key);
    ASSERT_TRUE(signed_tx.ok());
    // The file predates EIP-2 and has one high-s signature: ours is its low-s twin (s' = n - s,
    // v flipped), everything else byte-identical.
    auto expected = eth::decode_transaction(test::hex(t["signed"].get<std::string>())).value();
    const U256 n = U256::parse("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").value();
    const U256 half = U256::parse("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0").value();
    if (expected.signature->s > half) {
      bool borrow = false;
      expected.signature->s = eth::sub(n, expected.signature->s, borrow);
      expected.signature->v = U256(expected.signature->v == U256(27) ? 28 : 27);
    }
    EXPECT_EQ(signed_tx.value(), expected);
  }
}

TEST(Transaction, SignRecoverAllTypes) {
  const crypto::SecretKey32 key = crypto::secp256k1::generate_private_key();
  const auto pub = crypto::secp256k1::public_key_uncompressed(key).value();
  const auto me = eth::address_from_public_key(pub).value();
  for (int type = 0; type < 3; ++type) {
    for (int chain : {0, 1, 1337}) {
      if (type != 0 && chain == 0) continue;
      eth::Transaction tx;
      tx.type = static_cast<eth::TxType>(type);
      tx.chain_id = U256(static_cast<std::uint64_t>(chain));
      tx.nonce = U256(7);
      if (type == 2) {
        tx.max_fee_per_gas = U256(30000000000ULL);
        tx.max_priority_fee_per_gas = U256(1000000000ULL);
      } else {
        tx.gas_price = U256(20000000000ULL);
      }
      tx.gas_limit = U256(100000);
      tx.to = Address20{};
      tx.to->at(19) = 0x42;
      tx.value = U256(12345);
      tx.data = Bytes{0xde, 0xad, 0x00};
      if (type != 0) tx.access_list.push_back({*tx.to, {Hash32{}}});
      auto s = eth::sign_transaction(tx, key);
      ASSERT_TRUE(s.ok()) << s.error().message;
      const Bytes raw = eth::encode_signed(s.value()).value();
      auto d = eth::decode_transaction(raw);
      ASSERT_TRUE(d.ok()) << d.error().message;
      EXPECT_EQ(d.value(), s.value());
      EXPECT_EQ(eth::recover_sender(d.value()).value(), me);
      eth::TxRules rules;
      rules.chain_id = U256(static_cast<std::uint64_t>(chain == 0 ? 5 : chain));
      EXPECT_TRUE(eth::validate_transaction(d.value(), rules).ok());
      rules.chain_id = U256(999);
      EXPECT_EQ(eth::validate_transaction(d.value(), rules).ok(), chain == 0);
    }
  }
}

TEST(Transaction, RejectsMalformedWithReason) {
  // Unknown type, empty input, bad JSON fields.
  auto t3 = eth::decode_transaction(Bytes{0x03, 0xc0});
  ASSERT_FALSE(t3.ok());
  EXPECT_EQ(t3.error().code, Errc::unsupported);
  EXPECT_EQ(eth::decode_transaction(Bytes{}).error().code, Errc::bad_transaction);
  EXPECT_EQ(eth::decode_transaction(Bytes{0x02, 0xc0}).error().code, Errc::bad_transaction);
  auto j = nlohmann::json::parse(R"({"type":2,"gasPrice":"1"})");
  EXPECT_EQ(eth::transaction_from_json(j).error().code, Errc::bad_transaction);
  j = nlohmann::json::parse(R"({"gasprice":"1"})");
  EXPECT_NE(eth::transaction_from_json(j).error().message.find("gasprice"), std::string::npos);
  j = nlohmann::json::parse(R"({"type":0,"accessList":[]})");
  EXPECT_FALSE(eth::transaction_from_json(j).ok());
  j = nlohmann::json::parse(R"({"to":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"})");
  EXPECT_FALSE(eth::transaction_from_json(j).ok());  // bad EIP-55 checksum
  // Nonce 2^64 - 1 cannot be signed (EIP-2681).
  eth::Transaction tx;
  tx.nonce = U256(~std::uint64_t{0});
  const crypto::SecretKey32 key = crypto::secp256k1::generate_private_key();
  EXPECT_EQ(eth::sign_transaction(tx, key).error().code, Errc::bad_transaction);
}
