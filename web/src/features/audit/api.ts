import { infiniteQueryOptions } from '@tanstack/react-query';
import { call, type Answer } from '../../api/call';

export interface AuditFilter {
  /** Actor ID (user or token). */
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** RFC 3339 bounds; "" for none. */
  from: string;
  to: string;
}

export function listAudit(filter: AuditFilter, cursor: string, limit: number, signal?: AbortSignal): Promise<Answer<'GET /api/v1/audit'>> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  if (cursor) query.set('cursor', cursor);
  return call('GET /api/v1/audit', { query, signal });
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, a page at a time ("Load more" follows the cursor). */
export const auditLogOptions = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: ['audit', filter] as const,
    queryFn: ({ pageParam, signal }) => listAudit(filter, pageParam, AUDIT_PAGE_SIZE, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.pagination.nextCursor || undefined,
  });
