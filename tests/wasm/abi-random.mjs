// Random ABI inputs for the differential tests (eth-differential, eth-topics), drawn from one
// seeded rng: unsigned big integers of a bit width (edges 0 and max often) and elementary types.

/** @param {{ int(n: number): number, bytes(n: number): Uint8Array }} rng */
export function abiRandom(rng) {
  /** An unsigned value below 2^bits: 0, the maximum, or random with a random bit length. */
  const randBig = (bits) => {
    const r = rng.int(8);
    if (r === 0) return 0n;
    if (r === 1) return (1n << BigInt(bits)) - 1n;
    let v = 0n;
    for (const b of rng.bytes(Math.ceil(bits / 8))) v = (v << 8n) | BigInt(b);
    return v & ((1n << BigInt(1 + rng.int(bits))) - 1n);
  };
  /** An elementary ABI / EIP-712 atomic type: uintN, intN, address, bool, bytesN, bytes, string. */
  const elementaryType = () => {
    switch (rng.int(7)) {
      case 0:
        return `uint${8 * (1 + rng.int(32))}`;
      case 1:
        return `int${8 * (1 + rng.int(32))}`;
      case 2:
        return 'address';
      case 3:
        return 'bool';
      case 4:
        return `bytes${1 + rng.int(32)}`;
      case 5:
        return 'bytes';
      default:
        return 'string';
    }
  };
  return { randBig, elementaryType };
}
