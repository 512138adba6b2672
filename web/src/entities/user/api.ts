import { queryOptions } from '@tanstack/react-query';
import { call } from '../../api/call';
import type { PageEnvelope, User } from '../../api/types';

export interface UserFilter {
  q: string;
  role: string;
  /** "" for everyone. */
  active: '' | 'true' | 'false';
  page: number;
  limit: number;
}

export const userKeys = {
  all: ['users'] as const,
  list: (filter: UserFilter) => ['users', filter] as const,
};

export function listUsers(filter: UserFilter, signal?: AbortSignal): Promise<PageEnvelope<User>> {
  const query = new URLSearchParams({ page: String(filter.page), limit: String(filter.limit) });
  if (filter.q) query.set('q', filter.q);
  if (filter.role) query.set('role', filter.role);
  if (filter.active) query.set('active', filter.active);
  return call('GET /api/v1/users', { query, signal });
}

export const usersOptions = (filter: UserFilter) =>
  queryOptions({ queryKey: userKeys.list(filter), queryFn: ({ signal }) => listUsers(filter, signal) });

const activeUsers: UserFilter = { q: '', role: '', active: 'true', page: 1, limit: 100 };

/** Active users, for pickers; only admins may list users. */
export const assignableUsersOptions = () => queryOptions({ ...usersOptions(activeUsers), staleTime: 60_000 });
