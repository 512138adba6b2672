import { request } from '../../api/client';
import type { DataEnvelope, Permission, Role } from '../../api/types';

export interface NewRole {
  name: string;
  description: string;
  permissions: Permission[];
  requireMfa: boolean;
}

export async function createRole(role: NewRole): Promise<Role> {
  const body = await request<DataEnvelope<Role>>('/api/v1/roles', { method: 'POST', body: role });
  return body.data;
}

export type RolePatch = Partial<Omit<NewRole, 'name'>>;

export async function updateRole(name: string, patch: RolePatch): Promise<Role> {
  const body = await request<DataEnvelope<Role>>(`/api/v1/roles/${encodeURIComponent(name)}`, { method: 'PATCH', body: patch });
  return body.data;
}

export async function deleteRole(name: string): Promise<void> {
  await request<null>(`/api/v1/roles/${encodeURIComponent(name)}`, { method: 'DELETE' });
}
