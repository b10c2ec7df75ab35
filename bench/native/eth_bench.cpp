// Native benchmarks of src/eth (the upper bound for the WASM build of the same code). Same op
// names as bench/eth.bench.mjs; the native side includes the JSON step the WASM API takes.
#include <string>

#include "crypto/secret.hpp"
#include "eth/abi.hpp"
#include "eth/bip32.hpp"
#include "eth/bip39.hpp"
#include "eth/keystore.hpp"
#include "eth/transaction.hpp"
#include "harness.hpp"

using namespace ehr;

EHR_BENCH("eth") {
  crypto::SecretKey32 key;
  for (std::size_t i = 0; i < 32; ++i) key.data()[i] = static_cast<std::uint8_t>(i + 7);
  const std::string tx_json =
      R"({"type":2,"chainId":"1","nonce":"42","maxPriorityFeePerGas":"1500000000","maxFeePerGas":"30000000000",)"
      R"("gasLimit":"60000","to":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","value":"100000000000000000","data":"0xa9059cbb"})";
  bench::emit("tx.sign+serialize (EIP-1559)", bench::ops_per_sec([&] {
                auto j = eth::json_util::parse(tx_json);
                auto tx = eth::transaction_from_json(j.value());
                auto s = eth::sign_transaction(std::move(tx).value(), key);
                (void)eth::json_util::hex0x(eth::encode_signed(s.value()).value());
              }),
              "ops/s");

  auto iface =
      eth::abi::Interface::parse(
          R"([{"type":"function","name":"grantAccess","stateMutability":"nonpayable","outputs":[],"inputs":[)"
          R"({"name":"grantee","type":"address"},{"name":"scopes","type":"uint8[]"},{"name":"expiresAt","type":"uint64"},)"
          R"({"name":"keyEpoch","type":"bytes32"},{"name":"recordCid","type":"string"}]}])")
          .value();
  const std::string args = R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",[1,2,5],"1767225600",)"
                           R"("0xabababababababababababababababababababababababababababababababab",)"
                           R"("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"])";
  bench::emit(
      "abi.encodeFunctionData", bench::ops_per_sec([&] {
        auto a = eth::json_util::parse(args);
        (void)eth::json_util::hex0x(
            iface.encode_function_data("grantAccess(address,uint8[],uint64,bytes32,string)", a.value()).value());
      }),
      "ops/s");

  const std::string phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
  bench::emit("bip39.mnemonicToSeed",
              bench::ops_per_sec([&] { (void)eth::bip39::mnemonic_to_seed(phrase, ByteView{}); }), "ops/s");

  auto seed = eth::bip39::mnemonic_to_seed(phrase, ByteView{}).value();
  bench::emit("bip32.derive m/44'/60'/0'/0/0", bench::ops_per_sec([&] {
                auto root = eth::bip32::from_seed(seed.view());
                auto node = eth::bip32::derive_path(root.value(), "m/44'/60'/0'/0/0");
                (void)eth::bip32::public_key(node.value());
              }),
              "ops/s");

  eth::keystore::EncryptOptions o;
  o.scrypt = {262144, 8, 1};
  const std::string pw = "correct horse battery staple";
  const ByteView pwv(reinterpret_cast<const std::uint8_t*>(pw.data()), pw.size());  // NOLINT
  const std::string ks = eth::keystore::encrypt(key, pwv, o).value();
  bench::emit("keystore.decrypt scrypt N=262144", bench::time_ms([&] { (void)eth::keystore::decrypt(ks, pwv); }), "ms");
}
