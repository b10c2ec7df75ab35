// Who a patient can give access to: the public listing of clinicians (members whose membership is
// live) and institutions that are not suspended, relatives who confirmed a family link, each with
// the public key a grant is sealed to and the grantee id (bytes32) the hub knows them by. Labels
// are in the reader's language (i18n.js: the role and the words around the names are messages of
// the catalogue; names, specialties and institutions are the registry's, as they are).
import { shortAddress, hexOf } from '../format.js';
import { t, translate } from '../i18n.js';
import { read } from '../chain/contracts.js';
import { listInstitutions, listMembers } from '../chain/directory.js';
import { MEMBER_ROLES } from '../chain/roles.js';

/**
 * Public listing of clinicians and institutions that can receive a grant (with their keys and
 * grantee ids): [{ type: 'member' | 'institution', id, label, publicKey, grantee }], each label in
 * the reader's language as the page speaks it now ('Dr Ada Okafor, Doctor (Cardiology), Riverside
 * General Hospital'; 'Riverside General Hospital (any of its clinicians)'). A few calls whatever
 * the size of the directory (events, then EhrLens pages of 250).
 */
export async function granteeDirectory(provider) {
  const [insts, people] = await Promise.all([listInstitutions(provider), listMembers(provider, null)]);
  const byId = new Map(insts.map((i) => [i.id, i]));
  const out = [];
  for (const p of people) {
    if (!p.live) continue;
    const inst = byId.get(p.institutionId);
    const words = {
      name: p.displayName || shortAddress(p.address),
      role: translate(MEMBER_ROLES[p.role] ?? 'Member'),
      institution: inst?.name ?? t('institution {id}', { id: String(p.institutionId) }),
    };
    out.push({
      type: 'member',
      id: p.address,
      label: p.specialty
        ? t('{name}, {role} ({specialty}), {institution}', { ...words, specialty: p.specialty })
        : t('{name}, {role}, {institution}', words),
      publicKey: p.publicKey ?? ZERO_KEY,
      grantee: p.grantee,
    });
  }
  for (const i of insts) {
    if (i.suspended) continue;
    out.push({
      type: 'institution',
      id: i.id,
      label: t('{name} (any of its clinicians)', { name: i.name }),
      publicKey: i.groupKey,
      grantee: i.grantee,
    });
  }
  return out;
}

const ZERO_KEY = `0x${'0'.repeat(64)}`;

/** The grantee id (bytes32) of a directory entry, from the hub's own encoding functions. */
export async function granteeId(provider, entry) {
  const r =
    entry.type === 'member' || entry.type === 'relative'
      ? await read(provider, 'EhrHub', 'memberGrantee', [entry.id])
      : await read(provider, 'EhrHub', 'institutionGrantee', [entry.id]);
  return hexOf(r[0]);
}

/** Sets `grantee` (lower-case grantee id) on every entry that has none yet; returns the entries. */
export async function withGranteeIds(provider, entries) {
  await Promise.all(
    entries.map(async (d) => {
      d.grantee ??= (await granteeId(provider, d)).toLowerCase();
    }),
  );
  return entries;
}

/**
 * Directory entries of the relatives who confirmed a family link (they may receive the family
 * history category only), each with its patient key: [{ type: 'relative', id, label, publicKey }]
 * in the order of `links`. `labelOf(link)` names one.
 */
export async function relativeGrantees(provider, links, labelOf) {
  const out = [];
  for (const l of links.filter((x) => x.confirmed)) {
    const key = (await read(provider, 'EhrHub', 'patientKey', [l.other]))[0];
    out.push({ type: 'relative', id: l.other, label: labelOf(l), publicKey: key });
  }
  return out;
}
