import { call, callData, type Filled } from '../../api/call';
import type { RoleRequest } from '../../api/generated';
import type { Role } from '../../api/types';

export type NewRole = Filled<RoleRequest>;

export function createRole(role: NewRole): Promise<Role> {
  return callData('POST /api/v1/roles', { body: role });
}

export type RolePatch = Partial<Omit<NewRole, 'name'>>;

export function updateRole(name: string, patch: RolePatch): Promise<Role> {
  return callData('PATCH /api/v1/roles/{name}', { params: { name }, body: patch });
}

export async function deleteRole(name: string): Promise<void> {
  await call('DELETE /api/v1/roles/{name}', { params: { name } });
}
