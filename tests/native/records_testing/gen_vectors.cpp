// Generator of the published record-envelope and key-schedule vectors (tests/data/envelope/).
// Run through scripts/gen-envelope-vectors.sh; the output is committed and never edited by hand.
//
//   ehr_records_vectors <out_dir>   writes <out_dir>/envelope_v1.json and <out_dir>/keys_v1.json
//
// Every "random" input is fixed: derived from a label with BLAKE2b (test_bytes below), or taken
// from a public source (the Hardhat/anvil test mnemonic and an ethers signature over the
// EncryptionKeyRequest typed data, listed in keys_v1.json so that tests can recompute them).
#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/hex.hpp"
#include "deterministic.hpp"
#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/key_schedule.hpp"
#include "records/le.hpp"
#include "crypto/x25519.hpp"

using namespace ehr;
using namespace ehr::records;
using json = nlohmann::ordered_json;

namespace {

// n pseudo-random bytes from a label: BLAKE2b-512(label || counter) blocks.
Bytes test_bytes(const std::string& label, std::size_t n) {
  Bytes out;
  for (std::uint32_t ctr = 0; out.size() < n; ++ctr) {
    std::uint8_t block[64];
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, sizeof block);
    crypto_generichash_update(&st, reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
    std::uint8_t c[4];
    le::store32(c, ctr);
    crypto_generichash_update(&st, c, 4);
    crypto_generichash_final(&st, block, sizeof block);
    out.insert(out.end(), block, block + std::min<std::size_t>(64, n - out.size()));
  }
  return out;
}
template <std::size_t N>
FixedBytes<N> test_fixed(const std::string& label) {
  return to_fixed<N>(test_bytes(label, N));
}
std::string hx(ByteView b) { return to_hex(b); }
Bytes unhex(const std::string& s) { return from_hex(s).value(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "ehr_records_vectors: %s\n", what.c_str());
  std::exit(1);
}
template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message);
  return std::move(r.value());
}

const char* kFhirObservation =
    R"({"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org",)"
    R"("code":"718-7","display":"Hemoglobin [Mass/volume] in Blood"}]},"subject":{"reference":"Patient/example"},)"
    R"("effectiveDateTime":"2024-03-05T09:30:00Z","valueQuantity":{"value":13.2,"unit":"g/dL",)"
    R"("system":"http://unitsofmeasure.org","code":"g/dL"}})";

struct Recipient {
  crypto::Secret<32> secret;
  X25519Public pub{};
};

Recipient recipient(const std::string& label) {
  Recipient r;
  const auto b = test_bytes("recipient secret " + label, 32);
  r.secret = crypto::Secret<32>(ByteView(b));
  r.pub = crypto::x25519::public_key(r.secret);
  return r;
}

struct Case {
  std::string name;
  std::string comment;
  std::uint16_t scope;
  std::uint32_t epoch;
  std::uint32_t chunk_size;
  std::size_t n_scope_wraps;  // chart keys K(scope, epoch), K(scope, epoch + 1), ...
  std::vector<std::string> recipients;
  Bytes plaintext;
};

