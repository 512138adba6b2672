import { request } from './client';
import type {
  ApiToken,
  AuditEntry,
  CreatedApiToken,
  Credential,
  CredentialKind,
  CursorEnvelope,
  DataEnvelope,
  EscalationLevel,
  EscalationPolicy,
  Incident,
  IncidentAction,
  IncidentMetrics,
  IncidentNotification,
  IncidentPage,
  LoginRequest,
  Me,
  MfaEnrollment,
  PageEnvelope,
  Permission,
  PermissionInfo,
  Playbook,
  PlaybookTrigger,
  Readiness,
  OnCall,
  PageRecipient,
  Role,
  Rotation,
  Run,
  RunLogPage,
  Schedule,
  Server,
  ServerTestResult,
  Service,
  Session,
  Severity,
  SlaPolicy,
  SlaRule,
  TimelineEvent,
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
  runLogs: (id: string) => ['run', id, 'logs'] as const,
  incidents: (filter: IncidentFilter) => ['incidents', filter] as const,
  allIncidents: ['incidents'] as const,
  incident: (id: string) => ['incident', id] as const,
  incidentTimeline: (id: string) => ['incident', id, 'timeline'] as const,
  incidentNotifications: (id: string) => ['incident', id, 'notifications'] as const,
  incidentMetrics: (from: string, to: string, bucket: MetricsBucket | '' = '') =>
    ['incident-metrics', bucket ? { from, to, bucket } : { from, to }] as const,
  incidentCount: (filter: Partial<IncidentFilter>) => ['incidents', 'count', filter] as const,
  runCount: (status: string) => ['runs', 'count', status] as const,
  services: ['services'] as const,
  escalationPolicies: ['escalation-policies'] as const,
  slaPolicies: ['sla-policies'] as const,
  schedules: ['schedules'] as const,
  onCall: (id: string) => ['schedules', id, 'oncall'] as const,
  servers: (filter: ServerFilter) => ['servers', filter] as const,
  allServers: ['servers'] as const,
  credentials: ['credentials'] as const,
};

/** GET /readyz — 503 still carries every check, so it is a normal answer here. */
export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return request<Readiness>('/readyz', { signal, acceptStatuses: [503] });
}

export async function listPlaybooks(signal?: AbortSignal): Promise<Playbook[]> {
  const body = await request<DataEnvelope<Playbook[]>>('/api/v1/playbooks', { signal });
  return body.data;
}

/**
 * POST /playbooks/:name/runs; a dry run only plans (its result lists the plan).
 * `serviceId` names the service paged if the run fails (the circuit breaker).
 */
