// SLIP-0039 of the JS API: Shamir's secret sharing of a master secret (16..32 bytes) as share
// mnemonics, in two levels (groups, then members), over wasm/src/recovery_exports.cpp.
//
// Secrets: the master secret and passphrase bytes and every mnemonic's bytes are copied into
// module memory and wiped there after each call (core.frame). Mnemonics are returned and taken as
// JS strings, which cannot be wiped: keep them only as long as they are shown or typed.
// generate() and combine() run PBKDF2 (4 rounds of 2500 << iterationExponent iterations):
// with large exponents run them on a Worker.
import { EhrError, abytes, aint, aoptions, astring, typeError } from './errors.js';

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeSlip39(core) {
  const { mod, check, frame, out, u32 } = core;

  const passphraseBytes = (v) => {
    if (v === undefined) return new Uint8Array(0);
    if (typeof v === 'string') return utf8.encode(v);
    if (v instanceof Uint8Array) return v.slice();
    throw typeError('passphrase must be a string or a Uint8Array (printable ASCII)');
  };

  /** A list of mnemonics as one '\n'-separated UTF-8 block. */
  const mnemonicsBytes = (mnemonics) => {
    if (!Array.isArray(mnemonics)) throw typeError('mnemonics must be an array of strings');
    mnemonics.forEach((m, i) => {
      astring(m, `mnemonics[${i}]`);
      if (m.includes('\n')) throw new EhrError('ERR_BAD_MNEMONIC', `mnemonics[${i}] contains a line break`);
    });
    return utf8.encode(mnemonics.join('\n'));
  };

  /**
   * Splits `masterSecret` into share mnemonics: `groups` lists each group's member threshold and
   * count; any `groupThreshold` groups (each with its member threshold of shares) rebuild it.
   * Returns the mnemonics group by group. A threshold of 1 is allowed only for a 1-member group.
   * @param {Uint8Array} masterSecret 16..32 bytes, even length
   * @param {{ groups: {threshold: number, count: number}[], groupThreshold?: number,
   *   passphrase?: string | Uint8Array, iterationExponent?: number, extendable?: boolean }} options
   * @returns {string[][]}
   */
  const generate = (masterSecret, options) => {
    abytes(masterSecret, 'masterSecret', [16, 18, 20, 22, 24, 26, 28, 30, 32]);
    if (options === undefined) throw typeError('options must be an object { groups, groupThreshold?, ... }');
    const o = aoptions(options);
    const groups = o.groups;
    if (!Array.isArray(groups)) throw typeError('options.groups must be an array of { threshold, count }');
    aint(groups.length, 'options.groups.length', 1, 16);
    const pairs = new Uint8Array(groups.length * 2);
    groups.forEach((g, i) => {
      const { threshold, count } = aoptions(g, `options.groups[${i}]`);
      pairs[2 * i] = aint(threshold, `options.groups[${i}].threshold`, 1, 16);
      pairs[2 * i + 1] = aint(count, `options.groups[${i}].count`, 1, 16);
    });
    const groupThreshold = aint(o.groupThreshold ?? 1, 'options.groupThreshold', 1, groups.length);
    const exponent = aint(o.iterationExponent ?? 1, 'options.iterationExponent', 0, 15);
    if (o.extendable !== undefined && typeof o.extendable !== 'boolean')
      throw typeError('options.extendable must be a boolean');
    const pass = passphraseBytes(o.passphrase);
    let shares = 0;
    for (let i = 0; i < groups.length; i++) shares += pairs[2 * i + 1];
    const cap = shares * 300; // at most 33 words of 8 letters and their separators per mnemonic
    let text;
    try {
      text = frame([masterSecret, pass, pairs, cap, 4], (pm, pp, pg, po, pn) => {
        check(
          mod._ehr_slip39_generate(
            pm,
            masterSecret.length,
            pp,
            pass.length,
            groupThreshold,
            pg,
            groups.length,
            exponent,
            o.extendable === false ? 0 : 1,
            po,
            cap,
            pn,
          ),
        );
        const bytes = out(po, u32(pn));
        try {
          return utf8dec.decode(bytes);
        } finally {
          bytes.fill(0);
        }
      });
    } finally {
      pass.fill(0);
    }
    const lines = text.split('\n');
    const result = [];
    let at = 0;
    for (let i = 0; i < groups.length; i++) {
      result.push(lines.slice(at, at + pairs[2 * i + 1]));
      at += pairs[2 * i + 1];
    }
    return result;
  };

  /**
   * The master secret of a set of share mnemonics: exactly groupThreshold groups, each with exactly
   * its member threshold of shares. A wrong passphrase is not detected: it gives another secret.
   * @param {string[]} mnemonics
   * @param {string | Uint8Array} [passphrase]
   * @returns {Uint8Array}
   */
  const combine = (mnemonics, passphrase) => {
    const text = mnemonicsBytes(mnemonics);
    const pass = passphraseBytes(passphrase);
    try {
      return frame([text, pass, 32, 4], (pt, pp, po, pn) => {
        check(mod._ehr_slip39_combine(pt, text.length, pp, pass.length, po, pn));
        return out(po, u32(pn));
      });
    } finally {
      text.fill(0);
      pass.fill(0);
    }
  };

  /**
   * The public fields of one share mnemonic (checked: words, length, padding, checksum).
   * @param {string} mnemonic
   */
  const decode = (mnemonic) => {
    const text = utf8.encode(astring(mnemonic, 'mnemonic'));
    try {
      return frame([text, 10], (pt, po) => {
        check(mod._ehr_slip39_decode(pt, text.length, po));
        const f = out(po, 10);
        return {
          identifier: f[0] | (f[1] << 8),
          extendable: f[2] === 1,
          iterationExponent: f[3],
          groupIndex: f[4],
          groupThreshold: f[5],
          groupCount: f[6],
          memberIndex: f[7],
          memberThreshold: f[8],
          valueLength: f[9],
        };
      });
    } finally {
      text.fill(0);
    }
  };

  /**
   * True when `mnemonic` is a well-formed share (words, length, padding, checksum).
   * @param {string} mnemonic
   */
  const validate = (mnemonic) => {
    try {
      decode(mnemonic);
      return true;
    } catch (e) {
      if (e instanceof EhrError) return false;
      throw e;
    }
  };

  return { slip39: Object.freeze({ generate, combine, decode, validate }) };
}
