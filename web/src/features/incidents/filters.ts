import { defaultIncidentFilter, INCIDENT_SORTS, type IncidentFilter, type IncidentSort } from '../../entities/incident/api';
import { INCIDENT_STATUSES, SEVERITIES } from '../../api/types';

export const INCIDENTS_PAGE_SIZE = 20;

/** The URL keys the list page reads and writes. */
export const URL_KEYS = ['status', 'severity', 'serviceId', 'q', 'breached', 'sort', 'order', 'page'] as const;

const statusValues = new Set<string>(['open', ...INCIDENT_STATUSES]);
const severityValues = new Set<string>(SEVERITIES);

/** Keeps the known values of a comma-separated list. */
function cleanList(raw: string | null, allowed: Set<string>): string {
  if (!raw) return '';
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => allowed.has(v))
    .join(',');
}

/**
 * The list's filter from the URL. With no status in the URL the list shows open
 * incidents; "status=all" shows every status.
 */
export function filterFromParams(params: URLSearchParams): IncidentFilter {
  const rawStatus = params.get('status');
  const sort = params.get('sort') as IncidentSort | null;
  const page = Number(params.get('page'));
  return {
    ...defaultIncidentFilter,
    status: rawStatus === null ? 'open' : rawStatus === 'all' ? '' : cleanList(rawStatus, statusValues),
    severity: cleanList(params.get('severity'), severityValues),
    serviceId: params.get('serviceId') ?? '',
    q: params.get('q') ?? '',
    ...(params.get('breached') === 'true' ? { breached: true } : {}),
    sort: sort && (INCIDENT_SORTS as readonly string[]).includes(sort) ? sort : 'created_at',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    limit: INCIDENTS_PAGE_SIZE,
  };
}

export type FilterChange = Partial<Pick<IncidentFilter, 'status' | 'severity' | 'serviceId' | 'q' | 'breached' | 'sort' | 'order' | 'page'>>;

/**
 * The URL after `change`: defaults are left out, so the bare /incidents is the
 * open list; any change but paging goes back to page 1.
 */
export function applyChange(params: URLSearchParams, change: FilterChange): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(change)) {
    if (key === 'status') {
      if (value === 'open') next.delete('status');
      else next.set('status', value === '' ? 'all' : String(value));
      continue;
    }
    const isDefault =
      value === '' || value === undefined || value === false || (key === 'page' && value === 1) || (key === 'sort' && value === 'created_at') || (key === 'order' && value === 'desc');
    if (isDefault) next.delete(key);
    else next.set(key, String(value));
  }
  if (change.page === undefined) next.delete('page');
  return next;
}
