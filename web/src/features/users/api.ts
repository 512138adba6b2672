import { call, callData, type Filled, type Patch } from '../../api/call';
import type { CreateUserRequest, UpdateUserRequest } from '../../api/generated';
import type { User } from '../../api/types';

export type NewUser = Filled<CreateUserRequest>;

export function createUser(user: NewUser): Promise<User> {
  return callData('POST /api/v1/users', { body: user });
}

export type UserPatch = Patch<UpdateUserRequest>;

export function updateUser(id: string, patch: UserPatch): Promise<User> {
  return callData('PATCH /api/v1/users/{id}', { params: { id }, body: patch });
}

export async function resetUserMfa(id: string): Promise<void> {
  await call('POST /api/v1/users/{id}/mfa/reset', { params: { id } });
}
