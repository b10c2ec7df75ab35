// Relayed calls: a patient with too little ETH for a transaction (or who chooses to let someone
// else pay) signs the same call as an EIP-712 ForwardRequest for the EhrForwarder contract
// (contracts/README.md, "Relayed calls"), and someone else submits it and pays the fee:
//   - the relay named by config.relayUrl (a loopback server in the demo, scripts/demo/relay.mjs),
//     which answers with the transaction hash, or
//   - without a relay, a clinician: the page shows a "signed request code" (text and QR code, like
//     a consent code) that the clinician pastes into the consent form and submits.
// Either way the page then waits for the transaction itself: the receipt (relay) or the
// forwarder's ExecutedForwardRequest event for this signer and nonce (code). The hub checks the
// signer exactly as it checks a direct caller; the forwarder checks signature, nonce, deadline,
// chain and contract.
// Guardian recovery adds two signers that are not the connected account: a successor wallet acting
// for the chart it recovered (actFor: the session shows the chart, the successor's wallet signs,
// and the forwarder appends the chart), and a paper guardian whose key the page derives from its
// share (signed with that key's handle, submitted by the relay or the connected wallet).
// What people read (the code panel, errors shown in notices) is a message of the catalogue
// (i18n.js); a code's reasons for refusal (ERR_BAD_CONSENT) stay in English, and the clinician's
// form says them as sentences of the catalogue.
import config from '../config.js';
import { ehr } from '../module.js';
import { h, button, replace } from '../dom.js';
import { t, translate } from '../i18n.js';
import { qrImage } from '../qr-image.js';
import { onWipe } from '../key-registry.js';
import { ContractError, abiOf, addressOf, events, hasContract, read, topicsOf } from './contracts.js';

/** ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint256 deadline,bytes data) */
export const FORWARD_REQUEST_TYPES = Object.freeze({
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    { name: 'data', type: 'bytes' },
  ],
});
const DOMAIN_TYPES = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];
/** Hub functions the forwarder refuses: they check a patient's signature themselves. */
const NOT_FORWARDED = new Set(['grantAccessBySig', 'revokeAccessBySig', 'registerPatientBySig']);
/** The forwarder's own functions a request may call (guardian recovery). */
const FORWARDER_CALLS = new Set(['setGuardians', 'approveRecovery', 'cancelRecovery', 'completeRecovery']);
const CODE_PREFIX = 'ehr-request:1:';
const RELAY_WINDOW = 3600; // seconds a request sent to the relay stays valid
const CODE_WINDOW = 7 * 86400; // a code handed to a clinician: a week, as a consent code
const POLL_MS = 1500;

let payer = 'auto';
/**
 * Who pays for the connected account's transactions: 'auto' (the account, unless it has too
 * little ETH for the fee), 'relay' (let someone else pay) or 'self'.
 */
export const setPayer = (p) => {
  if (!['auto', 'relay', 'self'].includes(p)) throw new TypeError(`payer: auto, relay or self, not ${p}`);
  payer = p;
};
export const getPayer = () => payer;

/** Who submits a relayed call in this build: the relay, or a clinician given a code. */
export const relayKind = () => (config.relayUrl ? 'relay' : 'code');

/** True when `fn` of contract `name` can go through the forwarder in this build. */
export const canRelay = (name, fn) =>
  hasContract('EhrForwarder') &&
  (((name === 'EhrHub' || name === 'EhrAppointments') && !NOT_FORWARDED.has(fn)) ||
    (name === 'EhrForwarder' && FORWARDER_CALLS.has(fn)));

/** The chart this session acts for after a guardian recovery, and the wallet that signs for it. */
let acting = null;
onWipe(() => {
  acting = null;
});

/**
 * From now on, calls "from" `chart` are signed by `signer` (the successor's wallet): directly
 * (the hub acts for the chart its successor calls from) or as its forward requests.
 */
export function actFor(chart, signer) {
  acting = { chart: chart.toLowerCase(), signer };
}

/** The wallet that signs for `account` (a chart this session acts for), or null. */
export const signerFor = (account) => (acting && String(account).toLowerCase() === acting.chart ? acting.signer : null);

/** The typed data of a request (values as decimal strings, data as hex). */
export function forwardTypedData(req, forwarder = addressOf('EhrForwarder'), chainId = config.chainId) {
  return {
    types: { EIP712Domain: DOMAIN_TYPES, ...FORWARD_REQUEST_TYPES },
    primaryType: 'ForwardRequest',
    domain: { name: 'EHR Forwarder', version: '1', chainId, verifyingContract: forwarder },
    message: {
      from: req.from,
      to: req.to,
      value: String(req.value),
      gas: String(req.gas),
      nonce: String(req.nonce),
      deadline: String(req.deadline),
      data: req.data,
    },
  };
}

