// Signed consent: a patient without ETH signs a grant as EIP-712 typed data (Consent, the hub's
// domain, contracts/eip712.mjs) and hands the result to a clinician as a consent code, who submits
// it with grantAccessBySig and pays the fee. The code carries the grant's fields, the wrapped
// keys and the signature; it contains no secret (the keys inside are sealed to the grantee). A code
// names the grant's serial when it was signed, so it dies with any end of that grantee's access.
// The signer is the chart's controller, as the hub checks (controllerOf on the forwarder): the
// patient's own wallet, or, for a chart recovered by guardians, the successor wallet acting for it.
// Why a code is refused stays in English here ('the consent code is damaged'); the clinician's
// form says it as a sentence of the message catalogue (clinician-forms.js, i18n.js).
import config from '../config.js';
import { ehr } from '../module.js';
import { addressOf, hasContract, read } from '../chain/contracts.js';
import { CONSENT_TYPES, REGISTRATION_TYPES, hubDomain } from '../../../contracts/eip712.mjs';

const PREFIX = 'ehr-consent:1:';
const REG_PREFIX = 'ehr-registration:1:';
const DOMAIN_TYPES = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];

const b64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** The wallet that signs for `patient` in this session: a recovered chart's successor, else the patient. */
async function signerOf(patient) {
  if (!hasContract('EhrForwarder')) return patient;
  const { signerFor } = await import('../chain/relay.js');
  return signerFor(patient) ?? patient;
}

/** A read-only provider over this build's RPC URL, for checks made without a connected wallet. */
let rpcProvider = null;
async function readProvider() {
  if (!rpcProvider) {
    const rpc = (await ehr()).createRpc({ url: config.rpcUrl });
    rpcProvider = { request: ({ method, params }) => rpc.request(method, params) };
  }
  return rpcProvider;
}

/**
 * The account whose signature the hub takes for `patient` (controllerOf): the patient, or its
 * successor after a guardian recovery.
 */
async function controllerOf(patient, provider) {
  if (!hasContract('EhrForwarder')) return patient;
  const [controller] = await read(provider ?? (await readProvider()), 'EhrForwarder', 'controllerOf', [patient]);
  return String(controller);
}

/** The typed data of a consent. */
export function consentTypedData(c) {
  return {
    types: { EIP712Domain: DOMAIN_TYPES, ...CONSENT_TYPES },
    primaryType: 'Consent',
    domain: hubDomain(config.chainId, addressOf('EhrHub')),
    message: {
      patient: c.patient,
      grantee: c.grantee,
      scopes: c.scopes,
      expiry: c.expiry,
      wrappedKeysHash: c.wrappedKeysHash,
      serial: c.serial,
      nonce: c.nonce,
      deadline: c.deadline,
    },
  };
}

/**
 * Asks the wallet to sign a consent; returns the consent code (text). For a chart this session
 * acts for after a recovery (chain/relay.js actFor), the successor's wallet signs.
 * @param {{ request: Function }} provider
 * @param {{ patient: string, grantee: string, scopes: number, expiry: number, wrappedKeys: Uint8Array, validSeconds?: number }} g
 */
export async function signConsent(provider, g) {
  const api = await ehr();
  const nonceBytes = crypto.getRandomValues(new Uint8Array(16));
  // The grant's serial now: any end of this grantee's access before the code is submitted (a
  // revoke, an expiry) moves it on, and the contract then refuses the code.
  const serial = Number((await read(provider, 'EhrHub', 'grantSerial', [g.patient, g.grantee]))[0]);
  const c = {
    patient: g.patient,
    grantee: g.grantee,
    scopes: g.scopes,
    expiry: g.expiry,
    wrappedKeysHash: api.toHex(api.keccak256(g.wrappedKeys)),
    serial,
    nonce: BigInt(api.toHex(nonceBytes)).toString(),
    deadline: String(Math.floor(Date.now() / 1000) + (g.validSeconds ?? 7 * 86400)),
  };
  const typed = consentTypedData(c);
  const signer = await signerOf(g.patient);
  const sig = await provider.request({ method: 'eth_signTypedData_v4', params: [signer, JSON.stringify(typed)] });
  const body = {
    v: 1,
    chainId: config.chainId,
    hub: addressOf('EhrHub'),
    ...c,
    wrappedKeys: b64url(g.wrappedKeys),
    signature: sig,
  };
  return PREFIX + b64url(new TextEncoder().encode(JSON.stringify(body)));
}

/**
 * Reads a consent code and checks it: format, network, signature by the chart's controller (the
 * patient, or its successor after a recovery; read with `provider`, else over this build's RPC
 * URL). Returns the consent with wrappedKeys as bytes and the signature split into v, r, s.
 * @param {string} code
 * @param {{ provider?: { request: Function } }} [o]
 */
