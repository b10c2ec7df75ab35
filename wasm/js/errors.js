// Typed errors of the JS API. Every error the API raises carries a stable `code`:
//   TypeError  code 'ERR_BAD_TYPE'    an argument of the wrong type
//   RangeError code 'ERR_BAD_LENGTH'  an argument of the wrong length (or out of range)
//   EhrError   code 'ERR_...'         a crypto or format failure reported by the core

/** A failure reported by the core (invalid key, bad signature, bad encoding, ...). */
export class EhrError extends Error {
  /**
   * @param {string} code stable machine-readable code, e.g. 'ERR_INVALID_PRIVATE_KEY'
   * @param {string} message human-readable description
   */
  constructor(code, message) {
    super(message);
    this.name = 'EhrError';
    /** @type {string} */
    this.code = code;
  }
}

/** @returns {TypeError & {code: string}} */
export function typeError(message) {
  const e = new TypeError(message);
  e.code = 'ERR_BAD_TYPE';
  return e;
}

/** @returns {RangeError & {code: string}} */
export function rangeError(message) {
  const e = new RangeError(message);
  e.code = 'ERR_BAD_LENGTH';
  return e;
}

/**
 * Checks that `value` is a Uint8Array (of length `len`, or one of `len` if an array), naming the
 * argument in the error.
 * @param {unknown} value
 * @param {string} name
 * @param {number | number[]} [len]
 * @returns {Uint8Array}
 */
export function abytes(value, name, len) {
  if (!(value instanceof Uint8Array)) {
    throw typeError(`${name} must be a Uint8Array, got ${value === null ? 'null' : typeof value}`);
  }
  if (len !== undefined) {
    const ok = Array.isArray(len) ? len.includes(value.length) : value.length === len;
    if (!ok) {
      const want = Array.isArray(len) ? len.join(' or ') : String(len);
      throw rangeError(`${name} must be ${want} bytes, got ${value.length}`);
    }
  }
  return value;
}

/**
 * @param {unknown} value
 * @param {string} name
 * @returns {string}
 */
export function astring(value, name) {
  if (typeof value !== 'string') throw typeError(`${name} must be a string, got ${typeof value}`);
  return value;
}