/**
 * Whether `from` should let someone else pay for the call `{ to, data }`: chosen so, or its
 * balance does not cover the gas at the current fees.
 */
export async function shouldRelay(provider, from, name, fn, { to, data }) {
  if (!canRelay(name, fn) || payer === 'self') return false;
  if (payer === 'relay') return true;
  const rpc = (await ehr()).createRpc({ provider });
  const balance = await rpc.getBalance(from);
  if (balance === 0n) return true;
  // Twice the current gas price, as the base fee may rise before the transaction is mined; an
  // estimate only when the balance might not cover a large call (2M gas).
  const price = 2n * BigInt(await provider.request({ method: 'eth_gasPrice' }));
  if (balance >= 2_000_000n * price) return false;
  try {
    return balance < (await rpc.estimateGas({ from, to, data })) * price;
  } catch (e) {
    return /insufficient funds/i.test(String(e?.message));
  }
}

/** The signer's lowest nonce unused on chain and in this session (nonces in one word are cheaper). */
const reserved = new Set();
async function nextNonce(provider, from) {
  for (let word = 0n; ; word++) {
    const [bits] = await read(provider, 'EhrForwarder', 'nonceBitmap', [from, word]);
    for (let i = 0n; i < 256n; i++) {
      const n = (word << 8n) | i;
      if (((BigInt(bits) >> i) & 1n) === 0n && !reserved.has(`${from.toLowerCase()}:${n}`)) return n;
    }
  }
}

const b64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const bad = (message) => Object.assign(new Error(message), { code: 'ERR_BAD_CONSENT' });

/** A signed request as a code for a clinician (no secret inside: a call and its signature). */
export function encodeRequestCode(req, signature) {
  const body = { v: 1, chainId: config.chainId, forwarder: addressOf('EhrForwarder'), ...req, signature };
  return CODE_PREFIX + b64url(new TextEncoder().encode(JSON.stringify(body)));
}

/** True when a pasted code is a signed request code. */
export const isRequestCode = (text) => String(text).trim().startsWith(CODE_PREFIX);

/**
 * Reads a signed request code and checks network, contracts and signer; returns what a clinician
 * submits: `{ contract: 'EhrForwarder', fn: 'execute', args, from, to }`.
 */
export async function readRequestCode(text) {
  const api = await ehr();
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(unb64url(String(text).trim().slice(CODE_PREFIX.length))));
  } catch {
    throw bad('the signed request code is damaged (copy it again, whole)');
  }
  if (
    body.chainId !== config.chainId ||
    String(body.forwarder).toLowerCase() !== addressOf('EhrForwarder').toLowerCase()
  )
    throw bad('the request was signed for another network');
  const targets = ['EhrHub', 'EhrAppointments', 'EhrForwarder']
    .filter(hasContract)
    .map((n) => addressOf(n).toLowerCase());
  if (!targets.includes(String(body.to).toLowerCase())) throw bad('the request is not for these contracts');
  const sig = api.fromHex(body.signature);
  if (sig.length === 65 && sig[64] < 27) sig[64] += 27;
  if (
    sig.length !== 65 ||
    api.eip712.recoverAddress(forwardTypedData(body), sig).toLowerCase() !== String(body.from).toLowerCase()
  )
    throw bad('the request was not signed by the account it names');
  const args = [
    [
      body.from,
      body.to,
      BigInt(body.value),
      BigInt(body.gas),
      BigInt(body.nonce),
      BigInt(body.deadline),
      api.fromHex(body.data),
    ],
    sig,
  ];
  return { contract: 'EhrForwarder', fn: 'execute', args, from: body.from, to: body.to };
}

/**
 * A code to hand over as a panel: a heading (`level`, with `id`-heading), what to do (`intro`),
 * its QR code (a sentence instead when the code is too long for one), the text read-only
 * (`textId`, labelled `label`) and a copy button. Signed requests here; recovery requests too.
 * `heading`, `label` and `qrLabel` are messages of the catalogue.
 * @param {{ id: string, heading: string, intro: Node, text: string, textId: string, label: string,
 *   qrLabel: string, level?: 'h2' | 'h3', qrSize?: number }} o
 */
