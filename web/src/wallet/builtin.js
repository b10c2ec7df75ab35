// The built-in wallet's link to the module's wallet functions (BIP-39 phrases, BIP-32 derivation,
// keystore V3, Wallet handles). This build's module does not have them yet: builtinAvailable()
// says so and every other function refuses, so the screens show that the wallet is unavailable
// instead of a form that cannot work.

const unavailable = () => Object.assign(new Error('the built-in wallet is not part of this build'), { code: 'ERR_NOT_AVAILABLE' });

/** True when the module in this build can create and open wallets. */
export const builtinAvailable = () => false;

/** A fresh recovery phrase, held in module memory: { words(): string[], dispose() }. */
export async function createPhrase() {
  throw unavailable();
}

/** null if `text` is a valid phrase, else a message naming the problem. */
export async function checkPhrase() {
  throw unavailable();
}

/** A Wallet (registered with the key registry) from a phrase. */
export async function openFromPhrase() {
  throw unavailable();
}

/** A Wallet (registered with the key registry) from a keystore JSON text and its password. */
export async function openFromKeystore() {
  throw unavailable();
}
