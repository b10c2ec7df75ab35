// Formatting for display: addresses, networks, amounts, dates, numbers and sizes (dates, numbers
// and sizes in the reader's locale).
import { intlLocale, t } from './i18n.js';

/** EIP-55 checksumming (the module's address.toChecksum), once a screen has installed it. */
let toChecksum = null;

/**
 * Installs EIP-55 checksumming for every address the page writes (the module's
 * `address.toChecksum`; the module computes the keccak). Until then addresses are written as given.
 * @param {(address: string) => string} fn
 */
export function useChecksum(fn) {
  toChecksum = fn;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An account address in full, EIP-55 checksummed (anything else is returned as given). */
export function fullAddress(a) {
  const s = String(a ?? '');
  if (!toChecksum || !ADDRESS.test(s)) return s;
  try {
    return toChecksum(s);
  } catch {
    return s;
  }
}

/**
 * The one short form of an address (or a hash): '0x1234…abcd', checksummed like fullAddress(),
 * so that one account always reads the same.
 */
export function shortAddress(a) {
  const s = fullAddress(a);
  return s.length > 12 ? `${s.slice(0, 6)}…${s.slice(-4)}` : s;
}

/** The configured chain's name, or 'chain <id>' for any other; 'no network' for null. */
export function networkName(config, chainId) {
  if (chainId === null || chainId === undefined) return 'no network';
  if (chainId === config.chainId) return config.chainName;
  return KNOWN[chainId] ?? `chain ${chainId}`;
}

/** Names of a few well-known chains, so a wrong network is named plainly. */
const KNOWN = {
  1: 'Ethereum mainnet',
  10: 'OP mainnet',
  137: 'Polygon',
  8453: 'Base',
  42161: 'Arbitrum One',
  11155111: 'Sepolia test network',
  17000: 'Holesky test network',
  31337: 'local development chain',
};

/**
 * Formats an amount in the smallest unit (wei) as a decimal string with at most `maxFraction`
 * fraction digits, truncated (never rounded up: a balance must not look bigger than it is).
 * @param {bigint} value
 * @param {number} [decimals]
 * @param {number} [maxFraction]
 */
export function formatUnits(value, decimals = 18, maxFraction = 4) {
  const neg = value < 0n;
  const v = neg ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = v / base;
  const frac = (v % base).toString().padStart(decimals, '0').slice(0, maxFraction).replace(/0+$/, '');
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${wholeText}${frac ? `.${frac}` : ''}`;
}

/** Bytes (or hex text, returned as is) as '0x'-prefixed lower-case hex. */
export function hexOf(b) {
  return typeof b === 'string' ? b : `0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether two account addresses are the same, whatever their letter case (EIP-55 or not). */
export function sameAddress(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * Dates in the reader's locale. `value`: Unix seconds, or a FHIR date, dateTime or instant
 * ('2004', '2012-06', '2012-09-17', '2024-03-05T09:30:00+01:00'). A date without a time is shown
 * as the calendar date it names (never shifted by the reader's time zone); a time is shown in the
 * reader's zone. Text that is not a date comes back as given.
 * @param {number | string} value
 * @param {{ locale?: string, timeZone?: string, dateStyle?: string, timeStyle?: string | null }} [o]
 *   locale, timeZone: the reader's unless given; dateStyle (default 'medium'); timeStyle (default
 *   'short'; null: the date only)
 */
export function formatDate(value, o = {}) {
  const d = dateParts(value);
  if (!d) return String(value ?? '');
  return dateFormat(d.precision, o).format(d.date);
}

/**
 * A FHIR Period ({ start?, end? }) or two dates, as one range in the reader's locale:
 * '5 Mar 2024, 09:30–09:35', 'from 1 Jan 2021', 'until 6 Mar 2024'.
 */
export function formatPeriod(period, o = {}) {
  const a = dateParts(period?.start);
  const b = dateParts(period?.end);
  if (a && b && a.precision === b.precision && a.date <= b.date) {
    return dateFormat(a.precision, o).formatRange(a.date, b.date);
  }
  if (a && b) return `${formatDate(period.start, o)} – ${formatDate(period.end, o)}`;
  if (a) return t('from {date}', { date: formatDate(period.start, o) });
  if (b) return t('until {date}', { date: formatDate(period.end, o) });
  return '';
}

/** A number in the reader's locale ('6.3', '1,200'; up to 6 fraction digits, none added). */
export function formatNumber(n, { locale = readerLocale() } = {}) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(n);
}

/** A size in bytes in the reader's locale, in 1024 steps: '29 bytes', '3.6 kB', '5 MB', '1.2 GB'. */
export function formatSize(bytes, { locale = readerLocale() } = {}) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
  let v = Number(bytes);
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[i],
    unitDisplay: i === 0 ? 'long' : 'short',
    maximumFractionDigits: i === 0 || v >= 100 ? 0 : 1,
  }).format(v);
}

/**
 * The reader's locale: the browser's own variant of the page's language (en-GB, es-MX), else the
 * page's language (i18n.js).
 */
function readerLocale() {
  const lang = intlLocale();
  const preferred = globalThis.navigator?.languages ?? [];
  return preferred.find((tag) => String(tag).toLowerCase().split('-')[0] === lang) ?? lang;
}

const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** { date, precision: 'year' | 'month' | 'day' | 'time' } of Unix seconds or a FHIR date, or null. */
function dateParts(value) {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? null : { date, precision: 'time' };
  }
  const m = typeof value === 'string' ? FHIR_DATE.exec(value.trim()) : null;
  if (!m) return null;
  const [, y, mo, d, t] = m;
  const date = t ? new Date(value.trim()) : new Date(Date.UTC(Number(y), Number(mo ?? 1) - 1, Number(d ?? 1)));
  if (Number.isNaN(date.getTime())) return null;
  return { date, precision: t ? 'time' : d ? 'day' : mo ? 'month' : 'year' };
}

/** The Intl formatter of a date of that precision (calendar dates in UTC: the date they name). */
function dateFormat(precision, { locale = readerLocale(), timeZone, dateStyle = 'medium', timeStyle = 'short' }) {
  if (precision === 'year') return new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
  if (precision === 'month')
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  if (precision === 'day') return new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' });
  return new Intl.DateTimeFormat(locale, { dateStyle, ...(timeStyle ? { timeStyle } : {}), timeZone });
}
