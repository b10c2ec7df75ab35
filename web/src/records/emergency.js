// Emergency ("break-glass") access (docs/record-format.md): a patient authorises an institution
// with the chosen categories' keys sealed to its group key; a member opens a time-boxed window
// with a reason and reads with those keys. Here: the authorisation's payload, the windows open on
// a chart, and a member's open windows.
import { read } from '../chain/contracts.js';
import { groupKeyOf } from './group.js';
import { sealCurrentKeys } from './renewal.js';
import { isZeroKey } from './access-rules.js';

/**
 * The keys an emergency authorisation of institution `institutionId` carries (the patient's
 * current keys of `scopes`, sealed to its group key), or null when the institution has no group
 * key yet: its clinicians would open emergency access and read nothing (the contract refuses it).
 */
export async function emergencyPayload(provider, patient, chartRoot, institutionId, scopes) {
  const { publicKey } = await groupKeyOf(provider, institutionId);
  if (isZeroKey(publicKey)) return null;
  return sealCurrentKeys(provider, patient, chartRoot, publicKey, scopes);
}

/**
 * The emergency windows open now on a patient's chart: [{ member, institutionId, scopes, until }],
 * the latest to end first. Only the current members of an institution the patient authorised
 * (`authorised`, listGrants rows of tag 2, with their scopes) can have one open: EhrLens.emergencyWindows
 * walks each such institution's roster, one call per 500 members, never the chain's history.
 */
export async function openEmergencyWindows(provider, patient, authorised) {
  const out = [];
  await Promise.all(
    authorised.map(async (a) => {
      let index = 0;
      do {
        const [open, next] = await read(provider, 'EhrLens', 'emergencyWindows', [patient, a.institutionId, index]);
        for (const w of open)
          out.push({
            member: String(w.member),
            institutionId: a.institutionId,
            scopes: a.scopes,
            until: Number(w.until),
          });
        index = Number(next);
      } while (index !== 0);
    }),
  );
  return out.sort((x, y) => y.until - x.until);
}

/**
 * The emergency windows member `me` has open through its institution `institutionId`: [{ patient,
 * until, scopes, payloads }]. Only a patient who authorised the institution can have had one
 * opened, so the candidates are `authorised`, the institution's emergency authorisations grouped by
 * patient ([{ patient, payloads }], shared-with-me.js: from the hub's list of them, not a scan of
 * the chain); payloads: the keys each authorisation sealed to the institution's group key.
 */
export async function emergenciesOf(provider, me, institutionId, authorised) {
  const open = await Promise.all(
    authorised.map(async ({ patient, payloads }) => {
      const [until, via, , active] = await read(provider, 'EhrHub', 'emergencyAccess', [patient, me]);
      if (active !== true || Number(via) !== Number(institutionId)) return null;
      const scopes = Number((await read(provider, 'EhrHub', 'emergencyScopes', [patient, via]))[0]);
      return { patient, until: Number(until), scopes, payloads };
    }),
  );
  return open.filter(Boolean);
}
