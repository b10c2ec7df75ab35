// The page's session state, in memory only: which wallet is connected, the account, the chain and
// the balance. Screens read it and subscribe to changes; lock() resets it (the account address is
// personal data on a shared terminal).

const initial = () => ({
  /** @type {null | { kind: 'injected' | 'builtin', name: string, icon?: string, rdns?: string }} */
  wallet: null,
  /** @type {string | null} the connected account (0x-address, checksummed when the module is loaded) */
  account: null,
  /** @type {number | null} */
  chainId: null,
  /** @type {bigint | null} wei */
  balance: null,
  /** @type {null | { superAdmin: boolean, patient: boolean, member: any, adminOf: number[] }} roles on chain */
  roles: null,
});

let state = initial();
const subscribers = new Set();

/** The current state (treat as read-only). */
export const getState = () => state;

/** Merges `patch` into the state and tells subscribers. */
export function setState(patch) {
  state = { ...state, ...patch };
  for (const fn of [...subscribers]) fn(state);
}

/** Calls fn(state) on every change; returns the unsubscribe function. */
export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** Back to nothing (lock). */
export function resetState() {
  setState(initial());
}
