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

/**
 * Checks that `value` is an integer in [min, max], naming the argument: TypeError (ERR_BAD_TYPE)
 * if it is not a number or not an integer, RangeError (ERR_BAD_LENGTH) if it is out of range.
 * @param {unknown} value
 * @param {string} name
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
export function aint(value, name, min, max) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw typeError(
      `${name} must be an integer, got ${value === null ? 'null' : typeof value === 'number' ? value : typeof value}`,
    );
  }
  if (value < min || value > max) throw rangeError(`${name} must be ${min}..${max}, got ${value}`);
  return value;
}

/**
 * Checks an options argument: undefined (-> {}) or a plain object, else TypeError (ERR_BAD_TYPE).
 * @param {unknown} value
 * @param {string} name
 * @returns {Record<string, unknown>}
 */
export function aoptions(value, name = 'options') {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw typeError(`${name} must be an object, got ${value === null ? 'null' : typeof value}`);
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * JSON text of an argument given as JSON text or as a value to serialize (an object or array):
 * TypeError (ERR_BAD_TYPE) naming the argument when it is neither (`expected` says what it may be)
 * or cannot be serialized.
 * @param {unknown} value
 * @param {string} name
 * @param {string} expected e.g. 'an object or a JSON string'
 * @returns {string}
 */
export function ajsonText(value, name, expected) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') throw typeError(`${name} must be ${expected}`);
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw typeError(`${name} cannot be serialized as JSON: ${e.message}`);
  }
}
