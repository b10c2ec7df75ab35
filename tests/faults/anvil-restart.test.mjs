// Chain calls across a restarted node: anvil keeps its chain in a state file (--dump-state on exit,
// --load-state on start) and comes back on the same port. The JS RPC client (wasm/js/rpc.js)
// retries transport failures with backoff; a signed transaction is resent as the same bytes, so it
// has the same hash and nonce and the record is added exactly once. The contract's record count and
// the stored digests are the proof. No wall-time assertions: restarts are triggered by the failed
// requests themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet as EthersWallet } from 'ethers';
import { init } from '../../wasm/js/ehr.js';
import { ANVIL_MNEMONIC, spawnAnvil } from '../../tools/anvil.mjs';
import { deploy } from '../../contracts/deploy.mjs';
import { readArtifact } from '../../contracts/build.mjs';

const ehr = await init();
let dir, port, url, stateFile, node, hub, iface;
const DEPLOYER = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'; // anvil account 0
const PATIENT = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'; // anvil account 1

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

/** Starts anvil on `port`, loading the chain from the state file when it exists; its stop() is
 * graceful (SIGTERM: anvil writes the state file). */
function startNode(load) {
  const args = ['--mnemonic', ANVIL_MNEMONIC, '--chain-id', '31337', '--dump-state', stateFile];
  if (load) args.push('--load-state', stateFile);
  return spawnAnvil({ port, args, timeoutMs: 20000 });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ehr-anvil-restart-'));
  stateFile = join(dir, 'state.json');
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  node = await startNode(false);
  const { addresses } = await deploy({ rpcUrl: url, signer: new EthersWallet(DEPLOYER), write: false });
  hub = addresses.EhrHub;
  iface = ehr.abi.createInterface((await readArtifact('EhrHub')).abi);
});

after(async () => {
  await node?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const digestOf = (n) => ehr.sha256(new TextEncoder().encode(`record ${n}`));
const callView = async (rpc, fn, args) =>
  iface.decodeFunctionResult(fn, await rpc.call({ to: hub, data: iface.encodeFunctionData(fn, args) }));
const addRecordTx = (patient, n) => ({
  to: hub,
  data: iface.encodeFunctionData('addRecord', [patient, digestOf(n), 0x55, 0]),
});

/** The digests of the patient's records, in id order. */
async function recordDigests(rpc, patient) {
  const count = Number((await callView(rpc, 'recordCount', [patient]))[0]);
  const out = [];
  for (let id = 1; id <= count; id++) {
    const rec = await callView(rpc, 'record', [patient, id]);
    out.push(Buffer.from(rec.digest).toString('hex'));
  }
  return out;
}

test('records are added exactly once across a lost answer and a node restart', async () => {
  const patient = ehr.wallet.fromPrivateKey(ehr.fromHex(PATIENT));
  const direct = ehr.createRpc({ url, retries: 10, backoffMs: 20 });
  await direct.waitForReceipt(
    await direct.sendTransaction(patient, {
      to: hub,
      data: iface.encodeFunctionData('registerPatient', [new Uint8Array(32).fill(7)]),
    }),
    { intervalMs: 20 },
  );

  // 1. The node takes the transaction but the answer is lost (the connection drops after the
  //    request went through): the client retries the same bytes and gets the same hash back.
  let dropNext = true;
  const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await r.text();
      if (dropNext && body.includes('eth_sendRawTransaction')) {
        dropNext = false;
        res.socket.destroy();
        return;
      }
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  const viaProxy = ehr.createRpc({ url: `http://127.0.0.1:${proxy.address().port}`, retries: 5, backoffMs: 20 });
  const h1 = await viaProxy.sendTransaction(patient, addRecordTx(patient.address, 1));
  assert.equal(dropNext, false, 'the answer was dropped once');
  const rc1 = await direct.waitForReceipt(h1, { intervalMs: 20 });
  assert.equal(rc1.status, 1);
  await new Promise((r) => proxy.close(r));
  assert.deepEqual(
    await recordDigests(direct, patient.address),
    [digestOf(1)].map((d) => Buffer.from(d).toString('hex')),
  );

  // 2. A signed transaction is mined, then the node stops before the sender saw the answer; the
  //    sender resends the same bytes while the node is down. The client retries with backoff; the
  //    node comes back (triggered by the first failed attempt) with its chain; the resend answers
  //    the same hash and nothing is added twice.
  const t2 = await direct.populateTransaction(addRecordTx(patient.address, 2), patient.address);
  const raw2 = patient.signTransaction(t2);
  const h2local = ehr.toHex(ehr.tx.hash(raw2));
  assert.equal(await direct.sendRawTransaction(raw2), h2local);
  await node.stop();
  let restarting;
  let failures = 0;
  const restartingFetch = async (...args) => {
    try {
      return await fetch(...args);
    } catch (e) {
      failures++;
      restarting ??= startNode(true).then((n) => (node = n));
      await restarting;
      throw e;
    }
  };
  const resilient = ehr.createRpc({ url, retries: 6, backoffMs: 20, fetch: restartingFetch });
  assert.equal(await resilient.sendRawTransaction(raw2), h2local, 'the resend names the same transaction');
  assert.ok(failures >= 1, 'the node was down for the resend');
  assert.equal((await direct.waitForReceipt(h2local, { intervalMs: 20 })).status, 1);

  // 3. After the restart the next transaction takes the next nonce (pending count from the node).
  const nonceBefore = await direct.getNonce(patient.address);
  assert.equal(nonceBefore, BigInt(t2.nonce) + 1n);
  const h3 = await direct.sendTransaction(patient, addRecordTx(patient.address, 3));
  assert.equal((await direct.waitForReceipt(h3, { intervalMs: 20 })).status, 1);

  // 4. A transaction still pending when the node stops (mining paused): the restarted node may
  //    have lost its pool; resending the same bytes is accepted or recognised, and once mined the
  //    record is there once.
  await direct.request('evm_setAutomine', [false]);
  const t4 = await direct.populateTransaction(addRecordTx(patient.address, 4), patient.address);
  const raw4 = patient.signTransaction(t4);
  const h4 = await direct.sendRawTransaction(raw4);
  await node.stop();
  node = await startNode(true);
  assert.equal(await direct.sendRawTransaction(raw4), h4);
  assert.equal(await direct.sendRawTransaction(raw4), h4, 'a second resend is harmless too');
  await direct.request('evm_mine', []);
  assert.equal((await direct.waitForReceipt(h4, { intervalMs: 20 })).status, 1);

  const expected = [1, 2, 3, 4].map((n) => Buffer.from(digestOf(n)).toString('hex'));
  assert.deepEqual(await recordDigests(direct, patient.address), expected, 'each record exactly once, in order');
  patient.dispose();
});