export async function startRun(playbook: string, params: Record<string, unknown>, dryRun = false, serviceId = ''): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/playbooks/${encodeURIComponent(playbook)}/runs`, {
    method: 'POST',
    body: { params, ...(dryRun ? { dryRun: true } : {}), ...(serviceId ? { serviceId } : {}) },
  });
  return body.data;
}

export function listRuns(page: number, limit: number, signal?: AbortSignal, status?: string): Promise<PageEnvelope<Run>> {
  const query = new URLSearchParams({ page: String(page), limit: String(limit) });
  if (status) query.set('status', status);
  return request<PageEnvelope<Run>>(`/api/v1/runs?${query.toString()}`, { signal });
}

/** POST /runs/:id/cancel — 202; the run turns cancelled once its workflow stops. */
export async function cancelRun(id: string): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  return body.data;
}

/** POST /runs/:id/approve|reject — 403 for your own run, 409 when nothing waits. */
export async function decideRun(id: string, approve: boolean, note: string): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, {
    method: 'POST',
    body: note.trim() ? { note: note.trim() } : undefined,
  });
  return body.data;
}

/** GET /runs/:id/logs?after=<cursor> — the lines after `after`, and the cursor to ask from next. */
export function getRunLogs(id: string, after: string, signal?: AbortSignal): Promise<RunLogPage> {
  const query = after ? `?${new URLSearchParams({ after }).toString()}` : '';
  return request<RunLogPage>(`/api/v1/runs/${encodeURIComponent(id)}/logs${query}`, { signal });
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

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request<null>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
}

export async function disableMfa(password: string, code: string): Promise<void> {
  await request<null>('/api/v1/auth/mfa/disable', { method: 'POST', body: { password, code } });
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

// --- incidents (incidents:read, incidents:write) ------------------------------

export const INCIDENT_SORTS = ['created_at', 'updated_at', 'severity', 'status'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export interface IncidentFilter {
  /** Comma-separated statuses, "open" for every open one, "" for all. */
  status: string;
  /** Comma-separated severities, "" for all. */
  severity: string;
  serviceId: string;
  assigneeId: string;
  q: string;
  /** RFC 3339 bounds on creation time; "" for none. */
  from: string;
  to: string;
  sort: IncidentSort;
  order: 'asc' | 'desc';
  page: number;
  limit: number;
  /** Only incidents that breached an SLA deadline. */
  breached?: boolean;
}

export const defaultIncidentFilter: IncidentFilter = {
  status: '',
  severity: '',
  serviceId: '',
  assigneeId: '',
  q: '',
  from: '',
  to: '',
  sort: 'created_at',
  order: 'desc',
  page: 1,
  limit: 20,
};

export function incidentQuery(filter: Partial<IncidentFilter>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...defaultIncidentFilter, ...filter })) {
    if (value !== '' && value !== undefined) query.set(key, String(value));
  }
  return query.toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `key` or its capitalised Go field name ("channel" or "Channel"). */
function field(raw: Record<string, unknown>, key: string): unknown {
  return raw[key] ?? raw[key.charAt(0).toUpperCase() + key.slice(1)];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value) || 0);

/** A page recipient from either JSON spelling; undefined when it is not an object. */
export function normaliseRecipient(raw: unknown): PageRecipient | undefined {
  if (!isRecord(raw)) return undefined;
  const error = str(field(raw, 'error'));
  return {
    channel: str(field(raw, 'channel')),
    target: str(field(raw, 'target')),
    status: str(field(raw, 'status')),
    ...(error ? { error } : {}),
  };
}

export function normaliseRecipients(raw: unknown): PageRecipient[] {
  return Array.isArray(raw) ? raw.flatMap((r) => normaliseRecipient(r) ?? []) : [];
}

function normalisePage(raw: unknown): IncidentPage[] {
  if (!isRecord(raw)) return [];
  return [
    {
      at: str(field(raw, 'at')),
      level: num(field(raw, 'level')),
      round: num(field(raw, 'round')),
      reason: str(field(raw, 'reason')),
      recipients: normaliseRecipients(field(raw, 'recipients')),
      error: str(field(raw, 'error')),
    },
  ];
}

/** The incident with `pages` in one spelling, whatever casing the API used. */
export function normaliseIncident(raw: Incident): Incident {
  const pages = (raw as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return raw;
  return { ...raw, pages: pages.flatMap(normalisePage) };
}

export async function listIncidents(filter: Partial<IncidentFilter>, signal?: AbortSignal): Promise<PageEnvelope<Incident>> {
  const body = await request<PageEnvelope<Incident>>(`/api/v1/incidents?${incidentQuery(filter)}`, { signal });
  return { ...body, data: body.data.map(normaliseIncident) };
}

export async function getIncident(id: string, signal?: AbortSignal): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}`, { signal });
  return normaliseIncident(body.data);
}

export interface NewIncident {
  serviceId: string;
  title: string;
  severity: Severity;
  description?: string;
  dedupKey?: string;
}

/** POST /incidents — `deduplicated` when an open incident with the same key took it. */
export async function createIncident(incident: NewIncident): Promise<{ incident: Incident; deduplicated: boolean }> {
  const body = await request<DataEnvelope<Incident> & { deduplicated?: boolean }>('/api/v1/incidents', {
    method: 'POST',
    body: incident,
  });
  return { incident: normaliseIncident(body.data), deduplicated: Boolean(body.deduplicated) };
}

