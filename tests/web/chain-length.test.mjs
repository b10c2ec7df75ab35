// Opening a chart costs the same requests on a short chain and on a long one (the goal: RPC calls
// independent of the chain's length, 10^3 vs 10^6 blocks), under the public-network profile
// (tests/lib/public-stack.mjs: eth_getLogs at most 500 blocks and 10,000 results, 30M call-gas cap,
// 100 ms per answer). Two chains, each with H blocks of history before the deployment, H after it
// and H spread between the records (tests/lib/anvil-skip.mjs makes the gaps): H = 10^3 and 10^6.
// On each, counted per step by the endpoint (calls by method) and by the counting pass-through in
// front of it (HTTP requests), each step counted once the page is quiet:
//   - the patient: Unlock → the timeline's first window, its author named; then every record of it
//     opened;
//   - the clinician the patient granted: Unlock → the patient list; Open chart → the first window;
//     then every record opened.
//   - then the directory: the patient's Access screen (who may receive a grant: institutions and
//     members), the institution administrator's members and pending invitations, and the invited
//     account's invitation (the listing it repeats to accept).
// The counts of the two chains must be equal. The clinician finds its grants through the hub's
// grant list (block pointers: EhrLens.lastGrantBlocks, then one eth_getLogs per block holding a
// grant, fromBlock = toBlock), never a scan of the history. The registry's names (InstitutionAdded,
// MemberAdded: emitted only) are found the same way: EhrLens.nameBlocks gives the block of each
// listing the page asks for, then one eth_getLogs of that block; the first window does not wait for
// them (drawn by address, named when they arrive), and the doctor's name appears on the patient's
// timeline on both chains. The directory's lists come from the hub's rosters (EhrLens.institutions,
// EhrLens.roster), each entry with the block of its listing, read the same way.
// Before the tests of the page, unit tests of the block-pointer reads (web/src/chain/logs.js
// walkLogs, blockLogs) with a fake provider.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Interface, hexlify } from 'ethers';
import { createLogReader } from '../../web/src/chain/logs.js';
import { launchBrowser } from './helpers.mjs';
import { adversary } from './adversary.mjs';
import { startPublicStack } from '../lib/public-stack.mjs';
import { seedPeople } from '../lib/chart-seed.mjs';
import { skipBlocks } from '../lib/anvil-skip.mjs';
import { sendAll } from '../lib/bulk-send.mjs';
import { connectDevAccount } from '../lib/dev-account.mjs';
import { createUploader } from '../../wasm/js/gateway.js';

const hex = (n) => `0x${n.toString(16)}`;

// ---- the block-pointer walk, alone ---------------------------------------------------------------

const ADDRESS = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const TOPIC = `0x${'cd'.repeat(32)}`;

/**
 * A provider whose chain holds, in each block of `lists` ({ block: [previous, ...] }), one log per
 * entry whose data is the block it points back to; `missing` blocks answer empty `missing.get(b)`
 * times before answering.
 */
function pointerChain(lists, { missing = new Map() } = {}) {
  const p = {
    getLogs: [],
    async request({ method, params }) {
      assert.equal(method, 'eth_getLogs');
      const f = params[0];
      assert.equal(f.fromBlock, f.toBlock, 'one block per query');
      const b = Number.parseInt(f.fromBlock, 16);
      p.getLogs.push(b);
      if ((missing.get(b) ?? 0) > 0) {
        missing.set(b, missing.get(b) - 1);
        return [];
      }
      return (lists[b] ?? []).map((prev, i) => ({
        address: ADDRESS,
        topics: [TOPIC],
        data: hex(prev),
        blockNumber: hex(b),
        logIndex: hex(i),
        transactionHash: `0x${b.toString(16).padStart(60, '0')}${i.toString(16).padStart(4, '0')}`,
      }));
    },
  };
  return p;
}
const back = (logs, b) => Math.min(...logs.map((l) => Number.parseInt(l.data, 16)).filter((x) => x < b));
const filter = { address: ADDRESS, topics: [TOPIC] };

