import { request } from './client';
import type {
  ApiToken,
  AuditEntry,
  CreatedApiToken,
  CursorEnvelope,
  DataEnvelope,
  LoginRequest,
  Me,
  MfaEnrollment,
  PageEnvelope,
  Permission,
  PermissionInfo,
  Playbook,
  Readiness,
  Role,
  Run,
  Session,
  User,
} from './types';

/** Query keys in one place so pages can invalidate each other's data. */
export const queryKeys = {
  readiness: ['readiness'] as const,
  playbooks: ['playbooks'] as const,
  runs: (page: number, limit: number) => ['runs', { page, limit }] as const,
  allRuns: ['runs'] as const,
  run: (id: string) => ['run', id] as const,
  users: (filter: UserFilter) => ['users', filter] as const,
  allUsers: ['users'] as const,
  roles: ['roles'] as const,
  permissions: ['permissions'] as const,
  tokens: ['tokens'] as const,
  audit: (filter: AuditFilter) => ['audit', filter] as const,
  allAudit: ['audit'] as const,
};

/** GET /readyz — 503 still carries every check, so it is a normal answer here. */
export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return request<Readiness>('/readyz', { signal, acceptStatuses: [503] });
}

export async function listPlaybooks(signal?: AbortSignal): Promise<Playbook[]> {
  const body = await request<DataEnvelope<Playbook[]>>('/api/v1/playbooks', { signal });
  return body.data;
}

export async function startRun(playbook: string, params: Record<string, unknown>): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/playbooks/${encodeURIComponent(playbook)}/runs`, {
    method: 'POST',
    body: { params },
  });
  return body.data;
}

export function listRuns(page: number, limit: number, signal?: AbortSignal): Promise<PageEnvelope<Run>> {
  const query = new URLSearchParams({ page: String(page), limit: String(limit) });
  return request<PageEnvelope<Run>>(`/api/v1/runs?${query.toString()}`, { signal });
}

export async function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}`, { signal });
  return body.data;
}

// --- session (src/auth/session.ts is the only caller) -----------------------

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

export async function enrollMfa(): Promise<MfaEnrollment> {
  const body = await request<DataEnvelope<MfaEnrollment>>('/api/v1/auth/mfa/enroll', { method: 'POST' });
  return body.data;
}

export async function confirmMfa(code: string): Promise<string[]> {
  const body = await request<DataEnvelope<{ recoveryCodes: string[] }>>('/api/v1/auth/mfa/confirm', {
    method: 'POST',
    body: { code },
  });
  return body.data.recoveryCodes;
}

export async function disableMfa(code: string): Promise<void> {
  await request<null>('/api/v1/auth/mfa/disable', { method: 'POST', body: { code } });
}

// --- users, roles, permissions (users:admin) ---------------------------------

export interface UserFilter {
  q: string;
  role: string;
  /** "" for everyone. */
  active: '' | 'true' | 'false';
  page: number;
  limit: number;
}

export function listUsers(filter: UserFilter, signal?: AbortSignal): Promise<PageEnvelope<User>> {
  const query = new URLSearchParams({ page: String(filter.page), limit: String(filter.limit) });
  if (filter.q) query.set('q', filter.q);
  if (filter.role) query.set('role', filter.role);
  if (filter.active) query.set('active', filter.active);
  return request<PageEnvelope<User>>(`/api/v1/users?${query.toString()}`, { signal });
}

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

export async function listRoles(signal?: AbortSignal): Promise<Role[]> {
  const body = await request<DataEnvelope<Role[]>>('/api/v1/roles', { signal });
  return body.data;
}

export interface NewRole {
  name: string;
  description: string;
  permissions: Permission[];
  requireMfa: boolean;
}

export async function createRole(role: NewRole): Promise<Role> {
  const body = await request<DataEnvelope<Role>>('/api/v1/roles', { method: 'POST', body: role });
  return body.data;
}

export type RolePatch = Partial<Omit<NewRole, 'name'>>;

export async function updateRole(name: string, patch: RolePatch): Promise<Role> {
  const body = await request<DataEnvelope<Role>>(`/api/v1/roles/${encodeURIComponent(name)}`, { method: 'PATCH', body: patch });
  return body.data;
}

export async function deleteRole(name: string): Promise<void> {
  await request<null>(`/api/v1/roles/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export async function listPermissions(signal?: AbortSignal): Promise<PermissionInfo[]> {
  const body = await request<DataEnvelope<PermissionInfo[]>>('/api/v1/permissions', { signal });
  return body.data;
}

// --- API tokens (users:admin) -----------------------------------------------

export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  const body = await request<DataEnvelope<ApiToken[]>>('/api/v1/tokens', { signal });
  return body.data;
}

export interface NewToken {
  name: string;
  permissions: Permission[];
  /** RFC 3339; omitted for a token that does not expire. */
  expiresAt?: string;
}

export async function createToken(token: NewToken): Promise<CreatedApiToken> {
  const body = await request<DataEnvelope<CreatedApiToken>>('/api/v1/tokens', { method: 'POST', body: token });
  return body.data;
}

export async function revokeToken(id: string): Promise<ApiToken> {
  const body = await request<DataEnvelope<ApiToken>>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  return body.data;
}

// --- audit log (audit:read) -------------------------------------------------

export interface AuditFilter {
  /** Actor ID (user or token). */
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** RFC 3339 bounds; "" for none. */
  from: string;
  to: string;
}

export function listAudit(filter: AuditFilter, cursor: string, limit: number, signal?: AbortSignal): Promise<CursorEnvelope<AuditEntry>> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  if (cursor) query.set('cursor', cursor);
  return request<CursorEnvelope<AuditEntry>>(`/api/v1/audit?${query.toString()}`, { signal });
}
