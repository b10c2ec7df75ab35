// A tiny relay of signed requests for the demo and the tests: a loopback HTTP server holding a
// funded key that submits EhrForwarder.execute for patients without ETH and answers with the
// transaction hash (the page waits for the receipt itself). Development only: anyone who can
// reach it spends its ETH, so it listens on 127.0.0.1 and checks only what is cheap to check
// (the forwarder, the chain, the targets, a successful simulation) before paying.
//
//   POST /  { chainId, forwarder, request: { from, to, value, gas, nonce, deadline, data }, signature }
//     200 { hash }   400 { error }   422 { error, revert }  (revert: the forwarded call's error data)
//
//   import { startRelay } from './scripts/demo/relay.mjs';
//   const relay = await startRelay({ rpcUrl, privateKey, forwarder });  // relay.url, relay.close()
//
//   node scripts/demo/relay.mjs --rpc URL --forwarder ADDRESS [--port N]   (key: env EHR_RELAY_KEY)
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Contract, JsonRpcProvider, NonceManager, Wallet, getAddress, isHexString } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';

const MAX_BODY = 256 * 1024;

const revertDataOf = (err) => {
  const stack = [err];
  const seen = new Set();
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.data === 'string' && isHexString(e.data) && e.data.length > 2) return e.data;
    for (const k of ['data', 'error', 'info', 'cause']) if (e[k] && typeof e[k] === 'object') stack.push(e[k]);
  }
  return undefined;
};

/**
 * Starts the relay.
 * @param {{ rpcUrl: string, privateKey: string, forwarder: string, host?: string, port?: number,
 *   log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, address: string, close: () => Promise<void> }>}
 */
export async function startRelay({ rpcUrl, privateKey, forwarder, host = '127.0.0.1', port = 0, log = () => {} }) {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const wallet = new Wallet(privateKey, provider);
  const signer = new NonceManager(wallet);
  const abi = (await readArtifact('EhrForwarder')).abi;
  const fwd = new Contract(forwarder, abi, signer);
  const chainId = Number((await provider.getNetwork()).chainId);
  // The hub, the appointment book, and the forwarder itself (guardian recovery's four calls).
  const targets = [...(await fwd.targets()), forwarder].map((a) => a.toLowerCase());
  // One submission at a time: the nonce manager counts, the node orders.
  let queue = Promise.resolve();

  async function handle(body) {
    if (body?.chainId !== chainId) return [400, { error: `this relay serves chain ${chainId}` }];
    if (String(body.forwarder).toLowerCase() !== forwarder.toLowerCase())
      return [400, { error: 'this relay serves another forwarder' }];
    const r = body.request ?? {};
    let req;
    try {
      req = [
        getAddress(r.from),
        getAddress(r.to),
        BigInt(r.value),
        BigInt(r.gas),
        BigInt(r.nonce),
        BigInt(r.deadline),
        r.data,
      ];
      if (!isHexString(r.data) || !isHexString(body.signature, 65)) throw new Error('hex');
    } catch {
      return [400, { error: 'malformed request' }];
    }
    if (!targets.includes(req[1].toLowerCase())) return [400, { error: 'not a contract this relay pays for' }];
    if (req[2] !== 0n) return [400, { error: 'value must be 0' }];
    if (req[3] > 5_000_000n) return [400, { error: 'too much gas asked for' }];
    // Simulate first: a refusal (bad signature, spent nonce, the hub's own checks) costs nothing.
    let gasLimit;
    try {
      gasLimit = await fwd.execute.estimateGas(req, body.signature);
    } catch (e) {
      const revert = revertDataOf(e);
      return [422, { error: e.shortMessage ?? 'the request would fail', ...(revert ? { revert } : {}) }];
    }
    const tx = await fwd.execute(req, body.signature, { gasLimit: gasLimit + gasLimit / 5n });
    log(`relayed ${req[0]} -> ${req[1]} nonce ${req[4]}: ${tx.hash}`);
    return [200, { hash: tx.hash }];
  }

  const server = createServer((reqIn, res) => {
    const send = (status, obj) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
        'cache-control': 'no-store',
      });
      res.end(obj === undefined ? '' : JSON.stringify(obj));
    };
    if (reqIn.method === 'OPTIONS') return send(204);
    if (reqIn.method !== 'POST') return send(405, { error: 'POST a signed request' });
    const chunks = [];
    let size = 0;
    reqIn.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        send(413, { error: 'too large' });
        reqIn.destroy();
      } else chunks.push(c);
    });
    reqIn.on('end', () => {
      if (size > MAX_BODY) return;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'not JSON' });
      }
      const run = queue.then(() => handle(body));
      queue = run.catch(() => {});
      run.then(
        ([status, obj]) => send(status, obj),
        (e) => {
          signer.reset();
          send(502, { error: e.shortMessage ?? e.message });
        },
      );
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  return {
    url: `http://${host}:${bound}/`,
    address: wallet.address,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          provider.destroy();
          resolve();
        });
        server.closeAllConnections?.();
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { rpc: { type: 'string' }, forwarder: { type: 'string' }, port: { type: 'string', default: '0' } },
  });
  const key = process.env.EHR_RELAY_KEY;
  if (!values.rpc || !values.forwarder || !key) {
    console.error('usage: EHR_RELAY_KEY=0x... node scripts/demo/relay.mjs --rpc URL --forwarder ADDRESS [--port N]');
    process.exit(1);
  }
  const relay = await startRelay({
    rpcUrl: values.rpc,
    privateKey: key,
    forwarder: values.forwarder,
    port: Number(values.port),
    log: (l) => console.log(l),
  });
  console.log(`relay ${relay.url} paying from ${relay.address}`);
}