test('walkLogs: one query per block of the list, oldest first, remembered once past the reorg depth', async () => {
  const reader = createLogReader({ sleep: async () => {}, reorgDepth: 5 });
  // Blocks 7, 120 and 1,000,000 hold entries; 120 holds three (the later ones point at 120 itself).
  const lists = { 7: [0], 120: [7, 120, 120], 1_000_000: [120] };
  const chain = pointerChain(lists);
  const logs = await reader.walkLogs(chain, filter, 1_000_000, back, { current: 1_000_003 });
  assert.deepEqual(
    logs.map((l) => Number.parseInt(l.blockNumber, 16)),
    [7, 120, 120, 120, 1_000_000],
  );
  assert.deepEqual(chain.getLogs, [1_000_000, 120, 7]);
  // A new entry: the new block is read, and the head of before (it was within the reorg depth).
  lists[1_000_050] = [1_000_000];
  chain.getLogs.length = 0;
  assert.equal((await reader.walkLogs(chain, filter, 1_000_050, back, { current: 1_000_060 })).length, 6);
  assert.deepEqual(chain.getLogs, [1_000_050, 1_000_000]);
  chain.getLogs.length = 0;
  await reader.walkLogs(chain, filter, 1_000_050, back, { current: 1_000_060 });
  assert.deepEqual(chain.getLogs, [], 'a walk again reads nothing');
  // Another list (other topics) is another memory; an empty list reads nothing.
  await reader.walkLogs(chain, { address: ADDRESS, topics: [TOPIC, null] }, 7, back);
  assert.deepEqual(chain.getLogs, [7]);
  assert.deepEqual(await reader.walkLogs(chain, filter, 0, back), []);
  reader.forget();
  chain.getLogs.length = 0;
  await reader.walkLogs(chain, filter, 120, back, { current: 1_000_060 });
  assert.deepEqual(chain.getLogs, [120, 7], 'lock forgets');
});

test('walkLogs: a block that a lagging node answers empty is asked again; a broken list is an error', async () => {
  const reader = createLogReader({ sleep: async () => {}, retries: 3 });
  const lagging = pointerChain({ 7: [0], 9: [7] }, { missing: new Map([[9, 2]]) });
  assert.equal((await reader.walkLogs(lagging, filter, 9, back)).length, 2);
  assert.deepEqual(lagging.getLogs, [9, 9, 9, 7]);
  const gone = pointerChain({ 7: [0] });
  await assert.rejects(reader.walkLogs(gone, filter, 9, back), { code: 'ERR_BROKEN_LIST' });
  assert.deepEqual(gone.getLogs, [9, 9, 9, 9], 'asked 1 + 3 times');
  const loop = pointerChain({ 9: [9] });
  await assert.rejects(reader.walkLogs(loop, filter, 9, back), { code: 'ERR_BROKEN_LIST' });
});

test('blockLogs: one query of the block a listing pointer names, kept once past the reorg depth', async () => {
  const reader = createLogReader({ sleep: async () => {}, reorgDepth: 5, retries: 2 });
  const chain = pointerChain({ 120: [0, 0], 1_000_000: [0] }, { missing: new Map([[1_000_000, 1]]) });
  assert.equal((await reader.blockLogs(chain, filter, 120, { current: 1_000_003 })).length, 2);
  await reader.blockLogs(chain, filter, 120, { current: 1_000_003 });
  assert.deepEqual(chain.getLogs, [120], 'read once');
  // Near the head: read again next time; a lagging node's empty answer is asked again.
  assert.equal((await reader.blockLogs(chain, filter, 1_000_000, { current: 1_000_003 })).length, 1);
  await reader.blockLogs(chain, filter, 1_000_000, { current: 1_000_003 });
  assert.deepEqual(chain.getLogs, [120, 1_000_000, 1_000_000, 1_000_000]);
  // Other topics are another query; a block with nothing, after the retries, is empty.
  await reader.blockLogs(chain, { address: ADDRESS, topics: [TOPIC, null] }, 120);
  assert.deepEqual(await reader.blockLogs(chain, filter, 7), []);
  assert.deepEqual(chain.getLogs.slice(4), [120, 7, 7, 7]);
});

// ---- the page on a short and a long chain -----------------------------------------------------------

