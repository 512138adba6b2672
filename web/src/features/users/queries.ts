import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createUser,
  getMe,
  listUsers,
  queryKeys,
  resetUserMfa,
  updateUser,
  type NewUser,
  type UserFilter,
  type UserPatch,
} from '../../api/endpoints';
import { getAuthState, updateMe } from '../../auth/session';

export function useUsers(filter: UserFilter) {
  return useQuery({
    queryKey: queryKeys.users(filter),
    queryFn: ({ signal }) => listUsers(filter, signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.allUsers });
}

/** After an admin changes their own account, the menu and permissions follow. */
async function refreshMeIf(id: string): Promise<void> {
  const state = getAuthState();
  if (state.status === 'signedIn' && state.session.user.id === id) updateMe(await getMe());
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (user: NewUser) => createUser(user), onSuccess: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) => updateUser(id, patch),
    onSuccess: async (user) => {
      await invalidate();
      await refreshMeIf(user.id).catch(() => undefined); // a deactivated self is signed out by the next request
    },
  });
}

export function useResetUserMfa() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => resetUserMfa(id),
    onSuccess: async (_, id) => {
      await invalidate();
      await refreshMeIf(id).catch(() => undefined);
    },
  });
}
