// An institution's group key (docs/record-format.md "Institutions"): the admin creates an X25519
// pair, publishes its public half (publishGroupKey) and seals its secret to every member's key
// (member wraps, on IPFS; publishMemberWraps names their CID). A member opens its wrap with its
// own identity key: grants and emergency authorisations addressed to the institution are sealed
// to the group key. The admin seals the key to itself too, so it can reseal the same version for
// a member who joins later. Group keys live behind handles in the module, registered with the key
// registry: lock wipes them.
import { hexOf } from '../format.js';
import { translate } from '../i18n.js';
import { ehr } from '../module.js';
import { registerKey, releaseKey, onWipe } from '../key-registry.js';
import { read, write, hubListEvents, topicsOf } from '../chain/contracts.js';
import { listMembers } from '../chain/directory.js';
import { storageClients, cidOf } from './chart.js';
import { LIST_TAG, taggedWord } from './access.js';

/** Opened group keys of this session: institutionId -> Map(version -> key handle). */
const opened = new Map();
onWipe(() => opened.clear());

/** The members of an institution with a published encryption key: [{ address, publicKey }]. */
async function keyedMembers(provider, institutionId) {
  // The roster carries each member's key (EhrLens.roster, a page of 250 per call); the listings
  // (names) are not needed here.
  return listMembers(provider, institutionId, { listings: false });
}

/** The group key in force: { version, publicKey (hex; zero when none) }. */
export async function groupKeyOf(provider, institutionId) {
  const r = await read(provider, 'EhrHub', 'institution', [institutionId]);
  return { version: Number(r[4]), publicKey: hexOf(r[3]) };
}

/**
 * Member-wrap publications of an institution, oldest first: [{ version, cid }], from the hub's list
 * of them (block pointers: one call for its newest block, then one log query per block of the list
 * not read before in this session), never a scan of the chain's history.
 */
async function wrapEvents(provider, institutionId) {
  const topics = await topicsOf('EhrHub', 'MemberWrapsPublished', [institutionId]);
  const evs = await hubListEvents(provider, taggedWord(LIST_TAG.WRAPS, institutionId), topics);
  return Promise.all(
    evs.map(async (e) => ({
      version: Number(e.args.keyVersion),
      cid: await cidOf(Number(e.args.codec), e.args.digest),
    })),
  );
}

/**
 * Seals `groupKey` (version `version`) to the members with a published key and to the admin's own
 * identity, uploads the wraps and publishes their CID. Returns { sealedFor, skipped } (members
 * without a key yet are skipped: they get it once they publish one and the admin shares again).
 */
async function sealAndPublish({ provider, from, institutionId, identity, groupKey, version, onStage }) {
  const api = await ehr();
  const members = await keyedMembers(provider, institutionId);
  const keyed = members.filter((m) => m.publicKey);
  const pks = [
    identity.publicKey,
    ...keyed
      .filter((m) => hexOf(identity.publicKey).toLowerCase() !== m.publicKey.toLowerCase())
      .map((m) => api.fromHex(m.publicKey)),
  ];
  const wraps = api.records.institutions.seal(groupKey, version, pks);
  onStage?.('upload');
  const { uploader } = await storageClients();
  if (!uploader)
    throw Object.assign(new Error(translate('This build has no upload endpoint.')), { code: 'ERR_NOT_AVAILABLE' });
  const { cid } = await uploader.add(wraps);
  const parsed = api.ipfs.parseCid(cid);
  onStage?.('wraps');
  await write(provider, from, 'EhrHub', 'publishMemberWraps', [institutionId, version, parsed.digest, parsed.codec]);
  return { sealedFor: keyed.length, skipped: members.length - keyed.length };
}

/**
 * Rotation: a new group key (version + 1), published, sealed to the members and the admin.
 * @param {{ provider: any, from: string, institutionId: number, identity: any, onStage?: (s: string) => void }} o
 */
export async function rotateGroupKey(o) {
  const api = await ehr();
  const { version } = await groupKeyOf(o.provider, o.institutionId);
  const next = version + 1;
  const { groupKey, memberWraps } = api.records.institutions.create(next, [o.identity.publicKey]);
  memberWraps.fill(0);
  registerKey(groupKey);
  try {
    o.onStage?.('publish');
    await write(o.provider, o.from, 'EhrHub', 'publishGroupKey', [o.institutionId, groupKey.publicKey, next]);
    const r = await sealAndPublish({ ...o, groupKey, version: next });
    return { version: next, ...r };
  } finally {
    releaseKey(groupKey);
  }
}

/** The admin shares the key in force again (same version) with every member that has a key now. */
export async function reshareGroupKey(o) {
  const { version } = await groupKeyOf(o.provider, o.institutionId);
  const keys = await openGroupKeys(o.provider, o.institutionId, o.identity);
  const groupKey = keys.get(version);
  if (!groupKey)
    throw Object.assign(new Error(translate('this account holds no wrap of the group key in force')), {
      code: 'ERR_NO_RECIPIENT',
    });
  return { version, ...(await sealAndPublish({ ...o, groupKey, version })) };
}

/**
 * Every group key of an institution that `identity` can open (older versions too, for what was
 * sealed to them): Map(version -> key handle). Keys are kept for the session (lock wipes them).
 */
export async function openGroupKeys(provider, institutionId, identity) {
  const api = await ehr();
  const have = opened.get(institutionId) ?? new Map();
  opened.set(institutionId, have);
  const evs = (await wrapEvents(provider, institutionId)).reverse(); // newest first
  const { gateway } = await storageClients();
  const tried = new Set();
  for (const ev of evs) {
    if (have.has(ev.version) || tried.has(ev.version)) continue;
    try {
      const wraps = await gateway.bytes(ev.cid);
      const info = api.records.institutions.inspect(wraps);
      if (info.version !== ev.version) continue;
      const key = registerKey(api.records.institutions.open(wraps, identity));
      have.set(ev.version, key);
      tried.add(ev.version);
    } catch {
      // not sealed to us (ERR_NO_RECIPIENT), or unreadable: an earlier event may be
    }
  }
  return have;
}

/** Opens grant payloads sealed to any of the group keys; returns the chart keys (registered). */
export async function openWithGroupKeys(payloads, groupKeys) {
  const api = await ehr();
  const out = [];
  for (const payload of payloads) {
    const bytes = api.fromHex(hexOf(payload));
    if (bytes.length === 0) continue;
    for (const gk of groupKeys.values()) {
      try {
        for (const k of api.records.grants.open(bytes, gk)) out.push(registerKey(k));
        break;
      } catch {
        // sealed to another version of the group key
      }
    }
  }
  return out;
}
