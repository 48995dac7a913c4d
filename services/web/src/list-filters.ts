import type { Request } from 'express';

/** One filter of a list screen: a query parameter of the REST API, shown as a form field. */
export interface FilterField {
  /** The API's query parameter, also the page URL's (a saved filter is just the URL). */
  name: string;
  label: string;
  kind: 'text' | 'date' | 'number' | 'select';
  /** For selects: the API's values, each shown with the label key `${labelPrefix}${value}`. */
  options?: readonly string[];
  labelPrefix?: string;
  /** A select with a default of its own (no "all" entry). */
  noEmpty?: boolean;
  placeholder?: string;
}

/**
 * The filters of the page's URL that the list knows, as the API query (unknown URL parameters are
 * left out here, so the API's 400 for unknown parameters only ever means a bug of this app).
 */
export function filterValues(req: Request, fields: readonly FilterField[], extra: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...fields.map((f) => f.name), ...extra]) {
    const v = req.query[name];
    if (typeof v === 'string' && v.trim() !== '') out[name] = v.trim();
  }
  return out;
}

/** The page's own URL with some parameters changed (paging, sorting links). */
export function withParams(path: string, current: Record<string, string>, change: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
