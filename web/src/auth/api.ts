import { request } from '../api/client';
import type { DataEnvelope, LoginRequest, Me, Session } from '../api/types';

/** POST /auth/login — sets the refresh cookie. Its 401s are answers, never a reason to refresh. */
export async function login(credentials: LoginRequest): Promise<Session> {
  const body = await request<DataEnvelope<Session>>('/api/v1/auth/login', {
    method: 'POST',
    body: credentials,
    anonymous: true,
  });
  return body.data;
}

/** POST /auth/refresh — rotates the refresh cookie. Never call twice at once: use refreshSession(). */
export async function refresh(): Promise<Session> {
  const body = await request<DataEnvelope<Session>>('/api/v1/auth/refresh', { method: 'POST', anonymous: true });
  return body.data;
}

export async function logout(everywhere = false): Promise<void> {
  await request<null>(everywhere ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout', { method: 'POST' });
}

export async function getMe(signal?: AbortSignal): Promise<Me> {
  const body = await request<DataEnvelope<Me>>('/api/v1/auth/me', { signal });
  return body.data;
}
