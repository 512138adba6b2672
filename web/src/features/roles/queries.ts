import { roleKeys } from '../../entities/role/api';
import { useInvalidatingMutation } from '../../hooks/useInvalidatingMutation';
import { createRole, deleteRole, updateRole, type NewRole, type RolePatch } from './api';

export const useCreateRole = () => useInvalidatingMutation((role: NewRole) => createRole(role), [roleKeys.all]);

export const useUpdateRole = () =>
  useInvalidatingMutation(({ name, patch }: { name: string; patch: RolePatch }) => updateRole(name, patch), [roleKeys.all]);

export const useDeleteRole = () => useInvalidatingMutation((name: string) => deleteRole(name), [roleKeys.all]);
