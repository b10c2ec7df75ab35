// Formatting for display: addresses, networks, amounts.

/** '0x1234567890…' -> '0x1234…7890' (the full address is always shown on the account screen). */
export function shortAddress(a) {
  return typeof a === 'string' && a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : String(a ?? '');
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
