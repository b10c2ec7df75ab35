// Rules of the access screens that need neither the chain nor the module, only what was read:
// whether a group key changed after keys were sealed to it, the chart key a clinician holds for a
// write, and the transaction a signed code asks for.
import { scopeLabel } from './scopes.js';

/** Whether a public key read from the chain (hex) is unset (all zeros): nothing can be sealed to it. */
export const isZeroKey = (hex) => /^0x0{64}$/i.test(hex);

/**
 * Whether keys sealed to an institution's group key are sealed to one it has since replaced: the
 * grant's standing is the group key version they were sealed to (0: withheld, nothing sealed),
 * `version` the one in force.
 */
export const sealedToOlderKey = (standing, version) => standing > 0 && standing < version;

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
