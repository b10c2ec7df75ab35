// Searching a chart in the page: the query split into criteria, what the timeline knows about each
// record (category, record number, date added), and which records match every criterion, from that
// and from the module's search index over the decrypted records (records/chart-search.js).
import { scopeLabel } from './scopes.js';

/** Lower case without accents (Ménière -> meniere), for matching. */
export const fold = (t) =>
  String(t)
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

const words = (t) => t.split(/[^\p{L}\p{N}]+/u);

/**
 * Criteria: dates (YYYY, YYYY-MM, YYYY-MM-DD) and words: [{ date } | { word }]. A record matches
 * when every criterion does.
 */
export function parseSearch(text) {
  const criteria = [];
  for (const token of fold(text).split(/\s+/u).filter(Boolean)) {
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(token)) criteria.push({ date: token });
    else for (const w of words(token)) if (w) criteria.push({ word: w });
  }
  return criteria;
}

/** What the timeline shows about a record, as search terms: { words, added (YYYY-MM-DD) }. */
export function recordMeta(r) {
  return {
    words: words(fold(`${scopeLabel(r.scope)} record ${r.id}`)),
    added: new Date(r.createdAt * 1000).toISOString().slice(0, 10),
  };
}

/**
 * The ids among `ids` that match every criterion, in the index (`query({ from, to } | { words })`
 * giving record ids as text; null when nothing was decrypted) or in the records' metas (Map id ->
 * recordMeta).
 */
export function searchHits(criteria, ids, metas, index) {
  const hitsOf = (c) => {
    const out = new Set();
    if (index) {
      const q = c.date ? { from: c.date, to: c.date } : c.word.length >= 2 ? { words: [c.word] } : null;
      if (q) for (const id of index.query(q)) out.add(Number(id));
    }
    for (const [id, m] of metas) if (c.date ? m.added.startsWith(c.date) : m.words.includes(c.word)) out.add(id);
    return out;
  };
  const sets = criteria.map(hitsOf);
  return new Set(ids.filter((id) => sets.every((set) => set.has(id))));
}
