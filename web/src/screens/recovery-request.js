// "Recover a chart", for the new wallet of a patient who lost the old one (reached from the
// Connect screen): the chart's address (typed, or scanned from the recovery kit), a signed
// recovery request for the guardians (QR code and text: the chart, this wallet, its encryption
// key), the paper share typed in (the page signs the paper guardian's approval with the key its
// words derive), the approvals as they land, the waiting time, then "Complete": the chart's keys
// come back from the guardians' shares, are checked on the chart's records, and the session acts
// for the chart. While the chart still uses the lost wallet's keys, the page then goes to the
// Recovery screen, which offers to replace them (recovery-parts.js replaceKeysPanel). Sentences
// are messages of the catalogue (i18n.js); addresses are data (translate="no").
import { h, append, replace, field, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { ehr } from '../module.js';
import config from '../config.js';
import { notify } from '../notices.js';
import { sameAddress, shortAddress, hexOf } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { addressOf } from '../chain/contracts.js';
import { codePanel } from '../chain/relay.js';
import { encodeRequest, GUARDIAN_KIND, normalizeWords, paperWallet } from '../records/recovery.js';
import { unlockKeys, keysFromOldWallet } from '../records/account-keys.js';
import { accountGate, gatedScreen } from './gated.js';
import { tNodes } from './chart-common.js';
import { addressText, delayWords, guardianLabel, guardianNames, scanInto, when } from './recovery-parts.js';

const POLL_MS = 3000;

export function recoverScreen(app) {
  let stop = () => {};
  const screen = gatedScreen({
    title: 'Recover a chart',
    keyOf: (s) => `${s.account}|${s.chainId}|${s.roles ? 'r' : 'x'}`,
    gate: (s) =>
      accountGate(
        app,
        s,
        'Connect the new wallet that should hold your chart (a new wallet extension account, or the built-in wallet): the chart moves to it.',
      ),
    draw(body, s) {
      stop();
      stop = draw(app, body, s);
    },
  });
  return {
    title: screen.title,
    render(ctx) {
      const off = screen.render(ctx);
      return () => {
        off?.();
        stop();
        stop = () => {};
      };
    },
  };
}

/** Draws the screen for the connected (new) wallet; returns what stops its polling. */
function draw(app, body, s) {
  const provider = app.wallet.provider();
  const me = s.account;
  let timer = null;
  const chartInput = h('input', {
    type: 'text',
    name: 'chart',
    autocomplete: 'off',
    spellcheck: 'false',
    // The format of an address, not language.
    placeholder: '0x…',
    translate: 'no',
  });
  const chartField = field({
    label: 'The chart’s address',
    hint: 'The address of the wallet you lost: it is on your recovery kit, as text and as a QR code.',
    control: chartInput,
    id: 'recover-chart',
  });
  const scanBox = h('div');
  const lookup = button('Look up the chart', null, { type: 'submit' });
  const steps = h('div');
  const form = h(
    'form',
    { 'aria-labelledby': 'recover-chart-heading', novalidate: true },
    h('h2', { id: 'recover-chart-heading' }, 'Which chart'),
    chartField.wrap,
    h(
      'div',
      { class: 'actions' },
      lookup,
      scanInto(chartInput, scanBox, { label: 'Camera view: hold the recovery kit’s QR code in front of it' }),
    ),
    scanBox,
  );
  append(
    body,
    h(
      'p',
      null,
      tNodes(
        'Lost the wallet that holds your chart? Your guardians can move the chart to the wallet connected now: {address}. Your records, grants and links stay as they are; this wallet acts for the chart from then on.',
        { address: h('span', { class: 'mono', id: 'recover-successor', translate: 'no' }, me) },
      ),
    ),
    form,
    steps,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = chartInput.value.trim();
    if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
      chartField.setError('Enter the chart’s address: 0x followed by 40 hexadecimal digits.');
      return;
    }
    if (sameAddress(text, me)) {
      chartField.setError(
        'This is the connected wallet itself. Connect the new wallet, then enter the lost one’s address.',
      );
      return;
    }
    chartField.setError(null);
    clearInterval(timer);
    await busy(lookup, async () => {
      try {
        const chart = (await ehr()).address.toChecksum(text);
        timer = await drawSteps(app, steps, { provider, me, chart });
      } catch (err) {
        app.fail(err, { action: 'looking up the chart' });
      }
    });
  });
  return () => clearInterval(timer);
}