/** POST /incidents/:id/<action> — 409 when the incident's status does not allow it. */
export async function incidentAction(id: string, action: IncidentAction): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
  return normaliseIncident(body.data);
}

export async function reassignIncident(id: string, assigneeId: string): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/reassign`, {
    method: 'POST',
    body: { assigneeId },
  });
  return normaliseIncident(body.data);
}

export async function commentOnIncident(id: string, note: string): Promise<Incident> {
  const body = await request<DataEnvelope<Incident>>(`/api/v1/incidents/${encodeURIComponent(id)}/comment`, {
    method: 'POST',
    body: { note },
  });
  return normaliseIncident(body.data);
}

export async function getIncidentTimeline(id: string, signal?: AbortSignal): Promise<TimelineEvent[]> {
  const body = await request<DataEnvelope<TimelineEvent[]>>(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`, { signal });
  return body.data;
}

export async function getIncidentNotifications(id: string, signal?: AbortSignal): Promise<IncidentNotification[]> {
  const body = await request<DataEnvelope<IncidentNotification[]>>(
    `/api/v1/incidents/${encodeURIComponent(id)}/notifications`,
    { signal },
  );
  return body.data;
}

export type MetricsBucket = 'hour' | 'day';

/** GET /metrics/incidents; with a bucket the answer carries a `series` over the range. */
export async function getIncidentMetrics(
  from: string,
  to: string,
  signal?: AbortSignal,
  bucket: MetricsBucket | '' = '',
): Promise<IncidentMetrics> {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (bucket) query.set('bucket', bucket);
  const body = await request<DataEnvelope<IncidentMetrics>>(`/api/v1/metrics/incidents?${query.toString()}`, { signal });
  return body.data;
}

// --- services, escalation and SLA policies, schedules -----------------------

export async function listServices(signal?: AbortSignal): Promise<Service[]> {
  const body = await request<DataEnvelope<Service[]>>('/api/v1/services', { signal });
  return body.data;
}

export interface NewService {
  name: string;
  description: string;
  escalationPolicyId: string;
  slaPolicyId: string | null;
  autoResolve: boolean;
  /** Playbooks started when an incident of the service triggers; 400 details name `playbooks[i].playbook|params`. */
  playbooks?: PlaybookTrigger[];
}

export async function createService(service: NewService): Promise<Service> {
  const body = await request<DataEnvelope<Service>>('/api/v1/services', { method: 'POST', body: service });
  return body.data;
}

/** PATCH /services/:id — replaces the whole service (send every field). */
export async function updateService(id: string, service: NewService): Promise<Service> {
  const body = await request<DataEnvelope<Service>>(`/api/v1/services/${encodeURIComponent(id)}`, { method: 'PATCH', body: service });
  return body.data;
}

export async function listEscalationPolicies(signal?: AbortSignal): Promise<EscalationPolicy[]> {
  const body = await request<DataEnvelope<EscalationPolicy[]>>('/api/v1/escalation-policies', { signal });
  return body.data;
}

export interface NewEscalationPolicy {
  name: string;
  repeat: number;
  levels: EscalationLevel[];
}

export async function createEscalationPolicy(policy: NewEscalationPolicy): Promise<EscalationPolicy> {
  const body = await request<DataEnvelope<EscalationPolicy>>('/api/v1/escalation-policies', { method: 'POST', body: policy });
  return body.data;
}

export async function listSlaPolicies(signal?: AbortSignal): Promise<SlaPolicy[]> {
  const body = await request<DataEnvelope<SlaPolicy[]>>('/api/v1/sla-policies', { signal });
  return body.data;
}

export async function createSlaPolicy(policy: { name: string; rules: SlaRule[] }): Promise<SlaPolicy> {
  const body = await request<DataEnvelope<SlaPolicy>>('/api/v1/sla-policies', { method: 'POST', body: policy });
  return body.data;
}

export function listSchedules(signal?: AbortSignal): Promise<PageEnvelope<Schedule>> {
  return request<PageEnvelope<Schedule>>('/api/v1/schedules?limit=100', { signal });
}