export async function codePanel({ id, heading, intro, text, textId, label, qrLabel, level = 'h2', qrSize }) {
  const box = h('textarea', { id: textId, readOnly: true, rows: 5, spellcheck: 'false', class: 'mono' });
  box.value = text;
  let qr;
  try {
    qr = await qrImage(text, { label: translate(qrLabel), size: qrSize });
  } catch {
    qr = h('p', { class: 'muted' }, 'This code is too long for a QR code: copy the text instead.');
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      box.select();
    }
  };
  return h(
    'section',
    { class: 'panel', id, 'aria-labelledby': `${id}-heading` },
    h(level, { id: `${id}-heading`, tabIndex: -1 }, heading),
    intro,
    qr,
    h('label', { for: textId }, label),
    box,
    h('div', { class: 'actions' }, button('Copy the code', copy, { variant: 'secondary' })),
  );
}

/** Shows a code (text and QR code) at the top of the screen; returns the panel. */
async function showCode(code, { account }) {
  const panel = await codePanel({
    id: 'request-code-panel',
    heading: 'Signed request: someone else pays',
    intro: h(
      'p',
      null,
      'Your account',
      ' ',
      h('span', { class: 'mono', translate: 'no' }, account),
      ' ',
      t(
        'has too little ETH for this. Give this code to your clinician or institution: they submit it and pay the network fee. It is valid for {days} days and works once; this page notices when it lands.',
        { days: CODE_WINDOW / 86400 },
      ),
    ),
    text: code,
    textId: 'request-code',
    label: 'Signed request code',
    qrLabel: 'QR code of the signed request below',
  });
  const main = document.getElementById('main') ?? document.body;
  document.getElementById('request-code-panel')?.remove();
  main.prepend(panel);
  panel.querySelector('h2').focus();
  return panel;
}

/**
 * Waits for the forwarder's ExecutedForwardRequest of `from` and `nonce`, submitted at block `since`
 * or later (the request was handed out then): returns its tx hash. Its log is looked for from
 * `since` on, not over the chain's history.
 */
