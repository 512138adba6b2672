import { useInfiniteQuery } from '@tanstack/react-query';
import { listAudit, queryKeys, type AuditFilter } from '../../api/endpoints';

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, a page at a time ("Load more" follows the cursor). */
export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(filter),
    queryFn: ({ pageParam, signal }) => listAudit(filter, pageParam, AUDIT_PAGE_SIZE, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.pagination.nextCursor || undefined,
  });
}
