import { useInfiniteQuery } from '@tanstack/react-query';
import { auditLogOptions, type AuditFilter } from './api';

export const useAuditLog = (filter: AuditFilter) => useInfiniteQuery(auditLogOptions(filter));
