import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRole,
  deleteRole,
  listPermissions,
  listRoles,
  queryKeys,
  updateRole,
  type NewRole,
  type RolePatch,
} from '../../api/endpoints';

export function useRoles() {
  return useQuery({ queryKey: queryKeys.roles, queryFn: ({ signal }) => listRoles(signal), staleTime: 30_000 });
}

/** The grantable permissions with their descriptions; they change only with a release. */
export function usePermissions() {
  return useQuery({ queryKey: queryKeys.permissions, queryFn: ({ signal }) => listPermissions(signal), staleTime: Infinity });
}

function useInvalidateRoles() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.roles });
}

export function useCreateRole() {
  const invalidate = useInvalidateRoles();
  return useMutation({ mutationFn: (role: NewRole) => createRole(role), onSuccess: invalidate });
}

export function useUpdateRole() {
  const invalidate = useInvalidateRoles();
  return useMutation({
    mutationFn: ({ name, patch }: { name: string; patch: RolePatch }) => updateRole(name, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteRole() {
  const invalidate = useInvalidateRoles();
  return useMutation({ mutationFn: (name: string) => deleteRole(name), onSuccess: invalidate });
}
