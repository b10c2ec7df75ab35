// Ethereum benchmarks: the module ("ours") beside ethers v6, @scure/bip39, @scure/bip32 and
// hash-wasm, measured in the same process run.
//   tx.sign+serialize (EIP-1559)      ours: Wallet.signTransaction (key in the module)
//                                     ethers: Transaction.from + SigningKey.sign + serialized
//   abi.encodeFunctionData            a consent-style call (address, uint8[], uint64, bytes32, string)
//   bip39.mnemonicToSeed              12 words, empty passphrase; ethers as its browser build runs
//                                     it (PBKDF2 from its bundled @noble/hashes, registered through
//                                     ethers' pbkdf2.register: in Node ethers would use node:crypto)
//   bip32.derive m/44'/60'/0'/0/0     from the seed to the account key and its public key/address
//   keystore.decrypt scrypt N=262144  a geth-standard keystore (N = 2^18, r = 8, p = 1), in ms;
//                                     hash-wasm runs the scrypt KDF alone
import { createRequire } from 'node:module';
import { Transaction, SigningKey, Interface, Mnemonic, pbkdf2 as ethersPbkdf2, decryptKeystoreJsonSync } from 'ethers';
import { mnemonicToSeedSync } from '@scure/bip39';
import { HDKey } from '@scure/bip32';
import { scrypt as hwScrypt } from 'hash-wasm';
import { init } from '../wasm/js/ehr.js';
import { measure, timeMs, fill } from './lib.mjs';

export async function run({ record }) {
  const ehr = await init();
  const ops = (op, impl, fn) => {
    const m = measure(fn);
    record({ op, impl, value: m.opsPerSec, unit: 'ops/s', minUs: m.minUs, avgUs: m.avgUs, maxUs: m.maxUs });
  };
  const ms = async (op, impl, fn) => record({ op, impl, value: await timeMs(fn, { runs: 3 }), unit: 'ms' });

  // ---- EIP-1559 sign + serialize ------------------------------------------------------------------
  const key = fill(32, 7);
  const tx = {
    type: 2,
    chainId: 1n,
    nonce: 42n,
    maxPriorityFeePerGas: 1_500_000_000n,
    maxFeePerGas: 30_000_000_000n,
    gasLimit: 60000n,
    to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    value: 10n ** 17n,
    data: '0xa9059cbb',
  };
  const wallet = ehr.wallet.fromPrivateKey(key);
  const signingKey = new SigningKey(ehr.toHex(key));
  const ethersRaw = (() => {
    const t = Transaction.from(tx);
    t.signature = signingKey.sign(t.unsignedHash);
    return t.serialized;
  })();
  if (ehr.toHex(wallet.signTransaction(tx)) !== ethersRaw) throw new Error('bench: ours and ethers sign differently');
  ops('tx.sign+serialize (EIP-1559)', 'ours', () => wallet.signTransaction(tx));
  ops('tx.sign+serialize (EIP-1559)', 'ethers', () => {
    const t = Transaction.from(tx);
    t.signature = signingKey.sign(t.unsignedHash);
    return t.serialized;
  });
  wallet.dispose();

  // ---- ABI encodeFunctionData ---------------------------------------------------------------------
  const abi = [
    {
      type: 'function',
      name: 'grantAccess',
      stateMutability: 'nonpayable',
      outputs: [],
      inputs: [
        { name: 'grantee', type: 'address' },
        { name: 'scopes', type: 'uint8[]' },
        { name: 'expiresAt', type: 'uint64' },
        { name: 'keyEpoch', type: 'bytes32' },
        { name: 'recordCid', type: 'string' },
      ],
    },
  ];
  const args = [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    [1, 2, 5],
    1767225600n,
    `0x${'ab'.repeat(32)}`,
    'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  ];
  const ours = ehr.abi.createInterface(abi);
  const theirs = new Interface(abi);
  if (ehr.toHex(ours.encodeFunctionData('grantAccess', args)) !== theirs.encodeFunctionData('grantAccess', args))
    throw new Error('bench: ABI mismatch');
  ops('abi.encodeFunctionData', 'ours', () => ours.encodeFunctionData('grantAccess', args));
  ops('abi.encodeFunctionData', 'ethers', () => theirs.encodeFunctionData('grantAccess', args));
  ours.dispose();

  // ---- BIP-39 seed ----------------------------------------------------------------------------------
  const phrase = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
  const seed = ehr.bip39.mnemonicToSeed(phrase);
  if (ehr.toHex(seed).slice(2) !== Buffer.from(mnemonicToSeedSync(phrase)).toString('hex'))
    throw new Error('bench: seed mismatch');
  ops('bip39.mnemonicToSeed', 'ours', () => ehr.bip39.mnemonicToSeed(phrase));
  ops('bip39.mnemonicToSeed', '@scure/bip39', () => mnemonicToSeedSync(phrase));
  const req = createRequire(import.meta.resolve('ethers'));
  const { pbkdf2: noblePbkdf2 } = req('@noble/hashes/pbkdf2');
  const { sha256 } = req('@noble/hashes/sha256');
  const { sha512 } = req('@noble/hashes/sha512');
  ethersPbkdf2.register((pw, salt, c, dkLen, algo) =>
    noblePbkdf2(algo === 'sha256' ? sha256 : sha512, pw, salt, { c, dkLen }),
  );
  ops('bip39.mnemonicToSeed', 'ethers', () => Mnemonic.fromPhrase(phrase).computeSeed());

  // ---- BIP-32 ---------------------------------------------------------------------------------------
  const path = "m/44'/60'/0'/0/0";
  ops(`bip32.derive ${path}`, 'ours', () => {
    const root = ehr.bip32.fromSeed(seed);
    const node = root.derive(path);
    const pub = node.publicKey();
    node.dispose();
    root.dispose();
    return pub;
  });
  ops(`bip32.derive ${path}`, '@scure/bip32', () => HDKey.fromMasterSeed(seed).derive(path).publicKey);

  // ---- keystore decrypt (scrypt N = 2^18) ------------------------------------------------------------
  const json = ehr.keystore.encrypt(key, 'correct horse battery staple', { kdf: 'scrypt', n: 262144, r: 8, p: 1 });
  const salt = ehr.fromHex(`0x${JSON.parse(json).crypto.kdfparams.salt}`);
  await ms('keystore.decrypt scrypt N=262144', 'ours', () =>
    ehr.wallet.fromKeystore(json, 'correct horse battery staple').dispose(),
  );
  await ms('keystore.decrypt scrypt N=262144', 'ethers', () =>
    decryptKeystoreJsonSync(json, 'correct horse battery staple'),
  );
  await ms('keystore.decrypt scrypt N=262144', 'hash-wasm', () =>
    hwScrypt({
      password: 'correct horse battery staple',
      salt,
      costFactor: 262144,
      blockSize: 8,
      parallelism: 1,
      hashLength: 32,
      outputType: 'binary',
    }),
  );
}
