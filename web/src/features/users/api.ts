import { call, callData } from '../../api/call';
import type { User } from '../../api/types';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

export function createUser(user: NewUser): Promise<User> {
  return callData('POST /api/v1/users', { body: user });
}

export interface UserPatch {
  displayName?: string;
  roles?: string[];
  active?: boolean;
  password?: string;
}

export function updateUser(id: string, patch: UserPatch): Promise<User> {
  return callData('PATCH /api/v1/users/{id}', { params: { id }, body: patch });
}

export async function resetUserMfa(id: string): Promise<void> {
  await call('POST /api/v1/users/{id}/mfa/reset', { params: { id } });
}
