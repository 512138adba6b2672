import { call, callData } from '../api/call';
import type { LoginRequest, Me, Session } from '../api/types';

/** POST /auth/login — sets the refresh cookie. Its 401s are answers, never a reason to refresh. */
export function login(credentials: LoginRequest): Promise<Session> {
  return callData('POST /api/v1/auth/login', { body: credentials, anonymous: true });
}

/** POST /auth/refresh — rotates the refresh cookie. Never call twice at once: use refreshSession(). */
export function refresh(): Promise<Session> {
  return callData('POST /api/v1/auth/refresh', { anonymous: true });
}

export async function logout(everywhere = false): Promise<void> {
  await call(everywhere ? 'POST /api/v1/auth/logout-all' : 'POST /api/v1/auth/logout');
}

/** The dashboard signs in with a session, so /auth/me answers the user (MeBody), never an API token (TokenMe). */
export function getMe(signal?: AbortSignal): Promise<Me> {
  return callData<'GET /api/v1/auth/me', Me>('GET /api/v1/auth/me', { signal });
}
