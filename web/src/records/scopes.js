// The record categories (scope ids 0..15 of the contracts' table) and the scope bitmasks the
// contracts take: names for people, masks from chosen ids, and what a relative may receive.

/** The categories shown to people. */
export const SCOPES = [
  [0, 'Lab results'],
  [1, 'Imaging'],
  [2, 'Prescriptions'],
  [3, 'Clinical notes'],
  [4, 'Mental health'],
  [5, 'Family history'],
  [6, 'Immunizations'],
  [7, 'Allergies'],
  [8, 'Vitals'],
  [9, 'Sexual and reproductive health'],
  [10, 'Substance use'],
  [11, 'Genetics'],
  [12, 'Billing and insurance'],
  [13, 'Encounters and discharge summaries'],
  [14, 'Procedures'],
  [15, 'Care plans'],
];

/** Every scope bit: what a revocation or a key rotation covers. */
export const ALL_SCOPES = 0xffffffff;

/** The only category a relative who confirmed a family link may receive (family history). */
export const RELATIVE_SCOPES = 1 << 5;

export const scopeLabel = (id) => SCOPES.find(([s]) => s === id)?.[1] ?? `Category ${id}`;
export const scopeList = (mask) => SCOPES.filter(([s]) => (mask >>> s) & 1).map(([, l]) => l);

/** The unsigned scope mask of the chosen scope ids (`chosen(id)` says whether id is chosen). */
export const scopeMask = (chosen) => SCOPES.reduce((m, [sid]) => (chosen(sid) ? m | (1 << sid) : m), 0) >>> 0;