json build_valid(const Case& c, const crypto::Secret<32>& root, Bytes& envelope_out) {
  WriterParams p;
  p.scope = c.scope;
  p.epoch = c.epoch;
  p.chunk_size = c.chunk_size;
  std::vector<crypto::Secret<32>> keys;
  json jkeys = json::array();
  for (std::size_t i = 0; i < c.n_scope_wraps; ++i) {
    const auto e = static_cast<std::uint32_t>(c.epoch + i);
    keys.push_back(chart_key(root, c.scope, e));
    jkeys.push_back(
        {{"scope", c.scope}, {"epoch", e}, {"key", hx(keys.back().view())}, {"hint", hx(scope_key_hint(keys.back()))}});
  }
  for (const auto& k : keys) p.chart_keys.push_back(&k);
  json jrec = json::array();
  std::vector<Recipient> recs;
  for (const auto& label : c.recipients) {
    recs.push_back(recipient(label));
    p.recipients.push_back(recs.back().pub);
    jrec.push_back({{"secret", hx(recs.back().secret.view())},
                    {"public", hx(recs.back().pub)},
                    {"hint", hx(public_key_hint(recs.back().pub))}});
  }
  testing::FixedInputs in;
  in.content_key = test_fixed<32>("content key " + c.name);
  for (std::size_t i = 0; i < c.n_scope_wraps; ++i)
    in.wrap_nonces.push_back(test_fixed<24>("wrap nonce " + c.name + std::to_string(i)));
  for (std::size_t i = 0; i < recs.size(); ++i)
    in.ephemeral_secrets.push_back(test_fixed<32>("ephemeral " + c.name + std::to_string(i)));
  in.stream_header = test_fixed<24>("stream header " + c.name);
  Bytes env = must(testing::deterministic_envelope(c.plaintext, p, in), c.name);
  // The same bytes whatever the push sizes.
  for (std::size_t piece : {1u, 7u, 1000u, 4096u}) {
    if (must(testing::deterministic_envelope(c.plaintext, p, in, piece), c.name) != env) die("split changes " + c.name);
  }
  // And it opens with every key it names.
  for (const auto& k : keys) {
    ReaderKeys rk;
    rk.chart_keys.emplace_back(k.view());
    auto pt = must(decrypt_record(env, std::move(rk)), "open " + c.name);
    if (!std::equal(pt.view().begin(), pt.view().end(), c.plaintext.begin(), c.plaintext.end()))
      die("round trip " + c.name);
  }
  const HeaderInfo h = must(parse_header(env), "parse " + c.name);
  json wraps = json::array();
  for (const auto& n : in.wrap_nonces) wraps.push_back(hx(n));
  json ephs = json::array();
  for (const auto& e : in.ephemeral_secrets) ephs.push_back(hx(e));
  envelope_out = env;
  return json{{"name", c.name},
              {"comment", c.comment},
              {"scope", c.scope},
              {"epoch", c.epoch},
              {"chunk_size", c.chunk_size},
              {"chart_keys", jkeys},
              {"recipients", jrec},
              {"content_key", hx(in.content_key)},
              {"wrap_nonces", wraps},
              {"ephemeral_secrets", ephs},
              {"stream_header", hx(in.stream_header)},
              {"plaintext", hx(c.plaintext)},
              {"header_len", h.header_len},
              {"envelope", hx(env)}};
}

