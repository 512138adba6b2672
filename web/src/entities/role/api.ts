import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import type { PermissionInfo, Role } from '../../api/types';

export const roleKeys = { all: ['roles'] as const, permissions: ['permissions'] as const };

export function listRoles(signal?: AbortSignal): Promise<Role[]> {
  return callData('GET /api/v1/roles', { signal });
}

export function listPermissions(signal?: AbortSignal): Promise<PermissionInfo[]> {
  return callData('GET /api/v1/permissions', { signal });
}

export const rolesOptions = () => queryOptions({ queryKey: roleKeys.all, queryFn: ({ signal }) => listRoles(signal), staleTime: 30_000 });

/** The grantable permissions with their descriptions; they change only with a release. */
export const permissionsOptions = () =>
  queryOptions({ queryKey: roleKeys.permissions, queryFn: ({ signal }) => listPermissions(signal), staleTime: Infinity });