async function waitForExecution(provider, from, to, nonce, deadline, panel, since) {
  for (;;) {
    const [used] = await read(provider, 'EhrForwarder', 'nonceUsed', [from, nonce]);
    if (used) {
      const list = await events(
        provider,
        'EhrForwarder',
        await topicsOf('EhrForwarder', 'ExecutedForwardRequest', [from, to]),
        { startBlock: since },
      );
      const hit = list.find((e) => BigInt(e.args.nonce) === nonce);
      if (hit) return hit.transactionHash;
      throw Object.assign(new Error(translate('the signed request was cancelled')), { code: 'ERR_CANCELLED' });
    }
    const rpc = (await ehr()).createRpc({ provider });
    const block = await rpc.request('eth_getBlockByNumber', ['latest', false]);
    if (BigInt(block.timestamp) > deadline)
      throw Object.assign(new Error(translate('the signed request expired before anyone submitted it')), {
        code: 'ERR_EXPIRED',
      });
    if (panel && !panel.isConnected)
      throw Object.assign(new Error(translate('stopped waiting for the signed request (it may still be submitted)')), {
        code: 'ERR_CANCELLED',
      });
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The contract name of a forwarded call's target (for its errors). */
const targetName = (to) =>
  ['EhrHub', 'EhrAppointments', 'EhrForwarder'].find(
    (n) => hasContract(n) && addressOf(n).toLowerCase() === to.toLowerCase(),
  );

/**
 * A forward request of `signer` for `{ to, data }`: the gas the call takes from the forwarder
 * (estimated with `onBehalf`, the account the callee acts for, appended as the forwarder appends
 * it), with a margin; a nonce (the lowest free one for the relay, a random one otherwise); a
 * deadline for `kind`. The nonce stays reserved until `release()`.
 */
async function prepareRequest(provider, api, signer, { to, data, onBehalf, kind }) {
  const rpc = api.createRpc({ provider });
  const estimate = await rpc.estimateGas({
    from: addressOf('EhrForwarder'),
    to,
    data: `${data}${onBehalf.slice(2).toLowerCase()}`,
  });
  const block = await rpc.request('eth_getBlockByNumber', ['latest', false]);
  const nonce =
    kind === 'relay'
      ? await nextNonce(provider, signer)
      : BigInt(api.toHex(crypto.getRandomValues(new Uint8Array(16))));
  const key = `${signer.toLowerCase()}:${nonce}`;
  reserved.add(key);
  return {
    req: {
      from: signer,
      to,
      value: '0',
      gas: String(estimate + estimate / 4n + 10000n),
      nonce: String(nonce),
      deadline: String(BigInt(block.timestamp) + BigInt(kind === 'code' ? CODE_WINDOW : RELAY_WINDOW)),
      data,
    },
    release: () => reserved.delete(key),
  };
}

/**
 * Submits a signed request and resolves with the transaction hash: to the relay ('relay'), as a
 * code a clinician submits ('code', once it lands), or as execute() sent by `submitter` from the
 * connected wallet ('self').
 */
async function submitRequest(provider, api, req, signature, { kind, submitter, onStage }) {
  const forwarder = addressOf('EhrForwarder');
  if (kind === 'self') {
    const iface = await abiOf('EhrForwarder');
    const args = [
      [req.from, req.to, 0n, BigInt(req.gas), BigInt(req.nonce), BigInt(req.deadline), api.fromHex(req.data)],
      api.fromHex(signature),
    ];
    const data = api.toHex(iface.encodeFunctionData('execute', args));
    onStage?.('sign');
    return provider.request({ method: 'eth_sendTransaction', params: [{ from: submitter, to: forwarder, data }] });
  }
  if (kind === 'relay') {
    let res;
    try {
      res = await fetch(config.relayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chainId: config.chainId, forwarder, request: req, signature }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw Object.assign(new TypeError('network: the relay could not be reached'), { cause: e });
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok || typeof body.hash !== 'string') {
      const name = targetName(req.to);
      if (body.revert && name) {
        const revert = api.createRpc({ provider }).decodeRevert(body.revert, await abiOf(name));
        if (revert) throw new ContractError(revert.message || revert.name, { revert });
      }
      // The relay's own words (or the HTTP status) pass through as they are.
      throw Object.assign(
        new Error(t('the relay refused the request: {reason}', { reason: body.error ?? `HTTP ${res.status}` })),
        { code: 'ERR_RELAY' },
      );
    }
    onStage?.('relay-sent', body.hash);
    return body.hash;
  }
  const code = encodeRequestCode(req, signature);
  const since = Number(BigInt(await provider.request({ method: 'eth_blockNumber', params: [] })));
  onStage?.('code', code);
  const panel = await showCode(code, { account: req.from });
  try {
    return await waitForExecution(provider, req.from, req.to, BigInt(req.nonce), BigInt(req.deadline), panel, since);
  } finally {
    panel.remove();
  }
}

/** A 65-byte signature as the forwarder takes it (v 27/28: some signers answer 0/1), as hex. */
function forwarderSignature(api, raw) {
  if (raw.length === 65 && raw[64] < 27) raw[64] += 27;
  return api.toHex(raw);
}

/**
 * Signs `{ to, data }` as a ForwardRequest of `from` and has it submitted by the relay or a
 * clinician; resolves with the transaction hash once it is known (not yet mined for the relay).
 * For a chart this session acts for (actFor), the successor's wallet signs and the chart is the
 * account the call acts for (the forwarder appends it). Stages: 'relay-sign' (the wallet asks for
 * the signature), 'relay-sent' (hash), 'code' (shown).
 */
export async function relayCall(provider, from, { to, data, onStage }) {
  const api = await ehr();
  const signer = signerFor(from) ?? from;
  const kind = relayKind();
  const { req, release } = await prepareRequest(provider, api, signer, { to, data, onBehalf: from, kind });
  try {
    onStage?.('relay-sign');
    const raw = api.fromHex(
      await provider.request({
        method: 'eth_signTypedData_v4',
        params: [signer, JSON.stringify(forwardTypedData(req))],
      }),
    );
    return await submitRequest(provider, api, req, forwarderSignature(api, raw), { kind, submitter: signer, onStage });
  } finally {
    release();
  }
}

/**
 * Sends `{ to, data }` signed by a key the page holds (`wallet`: a module Wallet handle, the paper
 * guardian's) through the forwarder, acting for the wallet's own address: the relay pays when this
 * build has one, otherwise `submitter` (the connected account) submits execute() and pays.
 * Resolves with the transaction hash (not yet mined).
 */
export async function forwardSigned(provider, wallet, { to, data, submitter, onStage }) {
  const api = await ehr();
  const kind = config.relayUrl && payer !== 'self' ? 'relay' : 'self';
  const { req, release } = await prepareRequest(provider, api, wallet.address, {
    to,
    data,
    onBehalf: wallet.address,
    kind,
  });
  try {
    const signature = forwarderSignature(api, wallet.signTypedData(forwardTypedData(req)));
    return await submitRequest(provider, api, req, signature, { kind, submitter, onStage });
  } finally {
    release();
  }
}
