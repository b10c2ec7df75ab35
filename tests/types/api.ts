// Type-checks wasm/js/ehr.d.ts against real calls (compiled with tsc --noEmit by
// tests/wasm/types.test.mjs). The @ts-expect-error lines fail the check if the types get looser.
import { init, wipe, EhrError, type Ehr, type IncrementalHash } from '../../wasm/js/ehr.js';

export async function useApi(): Promise<string> {
  const ehr: Ehr = await init();
  const sk = new Uint8Array(32);
  const h: Uint8Array = ehr.keccak256(new Uint8Array(0));
  const s: Uint8Array = ehr.sha256(h);
  const pub: Uint8Array = ehr.secp256k1.getPublicKey(sk, true);
  const sig: Uint8Array = ehr.secp256k1.sign(h, sk);
  const ok: boolean = ehr.secp256k1.verify(sig, h, pub, { lowS: false });
  const rec: Uint8Array = ehr.secp256k1.recover(sig, h, true);
  const valid: boolean = ehr.secp256k1.isValidPrivateKey(sk);
  const der: Uint8Array = ehr.secp256k1.signatureFromDer(s);
  const addr: string = ehr.address.fromPublicKey(pub);
  const raw: Uint8Array = ehr.address.parse(addr, { strict: true });
  const sum: string = ehr.address.toChecksum(raw);
  const inc: IncrementalHash = ehr.createKeccak256().update(h);
  const d: Uint8Array = inc.digest();
  {
    using k = ehr.createSha256();
    k.update(d);
  }
  wipe(sk);
  ehr.wipe(rec);
  try {
    ehr.secp256k1.getPublicKey(sk);
  } catch (e) {
    if (e instanceof EhrError) return e.code;
  }
  // @ts-expect-error keys are bytes, never strings
  ehr.secp256k1.sign(h, 'secret');
  // @ts-expect-error verify returns a boolean
  const notBytes: Uint8Array = ehr.secp256k1.verify(sig, h, pub);
  // @ts-expect-error the API object is read-only
  ehr.version = 'x';
  return `${ok} ${valid} ${der.length} ${sum} ${notBytes.length}`;
}
