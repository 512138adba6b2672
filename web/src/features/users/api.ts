import { request } from '../../api/client';
import type { DataEnvelope, User } from '../../api/types';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

export async function createUser(user: NewUser): Promise<User> {
  const body = await request<DataEnvelope<User>>('/api/v1/users', { method: 'POST', body: user });
  return body.data;
}

export interface UserPatch {
  displayName?: string;
  roles?: string[];
  active?: boolean;
  password?: string;
}

export async function updateUser(id: string, patch: UserPatch): Promise<User> {
  const body = await request<DataEnvelope<User>>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
  return body.data;
}

export async function resetUserMfa(id: string): Promise<void> {
  await request<null>(`/api/v1/users/${encodeURIComponent(id)}/mfa/reset`, { method: 'POST' });
}
