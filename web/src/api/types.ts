/** Wire types of the OpsManager API (see the OpenAPI document served by the API). */

import type { ObjectSchema } from '../schema-form/schema';

export interface DataEnvelope<T> {
  data: T;
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

export interface PageEnvelope<T> {
  data: T[];
  pagination: Pagination;
}

// --- /readyz ---------------------------------------------------------------

export type CheckStatus = 'ok' | 'down';

export interface DependencyCheck {
  status: CheckStatus;
  latencyMs: number;
  address: string;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, DependencyCheck>;
}

// --- playbooks -------------------------------------------------------------

export type Risk = 'low' | 'medium' | 'high' | 'critical';

export interface Playbook {
  name: string;
  title: string;
  description: string;
  category: string;
  /** Usually one of Risk; kept open so a new level does not break the UI. */
  risk: Risk | (string & {});
  requiresApproval: boolean;
  timeoutSeconds: number;
  permission: string;
  paramsSchema: ObjectSchema;
}

// --- runs ------------------------------------------------------------------

export const RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface Run {
  id: string;
  playbook: string;
  status: RunStatus;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  workflowId: string;
  temporalRunId: string;
  temporalUrl: string;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A run in one of these states can still change, so its page keeps polling. */
export function isRunActive(status: RunStatus | string): boolean {
  return status === 'pending' || status === 'running';
}

// --- identity --------------------------------------------------------------

/** Permissions the API checks (GET /api/v1/permissions describes each one). */
export const PERMISSIONS = [
  'playbooks:read',
  'playbooks:run',
  'playbooks:approve',
  'incidents:read',
  'incidents:write',
  'servers:read',
  'servers:write',
  'credentials:write',
  'users:admin',
  'audit:read',
  'alerts:write',
] as const;
/** Kept open so a permission added by a newer API does not break the UI. */
export type Permission = (typeof PERMISSIONS)[number] | (string & {});

export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  active: boolean;
  mfaEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

/** The signed-in user with their effective permissions. */
export interface Me extends User {
  permissions: Permission[];
  /** A role requires MFA and the user has not enrolled: only /auth/* routes answer until they do. */
  mfaRequired: boolean;
}

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  /** RFC 3339. */
  expiresAt: string;
  /** Seconds the access token stays valid, from when it was issued. */
  expiresIn: number;
  user: Me;
}

export interface LoginRequest {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

export interface MfaEnrollment {
  secret: string;
  otpauthUrl: string;
  /** Base64 PNG of the otpauth:// QR code. */
  qrPng: string;
}

export interface Role {
  name: string;
  description: string;
  permissions: Permission[];
  builtin: boolean;
  requireMfa: boolean;
}

export interface PermissionInfo {
  name: Permission;
  description: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  /** User ID of the creator. */
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to creating a token: the only time its secret is shown. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  id: string;
  at: string;
  actorType: 'user' | 'token' | 'system' | 'anonymous' | (string & {});
  actorId: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: AuditOutcome | (string & {});
  requestId: string;
  clientIp: string;
  userAgent: string;
  summary: Record<string, unknown> | null;
}

export interface CursorEnvelope<T> {
  data: T[];
  pagination: { limit: number; nextCursor: string };
}
