// Unit tests of web/src/origin.js, the page's origin-isolation check: which locations count as a
// shared origin (a path gateway) or a frame, and the subdomain-gateway address the page offers
// instead, with CIDs converted as the WebAssembly module and multiformats convert them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CID } from 'multiformats/cid';
import { base36 } from 'multiformats/bases/base36';
import { base58btc } from 'multiformats/bases/base58';
import * as Digest from 'multiformats/hashes/digest';
import { init } from '../../wasm/js/ehr.js';
import {
  originIsolation,
  subdomainAddress,
  cidToBase32,
  ipnsLabel,
  gatewayPath,
  isFramed,
  requireIsolation,
  SharedOriginError,
} from '../../web/src/origin.js';
import { describeError } from '../../web/src/errors.js';

const V0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const V1 = 'bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34'; // V0 as CIDv1 base32
const PEER = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA';

/** A top-level window at `url` (self === top). */
const at = (url) => {
  const u = new URL(url);
  const win = { location: { protocol: u.protocol, hostname: u.hostname, port: u.port, pathname: u.pathname } };
  win.self = win;
  win.top = win;
  return win;
};

test('origin isolation: own origins are isolated, path-gateway paths are not', () => {
  for (const url of [
    'https://app.example/',
    'https://app.example/ehr/index.html',
    `https://${V1}.ipfs.dweb.link/`,
    'http://127.0.0.1:8080/x7f3a1/',
    'https://gw.example/ipfsx/',
    'https://gw.example/docs/ipfs/Qm/',
    'https://gw.example/IPFS/x/',
  ]) {
    assert.deepEqual(originIsolation(at(url)), { isolated: true, framed: false, address: null }, url);
  }
  for (const [url, address] of [
    [`https://gw.example/ipfs/${V1}/`, `https://${V1}.ipfs.gw.example/`],
    [`https://gw.example/ipfs/${V1}`, `https://${V1}.ipfs.gw.example/`],
    [`https://gw.example/ipfs/${V1}/index.html`, `https://${V1}.ipfs.gw.example/index.html`],
    [`https://gw.example/ipfs/${V1}/web/app/`, `https://${V1}.ipfs.gw.example/web/app/`],
    [`https://gw.example/ipfs/${V0}/`, `https://${V1}.ipfs.gw.example/`],
    [`https://gw.example:8443/ipfs/${V0}/`, `https://${V1}.ipfs.gw.example:8443/`],
    [`http://127.0.0.1:8080/ipfs/${V1}/`, `http://${V1}.ipfs.localhost:8080/`],
    [`http://localhost:5001/ipfs/${V0}/`, `http://${V1}.ipfs.localhost:5001/`],
    [`http://[::1]:5001/ipfs/${V1}/`, `http://${V1}.ipfs.localhost:5001/`],
    [
      'https://dweb.link/ipns/en.wikipedia-on-ipfs.org/wiki/',
      'https://en-wikipedia--on--ipfs-org.ipns.dweb.link/wiki/',
    ],
    ['https://dweb.link/ipns/Docs.IPFS.tech/', 'https://docs-ipfs-tech.ipns.dweb.link/'],
    ['http://127.0.0.1:8080/ipns/ehr.example.org/', 'http://ehr-example-org.ipns.localhost:8080/'],
    [
      `https://gw.example/ipns/${PEER}/`,
      'https://k51qzi5uqu5dhdmyb9bd18pypu2wp5lpv2xnskfmrqa4lb5knqryrotb05e7or.ipns.gw.example/',
    ],
    // Refused, but no address can be made: not a CID, an empty name, an IP host without subdomains.
    ['https://gw.example/ipfs/not-a-cid/', null],
    [`https://gw.example/ipfs/${V1.slice(0, -1)}/`, null],
    [`https://gw.example/ipfs/${V0.slice(0, -1)}/`, null],
    ['https://gw.example/ipfs/', null],
    ['https://gw.example/ipfs//', null],
    ['https://gw.example/ipns/bad_name.example/', null],
    ['https://gw.example/ipns/-lead.example/', null],
    [`http://192.168.1.5:8080/ipfs/${V1}/`, null],
  ]) {
    assert.deepEqual(originIsolation(at(url)), { isolated: false, framed: false, address }, url);
  }
});

test('origin isolation: a page inside a frame is refused, whoever frames it', () => {
  const inFrame = (url) => ({ ...at(url), top: { other: true } });
  for (const url of ['https://app.example/', `https://${V1}.ipfs.dweb.link/`, `https://gw.example/ipfs/${V1}/`]) {
    const win = inFrame(url);
    win.self = win;
    assert.deepEqual(originIsolation(win), { isolated: false, framed: true, address: null }, url);
  }
  // A browser that throws on reading a cross-origin top: framed too.
  const win = at('https://app.example/');
  Object.defineProperty(win, 'top', {
    get() {
      throw new DOMException('Blocked a frame', 'SecurityError');
    },
  });
  assert.equal(isFramed(win), true);
  assert.equal(originIsolation(win).framed, true);
  assert.equal(isFramed(at('https://app.example/')), false);
});

