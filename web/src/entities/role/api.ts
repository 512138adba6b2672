import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { DataEnvelope, PermissionInfo, Role } from '../../api/types';

export const roleKeys = { all: ['roles'] as const, permissions: ['permissions'] as const };

export async function listRoles(signal?: AbortSignal): Promise<Role[]> {
  const body = await request<DataEnvelope<Role[]>>('/api/v1/roles', { signal });
  return body.data;
}

export async function listPermissions(signal?: AbortSignal): Promise<PermissionInfo[]> {
  const body = await request<DataEnvelope<PermissionInfo[]>>('/api/v1/permissions', { signal });
  return body.data;
}

export const rolesOptions = () => queryOptions({ queryKey: roleKeys.all, queryFn: ({ signal }) => listRoles(signal), staleTime: 30_000 });

/** The grantable permissions with their descriptions; they change only with a release. */
export const permissionsOptions = () =>
  queryOptions({ queryKey: roleKeys.permissions, queryFn: ({ signal }) => listPermissions(signal), staleTime: Infinity });