export interface NewSchedule {
  name: string;
  description: string;
  timeZone: string;
  rotations: Rotation[];
}

export async function createSchedule(schedule: NewSchedule): Promise<Schedule> {
  const body = await request<DataEnvelope<Schedule>>('/api/v1/schedules', { method: 'POST', body: schedule });
  return body.data;
}

export async function getOnCall(id: string, signal?: AbortSignal): Promise<OnCall> {
  const body = await request<DataEnvelope<OnCall>>(`/api/v1/schedules/${encodeURIComponent(id)}/oncall`, { signal });
  return body.data;
}

// --- servers (servers:read, servers:write) and credentials (credentials:write) --

export interface ServerFilter {
  /** Matches name or host. */
  q: string;
  /** Servers carrying every one of these tags. */
  tags: string[];
  page: number;
  limit: number;
}

export function listServers(filter: ServerFilter, signal?: AbortSignal): Promise<PageEnvelope<Server>> {
  const query = new URLSearchParams({ page: String(filter.page), limit: String(filter.limit) });
  if (filter.q) query.set('q', filter.q);
  for (const tag of filter.tags) query.append('tag', tag);
  return request<PageEnvelope<Server>>(`/api/v1/servers?${query.toString()}`, { signal });
}

export interface NewServer {
  name: string;
  host: string;
  port: number;
  username: string;
  credentialId: string;
  tags: string[];
  /** Pins the host key up front (authorized_keys format); omitted: nothing logs in until a user trusts the fingerprint a test shows. */
  hostKey?: string;
}

/** Only the fields to change; hostKey "" forgets the pinned key. */
export type ServerPatch = Partial<NewServer>;

export async function createServer(server: NewServer): Promise<Server> {
  const body = await request<DataEnvelope<Server>>('/api/v1/servers', { method: 'POST', body: server });
  return body.data;
}

export async function updateServer(id: string, patch: ServerPatch): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
  return body.data;
}

export async function deleteServer(id: string): Promise<void> {
  await request<null>(`/api/v1/servers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** POST /servers/:id/test — logs in and runs `uname -a`; a server without a pinned host key is only shown its fingerprint (SSHHostKeyNotTrusted). */
export async function testServer(id: string): Promise<ServerTestResult> {
  const body = await request<DataEnvelope<ServerTestResult>>(`/api/v1/servers/${encodeURIComponent(id)}/test`, { method: 'POST' });
  return body.data;
}

/** POST /servers/:id/host-key {fingerprint} — pins the key the server presents, if it is the fingerprint the user checked (409 otherwise). */
export async function trustServerHostKey(id: string, fingerprint: string): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}/host-key`, {
    method: 'POST',
    body: JSON.stringify({ fingerprint }),
  });
  return body.data;
}

/** POST /servers/:id/host-key/reset — forgets the pinned key (servers:host-key-reset); a user then trusts the new key's fingerprint. */
export async function resetServerHostKey(id: string): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}/host-key/reset`, { method: 'POST' });
  return body.data;
}

export async function listCredentials(signal?: AbortSignal): Promise<Credential[]> {
  const body = await request<DataEnvelope<Credential[]>>('/api/v1/credentials', { signal });
  return body.data;
}

export interface NewCredential {
  name: string;
  kind: CredentialKind;
  secret: string;
}

/** A new name, a new secret (checked against the credential's kind, which never changes), or both. */
export interface CredentialPatch {
  name?: string;
  secret?: string;
}

export async function createCredential(credential: NewCredential): Promise<Credential> {
  const body = await request<DataEnvelope<Credential>>('/api/v1/credentials', { method: 'POST', body: credential });
  return body.data;
}

export async function updateCredential(id: string, patch: CredentialPatch): Promise<Credential> {
  const body = await request<DataEnvelope<Credential>>(`/api/v1/credentials/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: patch,
  });
  return body.data;
}

/** DELETE /credentials/:id — 409 while servers still use it. */
export async function deleteCredential(id: string): Promise<void> {
  await request<null>(`/api/v1/credentials/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