/** The steps for one chart; returns the polling timer of the approvals. */
async function drawSteps(app, steps, { provider, me, chart }) {
  const rec = await import('../chain/recovery.js');
  const [g, names, standing] = await Promise.all([
    rec.currentGuardians(provider, chart),
    guardianNames(provider).catch(() => new Map()),
    rec.chartOf(provider, me),
  ]);
  if (standing && sameAddress(standing, chart)) {
    replace(steps, openPanel(app, { provider, me, chart }));
    return null;
  }
  if (g.guardians.length === 0) {
    replace(
      steps,
      h(
        'p',
        { class: 'panel', id: 'recover-none' },
        tNodes('The chart {address} has no guardians: nobody can move it to another wallet.', {
          address: addressText(chart),
        }),
      ),
    );
    return null;
  }
  const kit = g.set?.kit ?? null;
  const label = (a) => guardianLabel(a, { kit, index: g.guardians.findIndex((x) => sameAddress(x, a)), names });
  const hasPaper = Boolean(kit?.guardians.some((x) => x.kind === GUARDIAN_KIND.PAPER));

  // 1. The request the guardians open.
  const requestBox = h('div');
  const requestStatus = h('p', { class: 'muted', role: 'status' });
  const makeRequest = button('Create my recovery request', (e) =>
    busy(e.currentTarget, async () => {
      try {
        app.session.activate();
        requestStatus.textContent = translate(
          'Approve the signature requests in your wallet (three: two for your keys, one for the request)…',
        );
        const own = await unlockKeys(provider, me);
        const api = await ehr();
        const body = { chart, successor: me, encryptionKey: hexOf(own.identity.publicKey) };
        const typed = rec.recoveryRequestTypedData(body);
        const raw = api.fromHex(
          await provider.request({ method: 'eth_signTypedData_v4', params: [me, JSON.stringify(typed)] }),
        );
        if (raw.length === 65 && raw[64] < 27) raw[64] += 27;
        const code = encodeRequest({
          ...body,
          chainId: config.chainId,
          forwarder: addressOf('EhrForwarder'),
          signature: api.toHex(raw),
        });
        requestStatus.textContent = '';
        replace(
          requestBox,
          await codePanel({
            id: 'recovery-request-panel',
            level: 'h3',
            heading: 'Your recovery request',
            text: code,
            textId: 'recovery-request',
            label: 'Recovery request',
            qrLabel: translate('QR code of the recovery request below'),
            intro: h(
              'p',
              null,
              'Send it to your guardians (in a message, or show them the QR code). Each of them must check with you, by phone or in person, that it is yours before approving. It holds no secret.',
            ),
          }),
        );
        requestBox.querySelector('h3').focus();
      } catch (err) {
        requestStatus.textContent = '';
        app.fail(err, { action: 'creating the recovery request', key: 'recovery' });
      }
    }),
  );

  // 2. The paper share, typed in: the page signs the paper guardian's approval.
  const words = h('textarea', {
    name: 'paper-share',
    rows: 4,
    spellcheck: 'false',
    autocomplete: 'off',
    'data-secret': 'true',
  });
  const wordsField = field({
    label: 'The words of your paper share, in order',
    hint: 'Separated by spaces. They never leave this page: what goes on chain is the share sealed to this wallet.',
    control: words,
    id: 'paper-share',
  });
  const paperStatus = txStatusLine();
  const paperGo = button('Approve with the paper share', (e) =>
    busy(e.currentTarget, async () => {
      const api = await ehr();
      const text = normalizeWords(words.value);
      if (!api.slip39.validate(text)) {
        wordsField.setError('These words are not a share: check each word and their order.');
        return;
      }
      wordsField.setError(null);
      let wallet = null;
      try {
        app.session.activate();
        paperStatus.textContent = translate('Approve the two signature requests for your keys in your wallet…');
        const own = await unlockKeys(provider, me);
        wallet = paperWallet(api, text);
        paperStatus.textContent = translate('Signing the paper guardian’s approval…');
        await rec.approveAsPaper({
          provider,
          submitter: me,
          wallet,
          words: text,
          chart,
          successor: me,
          successorKey: own.identity.publicKey,
          onStage: (stage) => {
            if (stage === 'wait' || stage === 'relay-sent')
              paperStatus.textContent = translate('Sent. Waiting for the network to confirm…');
            else if (stage === 'sign')
              paperStatus.textContent = translate(
                'Approve the transaction in your wallet (it submits the paper guardian’s approval)…',
              );
          },
        });
        words.value = '';
        paperStatus.textContent = translate('The paper share approved.');
        refresh();
      } catch (err) {
        paperStatus.textContent = translate('Not done: nothing was changed.');
        app.fail(err, { action: 'approving with the paper share', key: 'recovery' });
      } finally {
        wallet?.dispose();
      }
    }),
  );

  // 3. Approvals as they land; 4. complete.
  const approvals = h('div', { id: 'recovery-approvals', 'aria-live': 'polite' });
  const completeStatus = txStatusLine();
  const complete = button('Complete the recovery', (e) => completeRecovery(e.currentTarget));

  async function refresh() {
    try {
      const [r, now, mine, gNow] = await Promise.all([
        rec.recoveryOf(provider, chart),
        rec.chainTime(provider),
        rec.approvalsFor(provider, chart, me),
        rec.guardiansOf(provider, chart),
      ]);
      const current = mine.filter((a) => a.round === gNow.round);
      const earlier = mine.length > current.length;
      const lines = [];
      lines.push(
        h(
          'p',
          null,
          t('{count} of the {threshold} approvals needed.', { count: current.length, threshold: g.threshold }),
          earlier && current.length === 0
            ? [
                ' ',
                'Earlier approvals no longer count: the recovery was cancelled from the chart’s wallet, or its guardians changed.',
              ]
            : null,
        ),
      );
      if (current.length)
        lines.push(
          h(
            'ul',
            null,
            current.map((a) =>
              h(
                'li',
                { dataset: { guardian: a.guardian } },
                tNodes('Approved by {guardian}', { guardian: label(a.guardian) }),
              ),
            ),
          ),
        );
      if (r.successor && sameAddress(r.successor, me))
        lines.push(
          h(
            'p',
            { id: 'recovery-ready' },
            r.readyAt > now
              ? t(
                  'The chart moves to this wallet after {date}, unless its old wallet cancels. Then complete the recovery below.',
                  { date: when(r.readyAt) },
                )
              : 'The waiting time is over: complete the recovery.',
          ),
        );
      else if (r.successor)
        lines.push(
          h(
            'p',
            null,
            tNodes('Another recovery of this chart is pending, to {address}.', { address: addressText(r.successor) }),
          ),
        );
      if (approvals.isConnected) replace(approvals, lines);
    } catch {
      // the next round of polling tries again
    }
  }

  async function completeRecovery(btn) {
    await busy(btn, async () => {
      const [r, now] = await Promise.all([rec.recoveryOf(provider, chart), rec.chainTime(provider)]);
      if (!r.successor || !sameAddress(r.successor, me)) {
        notify({
          kind: 'error',
          key: 'recovery',
          title: 'This recovery cannot be completed',
          message:
            'No recovery of this chart to this wallet is pending: it was cancelled from the chart’s wallet, or not enough guardians have approved. Nothing moved.',
          advice:
            'If you still hold the chart’s old wallet, you do not need a recovery. Otherwise ask your guardians to approve again.',
        });
        return;
      }
      if (r.readyAt > now) {
        notify({
          kind: 'error',
          key: 'recovery',
          title: 'Not yet',
          message: t('The waiting time ends on {date}: until then the chart’s old wallet can still cancel.', {
            date: when(r.readyAt),
          }),
          advice: 'Come back then and complete the recovery.',
        });
        return;
      }
      const done = await sendTx(app, {
        button: document.createElement('button'),
        status: completeStatus,
        contract: 'EhrForwarder',
        fn: 'completeRecovery',
        args: [chart],
        action: 'completing the recovery',
        success: 'The chart is now held by this wallet',
      });
      if (done) await openChart(app, { provider, me, chart, status: completeStatus });
    });
  }

  replace(
    steps,
    h(
      'p',
      { class: 'panel', id: 'recover-guardians' },
      tNodes(
        'The chart {address} has {count} guardians; any {threshold} of them can move it to this wallet, then it moves after {delay} unless its old wallet cancels.',
        { address: addressText(chart), count: g.guardians.length, threshold: g.threshold, delay: delayWords(g.delay) },
      ),
    ),
    h('h2', null, '1. Ask your guardians'),
    h('div', { class: 'actions' }, makeRequest),
    requestStatus,
    requestBox,
    hasPaper
      ? [
          h('h2', null, '2. Your paper share'),
          h(
            'p',
            null,
            'One of the guardians is the paper share you wrote down. Type its words: this page approves for it.',
          ),
          wordsField.wrap,
          h('div', { class: 'actions' }, paperGo),
          paperStatus,
        ]
      : null,
    h('h2', null, t('{n}. Approvals', { n: hasPaper ? 3 : 2 })),
    approvals,
    h('h2', null, t('{n}. Complete', { n: hasPaper ? 4 : 3 })),
    h('p', null, 'When enough guardians have approved and the waiting time is over, complete the recovery here.'),
    h('div', { class: 'actions' }, complete),
    completeStatus,
  );
  refresh();
  return setInterval(() => {
    if (!steps.isConnected) return;
    refresh();
  }, POLL_MS);
}

