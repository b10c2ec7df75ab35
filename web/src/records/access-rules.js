// Rules of the access screens that need neither the chain nor the module, only what was read:
// whether a group key changed after keys were sealed to it, the latest event of each party, the
// chart key a clinician holds for a write, and the transaction a signed code asks for.
import { scopeLabel } from './scopes.js';

/** Whether a public key read from the chain (hex) is unset (all zeros): nothing can be sealed to it. */
export const isZeroKey = (hex) => /^0x0{64}$/i.test(hex);

/** The position (block, then log index) of the latest of `evs` in the chain; -1 for none. */
export const lastEventAt = (evs) => evs.reduce((m, e) => Math.max(m, e.blockNumber * 1e6 + e.logIndex), -1);

/**
 * Whether the group key was published again (GroupKeyPublished events `rotated`) after the
 * latest of the events that sealed keys to it (`sealed`): what was shared must be renewed.
 */
export const rotatedSince = (sealed, rotated) => lastEventAt(rotated) > lastEventAt(sealed);

/**
 * The latest event (in chain order, `evs` oldest first) of each party `partyOf(ev)` names,
 * newest first; parties compare whatever their letter case.
 */
export function latestPerParty(evs, partyOf) {
  const seen = new Set();
  const out = [];
  for (const ev of [...evs].reverse()) {
    const party = String(partyOf(ev)).toLowerCase();
    if (seen.has(party)) continue;
    seen.add(party);
    out.push(ev);
  }
  return out;
}

/**
 * chartKeyFor of a reader's write: the chart key of (scope, epoch) among those it holds
 * (`held()`), or an ERR_NO_RECIPIENT error (the record is then sealed to the readers instead).
 */
export function heldChartKeyFor(held) {
  return (scope, epoch) => {
    const key = held().find((k) => k.scope === scope && k.epoch === epoch);
    if (!key)
      throw Object.assign(new Error(`you hold no key for the current ${scopeLabel(scope)} keys of this patient`), {
        code: 'ERR_NO_RECIPIENT',
      });
    return { key };
  };
}

/**
 * The hub call that submits a signed code (records/consent.js readCode) for its signer:
 * { fn, args } of registerPatientBySig or grantAccessBySig.
 */
export function signedCodeCall(c) {
  if (c.kind === 'registration')
    return {
      fn: 'registerPatientBySig',
      args: [c.patient, c.encryptionKey, BigInt(c.nonce), BigInt(c.deadline), c.v, c.r, c.s],
    };
  return {
    fn: 'grantAccessBySig',
    args: [
      c.patient,
      c.grantee,
      c.scopes,
      c.expiry,
      c.wrappedKeys,
      Number(c.serial ?? 0),
      BigInt(c.nonce),
      BigInt(c.deadline),
      c.v,
      c.r,
      c.s,
    ],
  };
}
