// EIP-191 personal messages, EIP-712 (the specification's Mail example), keystore V3
// (ethereum/tests KeyStoreTests/basic_tests.json).
#include <gtest/gtest.h>

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/address.hpp"
#include "eth/eip191.hpp"
#include "eth/eip712.hpp"
#include "eth/keystore.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace keystore = ehr::eth::keystore;
namespace eip712 = ehr::eth::eip712;

namespace {
ByteView text(const std::string& s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

eth::json_util::Json mail() {
  // EIP-712 "Example": the Mail struct signed by keccak256("cow").
  return nlohmann::json::parse(R"({
    "types": {
      "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                       {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
      "Person": [{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
      "Mail": [{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]
    },
    "primaryType": "Mail",
    "domain": {"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
    "message": {
      "from": {"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
      "to": {"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
      "contents":"Hello, Bob!"
    }
  })");
}
}  // namespace

TEST(Eip191, HashSignRecover) {
  // ethers' hashMessage("Hello World").
  EXPECT_EQ(to_hex(eth::personal_message_hash(text("Hello World"))),
            "a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2");
  const auto key = crypto::secp256k1::generate_private_key();
  const auto me = eth::address_from_public_key(crypto::secp256k1::public_key_uncompressed(key).value()).value();
  auto sig = eth::sign_personal_message(text("consent #42"), key);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(sig.value()[64] == 27 || sig.value()[64] == 28);
  EXPECT_EQ(eth::recover_personal_message(text("consent #42"), sig.value()).value(), me);
  EXPECT_NE(eth::recover_personal_message(text("consent #43"), sig.value()).value(), me);
  auto bad = sig.value();
  bad[64] = 5;
  EXPECT_EQ(eth::recover_personal_message(text("consent #42"), bad).error().code, Errc::invalid_signature);
  EXPECT_EQ(eth::recover_personal_message(text("x"), ByteView(bad).first(64)).error().code, Errc::bad_length);
}

TEST(Eip712, SpecificationMailExample) {
  const auto td = mail();
  EXPECT_EQ(eip712::encode_type(td["types"], "Mail").value(),
            "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
  EXPECT_EQ(to_hex(eip712::hash_struct(td["types"], "Mail", td["message"]).value()),
            "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  EXPECT_EQ(to_hex(eip712::domain_separator(td).value()),
            "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  EXPECT_EQ(to_hex(eip712::hash_typed_data(td).value()),
            "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
  const std::string cow = "cow";
  const Hash32 k = crypto::keccak256(text(cow));
  const crypto::SecretKey32 key(k);
  auto sig = eip712::sign_typed_data(td, key);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(to_hex(sig.value()),
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
            "1c");
  // Without EIP712Domain in types, the domain type is derived from the domain's keys.
  auto derived = td;
  derived["types"].erase("EIP712Domain");
  EXPECT_EQ(eip712::hash_typed_data(derived).value(), eip712::hash_typed_data(td).value());
}

TEST(Eip712, RejectsMalformed) {
  auto td = mail();
  td["message"].erase("contents");
  EXPECT_EQ(eip712::hash_typed_data(td).error().code, Errc::bad_typed_data);
  td = mail();
  td["types"]["Mail"][2]["type"] = "strng";
  EXPECT_EQ(eip712::hash_typed_data(td).error().code, Errc::bad_typed_data);
  td = mail();
  td["message"]["from"]["wallet"] = "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827";  // bad checksum
  EXPECT_FALSE(eip712::hash_typed_data(td).ok());
  td = mail();
  td["domain"]["chainId"] = -1;
  EXPECT_FALSE(eip712::hash_typed_data(td).ok());
  td = mail();
  td["primaryType"] = "Nope";
  EXPECT_FALSE(eip712::hash_typed_data(td).ok());
  // Self-referencing types nest only as deep as the value.
  auto tree = nlohmann::json::parse(R"({"types":{"Node":[{"name":"kids","type":"Node[]"}]},"primaryType":"Node",
                                       "domain":{"name":"x"},"message":{"kids":[]}})");
  EXPECT_TRUE(eip712::hash_typed_data(tree).ok());
  nlohmann::json deep = nlohmann::json::parse(R"({"kids":[]})");
  for (std::size_t i = 0; i < eip712::kMaxDepth; ++i) deep = nlohmann::json{{"kids", nlohmann::json::array({deep})}};
  tree["message"] = deep;
  EXPECT_EQ(eip712::hash_typed_data(tree).error().code, Errc::bad_typed_data);
}

TEST(Keystore, EthereumTestsBasic) {
  const auto j = test::load_json("ethereum-tests/KeyStoreTests/basic_tests.json");
  int count = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    ++count;
    const auto& t = it.value();
    const std::string pw = t["password"].get<std::string>();
    auto key = keystore::decrypt(t["json"].dump(), text(pw));
    ASSERT_TRUE(key.ok()) << it.key() << ": " << key.error().message;
    EXPECT_EQ(to_hex(key.value().view()), t["priv"].get<std::string>()) << it.key();
    if (it.key() == "mycrypto") {  // the cheap one: also a wrong password
      auto wrong = keystore::decrypt(t["json"].dump(), text(pw + "x"));
      ASSERT_FALSE(wrong.ok());
      EXPECT_EQ(wrong.error().code, Errc::wrong_password);
    }
  }
  EXPECT_EQ(count, 5);
}

TEST(Keystore, EncryptDecryptAndRejections) {
  const auto key = crypto::secp256k1::generate_private_key();
  keystore::EncryptOptions o;
  o.scrypt = {1024, 8, 1};
  auto js = keystore::encrypt(key, text("pässword"), o);
  ASSERT_TRUE(js.ok()) << js.error().message;
  auto back = keystore::decrypt(js.value(), text("pässword"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Bytes(back.value().view().begin(), back.value().view().end()), Bytes(key.view().begin(), key.view().end()));
  o.kdf = keystore::Kdf::pbkdf2;
  o.iterations = 1000;
  o.iv = Bytes(16, 7);
  o.uuid = Bytes(16, 9);
  o.salt = Bytes(16, 3);
  auto pj = keystore::encrypt(key, text("pw"), o);
  ASSERT_TRUE(pj.ok());
  auto parsed = nlohmann::json::parse(pj.value());
  EXPECT_EQ(parsed["id"], "09090909-0909-4909-8909-090909090909");
  EXPECT_EQ(parsed["crypto"]["kdfparams"]["c"], 1000);
  EXPECT_TRUE(keystore::decrypt(pj.value(), text("pw")).ok());
  // "Crypto" spelling is accepted; tampering is caught.
  auto upper = parsed;
  upper["Crypto"] = upper["crypto"];
  upper.erase("crypto");
  EXPECT_TRUE(keystore::decrypt(upper.dump(), text("pw")).ok());
  auto tampered = parsed;
  std::string ct = tampered["crypto"]["ciphertext"];
  ct[0] = ct[0] == '0' ? '1' : '0';
  tampered["crypto"]["ciphertext"] = ct;
  EXPECT_EQ(keystore::decrypt(tampered.dump(), text("pw")).error().code, Errc::wrong_password);
  // The address is written without "0x" (as geth and ethers do); "0x" is read too, "0X" is not.
  const std::string named = parsed["address"];
  ASSERT_EQ(named.size(), 40U);
  auto prefixed = parsed;
  prefixed["address"] = "0x" + named;
  EXPECT_TRUE(keystore::decrypt(prefixed.dump(), text("pw")).ok());
  prefixed["address"] = "0X" + named;
  EXPECT_EQ(keystore::decrypt(prefixed.dump(), text("pw")).error().code, Errc::bad_keystore);
  auto other = parsed;
  other["address"] = "0000000000000000000000000000000000000001";
  EXPECT_EQ(keystore::decrypt(other.dump(), text("pw")).error().code, Errc::bad_keystore);
  for (const char* field : {"version", "crypto"}) {
    auto m = parsed;
    m.erase(field);
    EXPECT_EQ(keystore::decrypt(m.dump(), text("pw")).error().code, Errc::bad_keystore) << field;
  }
  auto huge = parsed;
  huge["crypto"]["kdf"] = "scrypt";
  huge["crypto"]["kdfparams"] = {{"n", 1ULL << 30}, {"r", 8}, {"p", 1}, {"dklen", 32}, {"salt", "00"}};
  EXPECT_EQ(keystore::decrypt(huge.dump(), text("pw")).error().code, Errc::bad_kdf_params);
  auto many = parsed;
  many["crypto"]["kdfparams"]["c"] = 100000000;
  EXPECT_EQ(keystore::decrypt(many.dump(), text("pw")).error().code, Errc::bad_kdf_params);
  EXPECT_EQ(keystore::decrypt("not json", text("pw")).error().code, Errc::bad_json);
}
