// Search over a chart's records in this page: every record the reader can open is fetched,
// checked and decrypted (kept in the session's decrypted map, which lock empties), added to the
// module's search index, then matched (records/search-terms.js). Nothing about the query leaves
// the page.
import { ehr } from '../module.js';
import { openRecord } from './chart.js';
import { recordMeta, searchHits } from './search-terms.js';

/**
 * The current (not superseded) records among `records` that match every criterion:
 * { hits: Set of record ids, closed: how many could not be opened (not searched) }.
 * @param {{ patient: string, records: any[], criteria: any[],
 *   keysFor: (header: { scope: number, epoch: number }) => { chartKeys?: any[], identities?: any[], release?: () => void },
 *   canOpen?: (scope: number) => boolean, onProgress?: (done: number, total: number) => void }} o
 */
export async function searchRecords(o) {
  const api = await ehr();
  const current = o.records.filter((r) => !r.superseded);
  const metas = new Map();
  let closed = 0;
  let done = 0;
  let index = null;
  let release = null;
  try {
    for (const r of current) {
      o.onProgress?.(++done, current.length);
      metas.set(r.id, recordMeta(r));
      if (o.canOpen && !o.canOpen(r.scope)) {
        closed++;
        continue;
      }
      let entry;
      try {
        entry = await openRecord(o.patient, r, o.keysFor);
      } catch {
        closed++;
        continue;
      }
      if (!index) {
        // The index lives in module memory for this search only; any chart key held names
        // its token space (it is never sealed or stored).
        const k = o.keysFor({ scope: r.scope, epoch: 0 });
        release = k.release;
        if (!k.chartKeys?.length)
          throw Object.assign(new Error('no chart key to build the search index with'), {
            code: 'ERR_NO_RECIPIENT',
          });
        index = api.records.search.create(k.chartKeys[0]);
      }
      index.addResource(String(r.id), entry.resource);
    }
    const hits = searchHits(
      o.criteria,
      current.map((r) => r.id),
      metas,
      index,
    );
    return { hits, closed };
  } finally {
    index?.dispose();
    release?.();
  }
}
