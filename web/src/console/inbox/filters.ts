// The inbox's filters live in the URL (?state=…&warn=…), so a reload, the back button and a saved view all
// give the same list. Keys and values are exactly the /api/cases query (and the ledger export's).
export interface CaseFilters {
  state?: string;
  category?: string;
  street?: string;
  warn?: string;
  mine?: string;
  q?: string;
}

export const FILTER_KEYS: Array<keyof CaseFilters> = ['state', 'category', 'street', 'warn', 'mine', 'q'];

/** Only the filters that narrow the list (mine=false is the same as no mine). */
export function normalise(f: Record<string, unknown>): CaseFilters {
  const out: CaseFilters = {};
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (typeof v === 'string' && v !== '' && !(k === 'mine' && v === 'false')) out[k] = v;
  }
  return out;
}

export function sameFilters(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const x = normalise(a);
  const y = normalise(b);
  return FILTER_KEYS.every((k) => (x[k] ?? '') === (y[k] ?? ''));
}
