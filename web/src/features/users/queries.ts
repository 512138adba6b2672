import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMe } from '../../auth/api';
import { getAuthState, updateMe } from '../../auth/session';
import { userKeys, usersOptions, type UserFilter } from '../../entities/user/api';
import { useInvalidatingMutation } from '../../hooks/useInvalidatingMutation';
import { createUser, resetUserMfa, updateUser, type NewUser, type UserPatch } from './api';

export const useUsers = (filter: UserFilter) => useQuery({ ...usersOptions(filter), placeholderData: keepPreviousData });

/** After an admin changes their own account, the menu and permissions follow. */
async function refreshMeIf(id: string): Promise<void> {
  const state = getAuthState();
  if (state.status === 'signedIn' && state.session.user.id === id) updateMe(await getMe());
}

/** Refetches the user lists, then the signed-in user if it was the one changed. */
function useAfterUserChange() {
  const queryClient = useQueryClient();
  return async (id: string) => {
    await queryClient.invalidateQueries({ queryKey: userKeys.all });
    await refreshMeIf(id).catch(() => undefined); // a deactivated self is signed out by the next request
  };
}

export const useCreateUser = () => useInvalidatingMutation((user: NewUser) => createUser(user), [userKeys.all]);

export function useUpdateUser() {
  const after = useAfterUserChange();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) => updateUser(id, patch),
    onSuccess: (user) => after(user.id),
  });
}

export function useResetUserMfa() {
  const after = useAfterUserChange();
  return useMutation({ mutationFn: (id: string) => resetUserMfa(id), onSuccess: (_, id) => after(id) });
}
