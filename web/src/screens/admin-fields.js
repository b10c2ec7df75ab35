// Form pieces the administration screens share: a select of labelled options, and an account
// address field checked by the module.
import { h } from '../dom.js';
import { ehr } from '../module.js';

export const select = (name, options) =>
  h(
    'select',
    { name },
    Object.entries(options).map(([v, label]) => h('option', { value: v }, label)),
  );

/** Checks an address field with the module (EIP-55 when mixed case); sets the field's error. */
export async function checkAddress(f) {
  const text = f.control.value.trim();
  const api = await ehr();
  const ok = api.address.isValid(text);
  f.setError(
    ok
      ? null
      : 'Enter an account address: 0x followed by 40 hexadecimal digits (check the capital letters if you pasted a checksummed address).',
  );
  return ok ? api.address.toChecksum(text) : null;
}