export async function readConsent(code, o = {}) {
  const api = await ehr();
  const text = String(code).trim();
  if (!text.startsWith(PREFIX))
    throw Object.assign(new Error('this is not a consent code from this page'), { code: 'ERR_BAD_CONSENT' });
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(unb64url(text.slice(PREFIX.length))));
  } catch {
    throw Object.assign(new Error('the consent code is damaged (copy it again, whole)'), { code: 'ERR_BAD_CONSENT' });
  }
  if (body.chainId !== config.chainId || String(body.hub).toLowerCase() !== addressOf('EhrHub').toLowerCase()) {
    throw Object.assign(new Error('the consent was signed for another network'), { code: 'ERR_BAD_CONSENT' });
  }
  const wrappedKeys = unb64url(body.wrappedKeys);
  if (api.toHex(api.keccak256(wrappedKeys)) !== body.wrappedKeysHash)
    throw Object.assign(new Error('the consent code is damaged'), { code: 'ERR_BAD_CONSENT' });
  const sig = api.fromHex(body.signature);
  if (sig.length !== 65) throw Object.assign(new Error('the consent code is damaged'), { code: 'ERR_BAD_CONSENT' });
  const signer = api.eip712.recoverAddress(consentTypedData(body), sig);
  const controller = await controllerOf(String(body.patient), o.provider);
  if (signer.toLowerCase() !== controller.toLowerCase())
    throw Object.assign(
      new Error(
        controller.toLowerCase() === String(body.patient).toLowerCase()
          ? 'the consent was not signed by the patient it names'
          : 'the consent was not signed by the wallet that holds this chart now (it was recovered to another wallet)',
      ),
      { code: 'ERR_BAD_CONSENT' },
    );
  return { ...body, wrappedKeys, v: sig[64] < 27 ? sig[64] + 27 : sig[64], r: sig.slice(0, 32), s: sig.slice(32, 64) };
}

/** The typed data of a registration. */
export function registrationTypedData(c) {
  return {
    types: { EIP712Domain: DOMAIN_TYPES, ...REGISTRATION_TYPES },
    primaryType: 'Registration',
    domain: hubDomain(config.chainId, addressOf('EhrHub')),
    message: { patient: c.patient, encryptionKey: c.encryptionKey, nonce: c.nonce, deadline: c.deadline },
  };
}

/**
 * A registration code: the patient signs Registration(patient, encryptionKey, nonce, deadline)
 * and a clinician submits it with registerPatientBySig, so a patient without ETH can join.
 */
export async function signRegistration(provider, { patient, encryptionKey }) {
  const api = await ehr();
  const c = {
    patient,
    encryptionKey: api.toHex(encryptionKey),
    nonce: BigInt(api.toHex(crypto.getRandomValues(new Uint8Array(16)))).toString(),
    deadline: String(Math.floor(Date.now() / 1000) + 7 * 86400),
  };
  const sig = await provider.request({
    method: 'eth_signTypedData_v4',
    params: [patient, JSON.stringify(registrationTypedData(c))],
  });
  const body = { v: 1, kind: 'registration', chainId: config.chainId, hub: addressOf('EhrHub'), ...c, signature: sig };
  return REG_PREFIX + b64url(new TextEncoder().encode(JSON.stringify(body)));
}

/**
 * Reads either kind of code: { kind: 'consent' | 'registration', ...fields, v, r, s }.
 * @param {string} code
 * @param {{ provider?: { request: Function } }} [o] for readConsent
 */
export async function readCode(code, o = {}) {
  const text = String(code).trim();
  if (!text.startsWith(REG_PREFIX)) return { kind: 'consent', ...(await readConsent(text, o)) };
  const api = await ehr();
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(unb64url(text.slice(REG_PREFIX.length))));
  } catch {
    throw Object.assign(new Error('the registration code is damaged (copy it again, whole)'), {
      code: 'ERR_BAD_CONSENT',
    });
  }
  if (body.chainId !== config.chainId || String(body.hub).toLowerCase() !== addressOf('EhrHub').toLowerCase()) {
    throw Object.assign(new Error('the registration was signed for another network'), { code: 'ERR_BAD_CONSENT' });
  }
  const sig = api.fromHex(body.signature);
  if (
    sig.length !== 65 ||
    api.eip712.recoverAddress(registrationTypedData(body), sig).toLowerCase() !== String(body.patient).toLowerCase()
  ) {
    throw Object.assign(new Error('the registration was not signed by the patient it names'), {
      code: 'ERR_BAD_CONSENT',
    });
  }
  return {
    kind: 'registration',
    ...body,
    v: sig[64] < 27 ? sig[64] + 27 : sig[64],
    r: sig.slice(0, 32),
    s: sig.slice(32, 64),
  };
}
