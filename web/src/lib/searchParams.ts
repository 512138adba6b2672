/** A list page's filters in the URL (?q=…&tag=…&page=…). */

/** The ?page of a list, 1 for none or nonsense. */
export function parsePage(raw: string | null): number {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

export type FilterChange = Record<string, string | number | boolean | readonly string[] | undefined> & { page?: number };

/**
 * The search params after a filter change: a list sets its key once per item,
 * an empty value (and page 1) removes its key, and any change but a page change
 * goes back to page 1.
 */
export function applyFilterChange(params: URLSearchParams, changes: FilterChange): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      next.delete(key);
      for (const item of value as readonly string[]) next.append(key, item);
    } else if (value && !(key === 'page' && value === 1)) next.set(key, String(value));
    else next.delete(key);
  }
  if (changes.page === undefined) next.delete('page');
  return next;
}