const PROFILE = { maxRange: 500, maxResults: 10_000, gasCap: 30_000_000, latencyMs: 100, rps: 1e9 };
const ADMIN = 1;
const DOCTOR = 2;
const PATIENT = 3;
const INVITED = 5;
const PATIENT_LABEL = 'Patient (chain length)';
const DOCTOR_LABEL = 'Dr Length (doctor)';
const ADMIN_LABEL = 'Administrator (chain length)';
const INVITED_LABEL = 'Invited nurse (chain length)';
const INVITED_NAME = 'Nurse Length';
const DOCTOR_NAME = 'Dr Length';
const GROUPS = 5; // the patient's records come in five groups, H / 5 blocks apart
const PER_GROUP = 2;
const TOTAL = GROUPS * PER_GROUP + 1; // and one record written by the doctor

const hubAbi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
const hub = new Interface(hubAbi);
const NAME_TOPICS = new Set(['InstitutionAdded', 'MemberAdded'].map((e) => hub.getEvent(e).topicHash));
const LISTING_TOPICS = new Set(
  ['InstitutionAdded', 'MemberAdded', 'MemberInvited'].map((e) => hub.getEvent(e).topicHash),
);

const browserP = launchBrowser();
after(async () => (await browserP).close());

/** Calls by method at the endpoint, HTTP requests at its pass-through and at the gateway's, from here on. */
function counter(site) {
  const methods = { ...site.proxy.stats.methods };
  const http = site.rpcCount.snapshot();
  const gateway = site.gatewayCount.snapshot();
  return () => {
    const out = {};
    for (const [m, k] of Object.entries(site.proxy.stats.methods))
      if (k > (methods[m] ?? 0)) out[m] = k - (methods[m] ?? 0);
    return {
      http: site.rpcCount.since(http).requests,
      methods: out,
      gateway: site.gatewayCount.since(gateway).requests,
    };
  };
}

/**
 * Waits until the page has sent no request to the endpoint for `quietMs` (background reads, such
 * as the registry's names after a first window, belong to the step that started them).
 */
async function quiet(site, quietMs = 1500) {
  let last = site.rpcCount.snapshot();
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = site.rpcCount.snapshot();
    if (site.rpcCount.since(last).requests > 0) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

const timelineStatus = (page) => page.locator('section[aria-labelledby="timeline-heading"] > p[role="status"]');

/** Waits for the timeline's first window: the whole chart (it is shorter than a window). */
async function firstWindow(page, problems) {
  await timelineStatus(page)
    .filter({ hasText: `${TOTAL} of ${TOTAL} records shown` })
    .waitFor({ timeout: 120_000 })
    .catch(async (e) => {
      throw new Error(
        `${e.message}\nstatus: ${await timelineStatus(page).textContent()}\nnotices: ${await page.textContent('#alerts')}\n${problems.join(' / ')}`,
      );
    });
  assert.equal(await page.locator('ol.timeline > li[data-record]').count(), TOTAL);
}

/** Opens every record of the timeline, one after the other, until each shows verified. */
async function openEvery(page) {
  for (let id = TOTAL; id >= 1; id--) {
    const item = page.locator(`ol.timeline > li[data-record="${id}"]`);
    await item.getByRole('button', { name: /^Open record/ }).click();
    await item
      .locator('.badge-ok')
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        throw new Error(
          `record ${id}: ${e.message}\n${await item.textContent()}\n${await page.textContent('#alerts')}`,
        );
      });
  }
}

