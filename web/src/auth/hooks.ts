import { useSyncExternalStore } from 'react';
import type { Me, Permission } from '../api/types';
import { getAuthState, subscribeAuth, type AuthState } from './session';

export function useAuthState(): AuthState {
  return useSyncExternalStore(subscribeAuth, getAuthState, getAuthState);
}

/** The signed-in user, or null. */
export function useMe(): Me | null {
  const state = useAuthState();
  return state.status === 'signedIn' ? state.session.user : null;
}

/**
 * Whether `me` may do what `permission` guards. Until a user with an MFA-requiring
 * role enrolls, the API refuses everything outside /auth/*, so nothing is allowed.
 * An undefined permission means "any signed-in user".
 */
export function can(me: Me | null | undefined, permission: Permission | undefined): boolean {
  if (!me || me.mfaRequired || me.mustChangePassword) return false;
  return permission === undefined || me.permissions.includes(permission);
}

/** Whether the signed-in user holds `permission` (for hiding or disabling controls). */
export function useCan(permission: Permission | undefined): boolean {
  return can(useMe(), permission);
}