/** The panel for a wallet that already took over the chart: open it. */
function openPanel(app, { provider, me, chart }) {
  const status = txStatusLine();
  const go = button('Open the chart', (e) =>
    busy(e.currentTarget, () => openChart(app, { provider, me, chart, status })),
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'recovered-here-heading' },
    h('h2', { id: 'recovered-here-heading' }, 'This wallet holds the chart'),
    h(
      'p',
      null,
      tNodes('The recovery of {address} to this wallet is complete.', {
        address: h('span', { class: 'mono', translate: 'no' }, shortAddress(chart)),
      }),
    ),
    h('div', { class: 'actions' }, go),
    status,
  );
}

/**
 * Restores the chart's keys from the shares, checks them on its records, and opens the chart (the
 * Recovery screen first while the chart still uses the lost wallet's keys: it offers to replace
 * them).
 */
async function openChart(app, { provider, me, chart, status }) {
  try {
    app.session.activate();
    status.textContent = translate(
      'Opening the chart’s keys with your guardians’ shares (your wallet may ask for two signatures)…',
    );
    const { openRecoveredChart } = await import('../chain/recovery.js');
    const checked = await openRecoveredChart({ provider, chart, successor: me });
    status.textContent = '';
    notify({
      kind: 'success',
      key: 'recovered',
      title: 'Your chart is open in this wallet',
      message:
        checked === null
          ? 'The chart has no record yet to check the keys against.'
          : t('The restored keys opened record {id} of the chart.', { id: String(checked) }),
      timeoutMs: 10000,
    });
    // Still on the lost wallet's keys: the Recovery screen offers to replace them first.
    app.router.go(keysFromOldWallet(chart) ? '/chart/recovery' : '/chart');
  } catch (err) {
    status.textContent = '';
    app.fail(err, { action: 'opening the recovered chart', key: 'recovered' });
  }
}
