// A party whose access ended, played as an attacker: it gathers every key it ever received
// straight from the chain's events and the IPFS gateway (not through the page) and tries them on a
// record's envelope. Keys: its X25519 identities (from its own wallet's signature of the key
// request, every key version), every grant payload sealed to it, every group key version of every
// institution it belonged to (member wraps on IPFS) and every grant or emergency authorisation
// sealed to those group keys; for a patient whose key request signature was phished, the chart
// roots of the phished versions.
import { readFileSync } from 'node:fs';
import { Contract, HDNodeWallet, JsonRpcProvider, Mnemonic, zeroPadValue, toBeHex } from 'ethers';
import { init } from '../wasm/helpers.mjs';
import { ANVIL_CHAIN_ID } from './helpers.mjs';

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
const unhex = (s) => new Uint8Array(Buffer.from(String(s).replace(/^0x/, ''), 'hex'));
export const memberGrantee = (address) => zeroPadValue(address, 32);
export const institutionGrantee = (id) => toBeHex((1n << 160n) | BigInt(id), 32);

/** The tools of an attacker (and of a checking reader) on a running stack. */
export async function adversary(stack) {
  const ehr = await init();
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const hub = new Contract(stack.contracts.EhrHub, abi, provider);
  const lensAbi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrLens.json', import.meta.url), 'utf8')).abi;
  const lens = new Contract(stack.contracts.EhrLens, lensAbi, provider);
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(ANVIL_MNEMONIC), "m/44'/60'/0'/0");
  const wallet = (i) => root.deriveChild(i).connect(provider);

  /** The 65-byte signature of the key request of `version`, as the page asks the wallet for it. */
  async function keySignature(i, version) {
    const w = wallet(i);
    const typed = ehr.records.encryptionKeyRequest(ANVIL_CHAIN_ID, stack.contracts.EhrHub, w.address, version);
    const types = { ...typed.types };
    delete types.EIP712Domain;
    return unhex(await w.signTypedData(typed.domain, types, typed.message));
  }

  /** Identity (and chart root) of account `i` for key versions 1..versions. */
  async function versionKeys(i, versions = 2) {
    const out = [];
    for (let v = 1; v <= versions; v++) {
      const sig = await keySignature(i, v);
      out.push({
        version: v,
        identity: ehr.records.identityFromSignature(sig, wallet(i).address),
        chartRoot: ehr.records.chartRootFromSignature(sig, wallet(i).address),
      });
    }
    return out;
  }

  async function ipfsBytes(codec, digest) {
    const cid = ehr.ipfs.formatCid(new Uint8Array([0x01, Number(codec), 0x12, 0x20, ...unhex(digest)]));
    const res = await fetch(`${stack.node.gatewayUrl}/ipfs/${cid}?format=raw`);
    if (!res.ok) throw new Error(`gateway ${res.status} for ${cid}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!ehr.ipfs.verifyBlock(cid, bytes)) throw new Error(`the gateway's block does not match ${cid}`);
    return bytes;
  }

  /**
   * Everything account `i` ever received: { identities (its own, every version, and every group key
   * it could open), chartKeys (every grant payload it could open) }.
   * @param {number} i anvil account index
   * @param {{ institutions?: number[], versions?: number }} [o] institutions it was ever a member of
   */
  async function everyKey(i, o = {}) {
    const account = wallet(i).address;
    const own = (await versionKeys(i, o.versions ?? 2)).map((k) => k.identity);
    const groupKeys = [];
    for (const id of o.institutions ?? []) {
      for (const ev of await hub.queryFilter(hub.filters.MemberWrapsPublished(id), 0)) {
        const wraps = await ipfsBytes(ev.args.codec, ev.args.digest);
        for (const identity of own) {
          try {
            groupKeys.push(ehr.records.institutions.open(wraps, identity));
          } catch {
            // not sealed to this identity
          }
        }
      }
    }
    const payloads = (await hub.queryFilter(hub.filters.AccessGranted(null, memberGrantee(account)), 0)).map((e) => ({
      bytes: e.args.wrappedKeys,
      keys: own,
    }));
    for (const id of o.institutions ?? []) {
      for (const e of await hub.queryFilter(hub.filters.AccessGranted(null, institutionGrantee(id)), 0))
        payloads.push({ bytes: e.args.wrappedKeys, keys: groupKeys });
      for (const e of await hub.queryFilter(hub.filters.EmergencyInstitutionSet(null, id), 0))
        payloads.push({ bytes: e.args.wrappedKeys, keys: groupKeys });
    }
    const chartKeys = [];
    for (const p of payloads) {
      const bytes = unhex(p.bytes);
      if (bytes.length === 0) continue;
      for (const k of p.keys) {
        try {
          chartKeys.push(...ehr.records.grants.open(bytes, k));
        } catch {
          // sealed to another key
        }
      }
    }
    return { identities: [...own, ...groupKeys], chartKeys };
  }

  /**
   * The chart keys a phished chart root derives for every scope given, at epochs 0..span of every
   * key version's range (version v starts at (v - 1) << 24): whatever epoch a record names.
   */
  function phishedChartKeys(chartRoot, scopes, span, versions = 3) {
    const out = [];
    for (let v = 0; v < versions; v++)
      for (const s of scopes) for (let e = 0; e <= span; e++) out.push(chartRoot.chartKey(s, v * 2 ** 24 + e));
    return out;
  }

  /** The envelope of a patient's record (id, default the newest), fetched from the gateway. */
  async function envelopeOf(patient, id) {
    const n = id ?? Number(await hub.recordCount(patient));
    const r = await hub.record(patient, n);
    return { id: n, scope: Number(r.scope), author: r.author, bytes: await ipfsBytes(r.codec, r.digest) };
  }

  /** 'opened: <text>' or the error code the module gave. */
  function tryOpen(envelope, keys) {
    try {
      const plain = ehr.records.decrypt(envelope, {
        chartKeys: keys.chartKeys ?? [],
        identities: keys.identities ?? [],
      });
      return `opened: ${new TextDecoder().decode(plain)}`;
    } catch (e) {
      return e?.code ?? String(e);
    }
  }

  return { ehr, provider, hub, lens, wallet, versionKeys, everyKey, phishedChartKeys, envelopeOf, tryOpen, ipfsBytes };
}