test('requireIsolation: throws SharedOriginError (with the address) unless isolated; its message says where to go', () => {
  assert.doesNotThrow(() => requireIsolation(originIsolation(at('https://app.example/'))));
  const shared = originIsolation(at(`https://gw.example/ipfs/${V0}/`));
  assert.throws(
    () => requireIsolation(shared),
    (e) =>
      e instanceof SharedOriginError &&
      e.code === 'ERR_SHARED_ORIGIN' &&
      e.address === `https://${V1}.ipfs.gw.example/`,
  );
  const framed = { ...at('https://app.example/'), top: {} };
  framed.self = framed;
  assert.throws(
    () => requireIsolation(originIsolation(framed)),
    (e) => e.code === 'ERR_SHARED_ORIGIN' && /inside another page/.test(e.message),
  );
  let err;
  try {
    requireIsolation(shared);
  } catch (e) {
    err = e;
  }
  const d = describeError(err);
  assert.equal(d.code, 'ERR_SHARED_ORIGIN');
  assert.match(d.advice, new RegExp(`Open it at https://${V1}\\.ipfs\\.gw\\.example/ instead`));
});

test('gatewayPath splits the namespace, the name and the rest', () => {
  assert.deepEqual(gatewayPath(`/ipfs/${V1}/a/b.html`), { namespace: 'ipfs', name: V1, rest: '/a/b.html' });
  assert.deepEqual(gatewayPath('/ipns/example.org'), { namespace: 'ipns', name: 'example.org', rest: '/' });
  assert.deepEqual(gatewayPath('/ipns/%E0%A4%A/'), { namespace: 'ipns', name: '%E0%A4%A', rest: '/' });
  assert.equal(gatewayPath('/'), null);
  assert.equal(gatewayPath('/x/ipfs/'), null);
  assert.equal(subdomainAddress({ protocol: 'https:', hostname: 'gw.example', port: '', pathname: '/app/' }), null);
});

test('CIDv0 to CIDv1 base32: the same as the WebAssembly module and multiformats give, for random digests', async () => {
  const ehr = await init();
  assert.equal(cidToBase32(V0), V1);
  for (let i = 0; i < 64; i++) {
    const digest = new Uint8Array(randomBytes(32));
    const mh = Uint8Array.of(0x12, 0x20, ...digest);
    const v0 = base58btc.baseEncode(mh);
    assert.match(v0, /^Qm/);
    // The module's own reading of the v0 text, and its base32 text of the same CID as version 1.
    const parsed = ehr.ipfs.parseCid(v0);
    assert.equal(parsed.version, 0);
    const fromModule = ehr.ipfs.formatCid(Uint8Array.of(0x01, parsed.codec, ...parsed.bytes));
    assert.equal(cidToBase32(v0), fromModule, v0);
    assert.equal(cidToBase32(v0), CID.parse(v0).toV1().toString(), v0);
    // A CIDv1 in base32 (either case), base58btc or base16 comes out as the same base32 text.
    const v1 = CID.parse(v0).toV1();
    assert.equal(cidToBase32(fromModule), fromModule);
    assert.equal(cidToBase32(fromModule.toUpperCase()), fromModule);
    assert.equal(cidToBase32(v1.toString(base58btc)), fromModule);
    assert.equal(cidToBase32(ehr.ipfs.formatCid(fromModule, 'base16')), fromModule);
  }
  // A raw-leaf CIDv1 (codec 0x55) keeps its codec.
  const raw = ehr.ipfs.cidSync(new Uint8Array([1, 2, 3]));
  assert.equal(cidToBase32(raw), raw);
  // Not CIDs: a multihash with a wrong length, trailing bytes, CIDv2, other bases.
  for (const bad of [
    '',
    'Qm',
    `${V1}a`,
    `${V1.slice(0, 10)}`,
    'b' + 'a'.repeat(58),
    `f02701220${'00'.repeat(32)}`,
    `f01701221${'00'.repeat(32)}`,
    `f0170122000${'00'.repeat(32)}`,
    'm' + V1,
    `Qm${'0'.repeat(44)}`,
  ]) {
    assert.equal(cidToBase32(bad), null, bad);
  }
});

test('IPNS names: DNSLink names inlined, peer ids as CIDv1 libp2p-key in base36 (as multiformats gives)', () => {
  assert.equal(ipnsLabel('en.wikipedia-on-ipfs.org'), 'en-wikipedia--on--ipfs-org');
  assert.equal(ipnsLabel('a-b.c--d.e'), 'a--b-c----d-e');
  assert.equal(ipnsLabel('example.org'), 'example-org');
  assert.equal(
    ipnsLabel('k51qzi5uqu5dhdmyb9bd18pypu2wp5lpv2xnskfmrqa4lb5knqryrotb05e7or'),
    'k51qzi5uqu5dhdmyb9bd18pypu2wp5lpv2xnskfmrqa4lb5knqryrotb05e7or',
  );
  for (const peer of [PEER, V0, base58btc.baseEncode(Uint8Array.of(0x12, 0x20, ...randomBytes(32)))]) {
    const expected = CID.createV1(0x72, Digest.decode(base58btc.baseDecode(peer))).toString(base36);
    assert.equal(ipnsLabel(peer), expected, peer);
  }
  for (const bad of ['', '.', 'a_b.example', 'example.org.', 'ex ample.org', 'ünïcode.example'])
    assert.equal(ipnsLabel(bad), null, bad);
  // A label longer than DNS allows (63) gives no address.
  const long = `https://gw.example/ipns/${'a'.repeat(64)}/`;
  assert.deepEqual(originIsolation(at(long)), { isolated: false, framed: false, address: null });
});