/** A chain with `h` blocks of history before the deployment, after it and between the records. */
async function chainOf(h) {
  const chain = await startPublicStack({ genesis: h });
  await skipBlocks(chain.anvil, h);
  const seeder = await seedPeople(chain, {
    admin: ADMIN,
    doctor: DOCTOR,
    patients: [PATIENT],
    doctorName: DOCTOR_NAME,
  });
  for (let g = 0; g < GROUPS; g++) {
    await skipBlocks(chain.anvil, Math.round(h / GROUPS));
    await seeder.addRecords(PATIENT, PER_GROUP);
  }
  // The doctor's record: an envelope under the chart key the grant carries, written through it.
  const adv = await adversary(chain);
  const [keys] = await adv.versionKeys(PATIENT, 1);
  const patient = chain.accounts[PATIENT];
  const epoch = Number((await adv.hub.epochs(patient))[seeder.scope]);
  const key = keys.chartRoot.chartKey(seeder.scope, epoch);
  const resource = readFileSync(new URL('../data/fhir/valid/allergy.json', import.meta.url));
  const envelope = adv.ehr.records.encrypt(new Uint8Array(resource), { scope: seeder.scope, epoch, chartKeys: [key] });
  key.dispose();
  keys.identity.dispose();
  keys.chartRoot.dispose();
  const cid = adv.ehr.ipfs.parseCid((await createUploader(adv.ehr, { apiUrl: chain.node.apiUrl }).add(envelope)).cid);
  adv.provider.destroy();
  await sendAll(chain.anvil, [
    {
      from: chain.accounts[DOCTOR],
      to: chain.contracts.EhrHub,
      data: hub.encodeFunctionData('addRecord', [patient, hexlify(cid.digest), cid.codec, seeder.scope]),
    },
  ]);
  // A pending invitation, H blocks before the head: the administrator lists it, the account opens it.
  await sendAll(chain.anvil, [
    {
      from: chain.accounts[ADMIN],
      to: chain.contracts.EhrHub,
      data: hub.encodeFunctionData('addMember', [1, chain.accounts[INVITED], 2, 'LIC-N', 'Wards', INVITED_NAME]),
    },
  ]);
  await skipBlocks(chain.anvil, h);
  const logRanges = [];
  const site = await chain.serve({
    ...PROFILE,
    devAccounts: [
      { label: PATIENT_LABEL, index: PATIENT },
      { label: DOCTOR_LABEL, index: DOCTOR },
      { label: ADMIN_LABEL, index: ADMIN },
      { label: INVITED_LABEL, index: INVITED },
    ],
    onCall(method, params) {
      if (method === 'eth_getLogs')
        logRanges.push({
          topic: params[0]?.topics?.[0],
          from: Number(params[0].fromBlock),
          to: Number(params[0].toBlock),
        });
    },
  });
  return { chain, site, logRanges, head: Number(await chain.anvil.rpc('eth_blockNumber')) };
}

