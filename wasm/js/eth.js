// Ethereum area of the JS API: addresses.
import { abytes, astring, rangeError } from './errors.js';

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeEth(core) {
  const { mod, IO, heap, check, out } = core;
  const ARG = IO + 64, OUT = IO + 256;

  const address = {
    fromPublicKey(publicKey) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      check(mod._ehr_address_from_pubkey(ARG, publicKey.length, OUT));
      return mod.checksumAddress(OUT);
    },
    parse(text, options = {}) {
      astring(text, 'address');
      if (text.length > 64) throw rangeError(`address must be 40 hex digits, got ${text.length} characters`);
      check(mod.parseAddress(text, options.strict === true, OUT));
      return out(OUT, 20);
    },
    isValid(text, options = {}) {
      if (typeof text !== 'string' || text.length > 64) return false;
      return mod.parseAddress(text, options.strict === true, OUT) === 0;
    },
    toChecksum(value) {
      let bytes;
      if (typeof value === 'string') bytes = address.parse(value);
      else bytes = abytes(value, 'address', 20);
      heap().set(bytes, ARG);
      return mod.checksumAddress(ARG);
    },
  };

  return { address: Object.freeze(address) };
}