// An envelope whose first wrap has a type this version does not define (0x7f, 40 bytes): readers
// skip it and open the scope wrap after it. Assembled by hand from the format description.
json build_unknown_wrap(const crypto::Secret<32>& root) {
  const std::string name = "unknown-wrap-type-skipped";
  const std::uint16_t scope = 2;
  const std::uint32_t epoch = 0;
  const std::uint32_t chunk = 1024;
  const auto key = chart_key(root, scope, epoch);
  const Bytes unknown_body = test_bytes("unknown wrap body", 40);
  const std::size_t header_len =
      kPrefixSize + kWrapHeadSize + unknown_body.size() + kWrapHeadSize + kScopeWrapSize + kStreamHeaderSize;
  const auto prefix = encode_prefix(static_cast<std::uint32_t>(header_len), chunk, scope, epoch, 2);
  Bytes h(prefix.begin(), prefix.end());
  h.push_back(0x7f);
  const Bytes hint = test_bytes("unknown wrap hint", 4);
  h.insert(h.end(), hint.begin(), hint.end());
  le::put16(h, static_cast<std::uint16_t>(unknown_body.size()));
  h.insert(h.end(), unknown_body.begin(), unknown_body.end());
  const auto ck_bytes = test_fixed<32>("content key " + name);
  const crypto::Secret<32> ck{ByteView(ck_bytes)};
  const auto nonce = test_fixed<24>("wrap nonce " + name + "0");
  h.push_back(1);
  const auto kh = scope_key_hint(key);
  h.insert(h.end(), kh.begin(), kh.end());
  le::put16(h, static_cast<std::uint16_t>(kScopeWrapSize));
  const auto body = scope_wrap(ck, key, nonce, ByteView(prefix));
  h.insert(h.end(), body.begin(), body.end());
  const Hash32 ad = header_digest(h);
  const auto ssh = test_fixed<24>("stream header " + name);
  h.insert(h.end(), ssh.begin(), ssh.end());
  crypto_secretstream_xchacha20poly1305_state st;
  crypto_secretstream_xchacha20poly1305_init_pull(&st, ssh.data(), ck.data());
  const Bytes pt = test_bytes("plaintext " + name, 100);
  Bytes env = h;
  env.resize(h.size() + pt.size() + kChunkOverhead);
  crypto_secretstream_xchacha20poly1305_push(&st, env.data() + h.size(), nullptr, pt.data(), pt.size(), ad.data(),
                                             ad.size(), crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  ReaderKeys rk;
  rk.chart_keys.emplace_back(key.view());
  auto back = must(decrypt_record(env, std::move(rk)), name);
  if (!std::equal(back.view().begin(), back.view().end(), pt.begin(), pt.end())) die(name);
  return json{
      {"name", name},
      {"comment", "first wrap has type 0x7f (unknown to v1 readers, skipped); the scope wrap opens"},
      {"scope", scope},
      {"epoch", epoch},
      {"chunk_size", chunk},
      {"chart_keys", json::array({{{"scope", scope}, {"epoch", epoch}, {"key", hx(key.view())}, {"hint", hx(kh)}}})},
      {"recipients", json::array()},
      {"content_key", hx(ck_bytes)},
      {"wrap_nonces", json::array({hx(nonce)})},
      {"ephemeral_secrets", json::array()},
      {"stream_header", hx(ssh)},
      {"plaintext", hx(pt)},
      {"header_len", header_len},
      {"envelope", hx(env)}};
}

// Error code a reader holding `key` gets for `env` (checked against the expected one).
std::string open_error(ByteView env, const crypto::Secret<32>& key) {
  ReaderKeys rk;
  rk.chart_keys.emplace_back(key.view());
  auto r = decrypt_record(env, std::move(rk));
  return r ? "OK" : std::string(errc_name(r.error().code));
}

json invalid(const std::string& name, const std::string& comment, const Bytes& env, const crypto::Secret<32>& key,
             const std::string& error) {
  const std::string got = open_error(env, key);
  if (got != error) die(name + ": expected " + error + ", got " + got);
  return json{
      {"name", name}, {"comment", comment}, {"chart_key", hx(key.view())}, {"envelope", hx(env)}, {"error", error}};
}

json build_invalid(const Bytes& multi, const crypto::Secret<32>& key, const Bytes& single,
                   const crypto::Secret<32>& single_key, const crypto::Secret<32>& other_key) {
  const HeaderInfo h = must(parse_header(multi), "parse");
  const std::size_t hl = h.header_len;
  const std::size_t ct = h.chunk_size + kChunkOverhead;
  json out = json::array();
  auto with = [&](std::size_t at, std::uint8_t v) {
    Bytes e = multi;
    e[at] = v;
    return e;
  };
  auto with32 = [&](std::size_t at, std::uint32_t v) {
    Bytes e = multi;
    le::store32(e.data() + at, v);
    return e;
  };
  out.push_back(invalid("bad-magic", "first byte 'F' instead of 'E'", with(0, 'F'), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("unknown-version", "version byte 2", with(4, 2), key, "ERR_UNKNOWN_VERSION"));
  out.push_back(invalid("unknown-algorithm", "payload algorithm 2", with(5, 2), key, "ERR_UNKNOWN_VERSION"));
  out.push_back(invalid("nonzero-flags", "flags byte 1", with(6, 1), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("oversized-header", "header_len 65537 (> 64 KiB)", with32(8, 65537), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("header-len-mismatch", "header_len one more than the wraps need",
                        with32(8, static_cast<std::uint32_t>(hl + 1)), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("chunk-size-too-small", "chunk_size 512", with32(12, 512), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("chunk-size-altered", "chunk_size 1025 (in range, but the header digest changes)",
                        with32(12, h.chunk_size + 1), key, "ERR_AUTH_FAILED"));
  out.push_back(invalid("scope-altered", "scope field + 1: the scope wrap's AD no longer matches",
                        with(16, static_cast<std::uint8_t>(multi[16] ^ 1)), key, "ERR_AUTH_FAILED"));
  out.push_back(invalid("wrap-count-zero", "wrap_count 0", with(22, 0), key, "ERR_BAD_ENVELOPE"));
  out.push_back(invalid("hint-altered", "the scope wrap's key hint changed: no wrap is for this key",
                        with(kPrefixSize + 1, static_cast<std::uint8_t>(multi[kPrefixSize + 1] ^ 0x80)), key,
                        "ERR_NO_RECIPIENT"));
  out.push_back(invalid("stream-header-altered", "a bit of the secretstream header flipped",
                        with(hl - 1, static_cast<std::uint8_t>(multi[hl - 1] ^ 1)), key, "ERR_AUTH_FAILED"));
  out.push_back(invalid("payload-bit-flip", "a bit of the second chunk flipped",
                        with(hl + ct + 5, static_cast<std::uint8_t>(multi[hl + ct + 5] ^ 4)), key, "ERR_AUTH_FAILED"));
  {
    Bytes e = multi;
    std::swap_ranges(e.begin() + static_cast<std::ptrdiff_t>(hl), e.begin() + static_cast<std::ptrdiff_t>(hl + ct),
                     e.begin() + static_cast<std::ptrdiff_t>(hl + ct));
    out.push_back(invalid("chunks-swapped", "first and second chunks exchanged", e, key, "ERR_AUTH_FAILED"));
  }
  out.push_back(invalid("truncated-at-chunk-boundary", "the envelope cut after its second chunk",
                        Bytes(multi.begin(), multi.begin() + static_cast<std::ptrdiff_t>(hl + 2 * ct)), key,
                        "ERR_STREAM_TRUNCATED"));
  out.push_back(invalid("truncated-in-header", "the envelope cut inside its wraps",
                        Bytes(multi.begin(), multi.begin() + 40), key, "ERR_STREAM_TRUNCATED"));
  out.push_back(invalid("truncated-in-chunk", "the last chunk cut short by one byte",
                        Bytes(multi.begin(), multi.end() - 1), key, "ERR_AUTH_FAILED"));
  {
    Bytes e = single;
    e.push_back(0);
    out.push_back(
        invalid("trailing-byte", "one byte after a full-size FINAL chunk", e, single_key, "ERR_STREAM_TRUNCATED"));
    e = multi;
    e.push_back(0);
    out.push_back(invalid("trailing-byte-after-short-chunk",
                          "one byte after a short FINAL chunk: read as a longer last chunk, whose tag fails", e, key,
                          "ERR_AUTH_FAILED"));
  }
  out.push_back(invalid("empty-input", "no bytes at all", Bytes{}, key, "ERR_STREAM_TRUNCATED"));
  out.push_back(invalid("wrong-key", "a chart key of another epoch", single, other_key, "ERR_NO_RECIPIENT"));
  return out;
}

json key_vectors() {
  // Hardhat/anvil test mnemonic "test test test test test test test test test test test junk",
  // empty passphrase; account 0 at m/44'/60'/0'/0/0.
  const Bytes seed = unhex(
      "9dfc3c64c2f8bede1533b6a79f8570e5943e0b8fd1cf77107adf7b72cef42185d564a3aee24cab43f80e3c4538087d70"
      "fc824eabbad596a23c97b6ee8322ccc0");
  const Address20 account = to_fixed<20>(unhex("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
  // ethers Wallet.signTypedData over the EncryptionKeyRequest below with account 0's key.
  const Bytes sig = unhex(
      "c848d06c52db2d510cad90e19f8fb5832d43ee124680c8912722e7cfac8371a548e1d0addd17faca2cda3d5896a2767335e5cbf5"
      "208e52d865dd0944a696380b1c");
  json seed_ids = json::array();
  for (std::uint32_t i : {0u, 1u, 7u}) {
    auto sk = must(identity_from_seed(seed, i), "seed id");
    seed_ids.push_back({{"account_index", i},
                        {"x25519_secret", hx(sk.view())},
                        {"x25519_public", hx(crypto::x25519::public_key(sk))}});
  }
  auto sig_id = must(identity_from_signature(sig, account), "sig id");
  // The same signature with s replaced by n - s (and v flipped): the same key.
  Bytes high = sig;
  {
    auto rs = must(normalized_signature_rs(sig), "rs");
    static const std::uint8_t n[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                       0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
    int borrow = 0;
    for (std::size_t k = 32; k-- > 0;) {
      int d = static_cast<int>(n[k]) - static_cast<int>(rs.data()[32 + k]) - borrow;
      borrow = d < 0 ? 1 : 0;
      high[32 + k] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
    }
    high[64] = static_cast<std::uint8_t>(high[64] == 0x1b ? 0x1c : 0x1b);
  }
  auto sig_id_high = must(identity_from_signature(high, account), "sig id high");
  if (sodium_memcmp(sig_id.data(), sig_id_high.data(), 32) != 0) die("high-s normalization");
  auto root_seed = must(chart_root_from_seed(seed, account), "root seed");
  auto root_sig = must(chart_root_from_signature(sig, account), "root sig");
  json chart = json::array();
  for (auto [scope, epoch] :
       {std::pair<std::uint16_t, std::uint32_t>{0, 0}, {1, 0}, {1, 1}, {7, 42}, {65535, 4294967295u}}) {
    auto k = chart_key(root_seed, scope, epoch);
    chart.push_back({{"scope", scope}, {"epoch", epoch}, {"key", hx(k.view())}, {"hint", hx(scope_key_hint(k))}});
  }
  return json{
      {"format", "ehr records key schedule v1 (docs/record-format.md, Keys)"},
      {"generator",
       "scripts/gen-envelope-vectors.sh (tests/native/records_testing/gen_vectors.cpp); never edit by hand"},
      {"mnemonic", "test test test test test test test test test test test junk"},
      {"seed", hx(seed)},
      {"account", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"},
      {"identity_from_seed", seed_ids},
      {"chart_root_from_seed", hx(root_seed.view())},
      {"chart_keys_from_seed_root", chart},
      {"typed_data",
       {{"domain",
         {{"name", "EHR"},
          {"version", "1"},
          {"chainId", 31337},
          {"verifyingContract", "0x5FbDB2315678afecb367f032d93F642f64180aa3"}}},
        {"primaryType", "EncryptionKeyRequest"},
        {"types",
         {{"EncryptionKeyRequest", json::array({{{"name", "account"}, {"type", "address"}},
                                                {{"name", "purpose"}, {"type", "string"}},
                                                {{"name", "keyVersion"}, {"type", "uint32"}}})}}},
        {"message",
         {{"account", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"},
          {"purpose", "Derive my health-record encryption key. Only sign this on the EHR page."},
          {"keyVersion", 1}}},
        {"digest", "43616fe513f2de5e7865bee4b291e6605c43f5ef9a6b10b83766810545eaab90"}}},
      {"signature", hx(sig)},
      {"signature_high_s", hx(high)},
      {"identity_from_signature",
       {{"x25519_secret", hx(sig_id.view())}, {"x25519_public", hx(crypto::x25519::public_key(sig_id))}}},
      {"chart_root_from_signature", hx(root_sig.view())},
  };
}

void write(const std::string& path, const json& j) {
  std::ofstream f(path, std::ios::binary);
  if (!f) die("cannot write " + path);
  f << j.dump(2) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) die("usage: ehr_records_vectors <out_dir>");
  if (sodium_init() < 0) die("sodium_init");
  const std::string dir = argv[1];
  const Bytes root_b = test_bytes("chart root", 32);
  const crypto::Secret<32> root{ByteView(root_b)};
  const std::string obs = kFhirObservation;
  std::vector<Case> cases = {
      {"empty", "empty record: one empty FINAL chunk", 1, 0, 1024, 1, {}, {}},
      {"fhir-observation",
       "a FHIR Observation, one short chunk; scope wrap + the patient's recipient wrap",
       1,
       3,
       1024,
       1,
       {"patient"},
       Bytes(obs.begin(), obs.end())},
      {"one-full-chunk",
       "exactly one chunk: the full chunk carries FINAL",
       2,
       0,
       1024,
       1,
       {},
       test_bytes("pt one-full-chunk", 1024)},
      {"multi-chunk",
       "2 full chunks + a short FINAL one; two scope wraps (epochs 5 and 6) and two recipients",
       4,
       5,
       1024,
       2,
       {"patient", "doctor"},
       test_bytes("pt multi-chunk", 2600)},
      {"exact-chunks",
       "3 full chunks, the third FINAL; recipient wrap only",
       3,
       1,
       1024,
       0,
       {"doctor"},
       test_bytes("pt exact-chunks", 3072)},
      {"chunk-4k", "4 KiB chunks, 9000 bytes", 9, 2, 4096, 1, {"patient"}, test_bytes("pt chunk-4k", 9000)},
  };
  json valid = json::array();
  Bytes multi, single;
  for (const auto& c : cases) {
    Bytes env;
    valid.push_back(build_valid(c, root, env));
    if (c.name == "multi-chunk") multi = env;
    if (c.name == "one-full-chunk") single = env;
  }
  valid.push_back(build_unknown_wrap(root));
  const auto k_multi = chart_key(root, 4, 5);
  const auto k_single = chart_key(root, 2, 0);
  const auto k_other = chart_key(root, 2, 1);
  json env_doc = {
      {"format", "ehr record envelope v1 (docs/record-format.md)"},
      {"generator",
       "scripts/gen-envelope-vectors.sh (tests/native/records_testing/gen_vectors.cpp, the test-only "
       "deterministic mode); never edit by hand"},
      {"chart_root", hx(root_b)},
      {"notes",
       "chart keys are K(scope, epoch) under chart_root; content keys, nonces, ephemeral secrets and "
       "stream headers are fixed test inputs. 'invalid' cases are opened with chart_key alone."},
      {"valid", valid},
      {"invalid", build_invalid(multi, k_multi, single, k_single, k_other)},
  };
  write(dir + "/envelope_v1.json", env_doc);
  write(dir + "/keys_v1.json", key_vectors());
  std::printf("wrote %s/envelope_v1.json and %s/keys_v1.json\n", dir.c_str(), dir.c_str());
  return 0;
}