/** Both visits on the chain of `h` blocks: the counts of every step. */
async function visitsOn(h) {
  const browser = await browserP;
  const { chain, site, logRanges, head } = await chainOf(h);
  const out = { head, startBlock: chain.startBlock };
  try {
    // The patient.
    let visit = counter(site);
    let v = await connectDevAccount(browser, site, PATIENT_LABEL);
    try {
      await v.page.locator('nav a[href="#/chart"]').first().click();
      const unlock = v.page.getByRole('button', { name: 'Unlock my records' });
      await unlock.waitFor();
      await quiet(site);
      let step = counter(site);
      await unlock.click();
      await firstWindow(v.page, v.problems);
      // The first window is drawn by address; the author's name arrives after it (one lens call and
      // one log query of one block for the doctor's listing, the same for its institution's).
      const doctorItem = v.page.locator('ol.timeline > li[data-record]').first();
      await doctorItem
        .getByText(DOCTOR_NAME)
        .first()
        .waitFor({ timeout: 60_000 })
        .catch(async (e) => {
          throw new Error(`${e.message}\n${await doctorItem.textContent()}\n${await v.page.textContent('#alerts')}`);
        });
      await quiet(site);
      out.patientFirstWindow = step();
      step = counter(site);
      await openEvery(v.page);
      await quiet(site);
      out.patientOpen = step();
      assert.match(await doctorItem.textContent(), new RegExp(DOCTOR_NAME), 'the author by name, record open');
      // The Access screen: the grant form lists who may receive a grant (the directory).
      step = counter(site);
      await v.page.locator('.subnav a[href="#/chart/access"]').click();
      for (const text of [
        `${DOCTOR_NAME}, Doctor (General practice), Scale Clinic`,
        'Scale Clinic (any of its clinicians)',
      ])
        await v.page
          .locator('option', { hasText: text })
          .first()
          .waitFor({ state: 'attached', timeout: 120_000 })
          .catch(async (e) => {
            const options = await v.page.locator('option').allTextContents();
            throw new Error(
              `${e.message}\noptions: ${options.join(' | ')}\nnotices: ${await v.page.textContent('#alerts')}`,
            );
          });
      await quiet(site);
      out.patientAccess = step();
      out.patientVisit = visit();
    } finally {
      await v.context.close();
    }

    // The clinician.
    visit = counter(site);
    v = await connectDevAccount(browser, site, DOCTOR_LABEL);
    try {
      await v.page.locator('nav a[href="#/patients"]').first().click();
      const unlock = v.page.getByRole('button', { name: 'Unlock my records' });
      await unlock.waitFor();
      await quiet(site);
      const logsFrom = logRanges.length;
      let step = counter(site);
      await unlock.click();
      const open = v.page
        .locator(`li[data-patient="${chain.accounts[PATIENT]}" i]`)
        .getByRole('button', { name: /^Open chart/ });
      await open.waitFor({ timeout: 120_000 });
      await quiet(site);
      out.clinicianList = step();
      step = counter(site);
      await open.click();
      await firstWindow(v.page, v.problems);
      await quiet(site);
      out.clinicianChart = step();
      step = counter(site);
      await openEvery(v.page);
      await quiet(site);
      out.clinicianOpen = step();
      out.clinicianVisit = visit();
      const grants = logRanges.slice(logsFrom).filter((r) => !NAME_TOPICS.has(r.topic));
      out.clinicianLogQueries = grants.length;
      for (const r of grants) assert.equal(r.from, r.to, 'the clinician reads grants one block at a time');
    } finally {
      await v.context.close();
    }

    // The institution's administrator: its members and pending invitations.
    visit = counter(site);
    v = await connectDevAccount(browser, site, ADMIN_LABEL);
    try {
      await v.page.locator('nav a[href="#/institution"]').first().waitFor();
      await quiet(site);
      await v.page.click('nav a[href="#/institution"]');
      await v.page
        .locator(`li[data-member="${chain.accounts[DOCTOR]}" i]`)
        .getByText(DOCTOR_NAME)
        .first()
        .waitFor({ timeout: 120_000 });
      await v.page
        .locator(`li[data-invitation="${chain.accounts[INVITED]}" i]`)
        .getByText(INVITED_NAME)
        .first()
        .waitFor({ timeout: 120_000 });
      await quiet(site);
      out.adminMembers = visit();
    } finally {
      await v.context.close();
    }

    // The invited account: its invitation, with the listing it must repeat to accept.
    visit = counter(site);
    v = await connectDevAccount(browser, site, INVITED_LABEL);
    try {
      await v.page.locator('nav a[href="#/invitation"]').first().click();
      const card = v.page.locator('section[data-invitation="1"]');
      await card.getByText('Scale Clinic invites you to join as a member').waitFor({ timeout: 120_000 });
      await card.getByText(INVITED_NAME).first().waitFor();
      await quiet(site);
      out.invitation = visit();
    } finally {
      await v.context.close();
    }

    const names = logRanges.filter((r) => NAME_TOPICS.has(r.topic));
    out.nameLogQueries = names.length;
    for (const r of names) assert.equal(r.from, r.to, 'names are read one block at a time');
    const listings = logRanges.filter((r) => LISTING_TOPICS.has(r.topic));
    out.listingLogQueries = listings.length;
    for (const r of listings) assert.equal(r.from, r.to, 'listings are read one block at a time');
  } finally {
    await chain.stop();
  }
  return out;
}

const results = new Map();

for (const h of [1_000, 1_000_000]) {
  test(`${h.toLocaleString('en-GB')} blocks of history: the patient's and the clinician's charts open, every record too`, async () => {
    const r = await visitsOn(h);
    results.set(h, r);
    console.log(`# ${h} blocks (contracts from ${r.startBlock}, head ${r.head}): ${JSON.stringify(r)}`);
    assert.ok(r.head - r.startBlock >= 2 * h, 'the deployment is at least 2H blocks before the head');
    assert.equal(r.clinicianLogQueries, 1, 'one log query: the block of the patient’s grant, read once a session');
  });
}

test('the requests do not grow with the chain: 10^3 and 10^6 blocks cost the same', () => {
  const [short, long] = [results.get(1_000), results.get(1_000_000)];
  assert.ok(short && long, 'both chains were visited');
  for (const step of [
    'patientFirstWindow',
    'patientOpen',
    'patientVisit',
    'clinicianList',
    'clinicianChart',
    'clinicianOpen',
    'clinicianVisit',
    'patientAccess',
    'adminMembers',
    'invitation',
    'nameLogQueries',
    'listingLogQueries',
  ])
    assert.deepEqual(long[step], short[step], `${step}: calls by method and HTTP requests`);
});
