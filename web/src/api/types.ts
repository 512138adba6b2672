import type {
  DomainAuditEntry,
  DomainCredential,
  DomainEscalationPolicy,
  DomainLogLine,
  DomainPermissionInfo,
  DomainRole,
  DomainSLAPolicy,
  DomainSchedule,
  DomainServer,
  DomainServerTestResult,
  DomainUser,
} from './generated';

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

export const RUN_STATUSES = ['pending', 'running', 'waiting_approval', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['running', 'waiting_approval', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One recorded step of a run (an HTTP request, an SSH command, an approval...). */
export interface RunStep {
  seq: number;
  name: string;
  /** http, ssh, email, approval, wait; kept open for new kinds. */
  kind: string;
  target: string;
  status: StepStatus | (string & {});
  attempts: number;
  exitCode?: number | null;
  error: string | null;
  result: unknown;
  startedAt: string;
  finishedAt: string | null;
}

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
  /** Planned only: no step touched anything. Older APIs omit it. */
  dryRun?: boolean;
  approvedBy?: string | null;
  /** The service paged if the run fails (circuit breaker); null for none. Older APIs omit it. */
  serviceId?: string | null;
  steps?: RunStep[];
  /** Incidents linked to the run (GET /runs/:id only). */
  incidents?: IncidentRunLink[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A run in one of these states can still change, so its page keeps polling. */
export function isRunActive(status: RunStatus | string): boolean {
  return status === 'pending' || status === 'running' || status === 'waiting_approval';
}

/** What a dry run would have done, one entry per step (result.plan). */
export interface PlannedAction {
  step: string;
  kind: string;
  target: string;
  detail: unknown;
}

/** One line of a run's output (GET /runs/:id/logs). */
export type RunLogLine = DomainLogLine;

/** How a run and an incident are linked. */
export const RUN_LINK_RELATIONS = ['triggered', 'failure', 'approval_timeout'] as const;
export type RunLinkRelation = (typeof RUN_LINK_RELATIONS)[number];

/** A run linked to an incident, with enough of each to list it (incident.runs, run.incidents). */
export interface IncidentRunLink {
  incidentId: string;
  runId: string;
  /** triggered: the incident started the run; failure / approval_timeout: the run opened the incident. */
  relation: RunLinkRelation | (string & {});
  createdAt: string;
  incidentTitle: string;
  incidentStatus: IncidentStatus | (string & {});
  playbook: string;
  runStatus: RunStatus | (string & {});
}

export interface RunLogPage {
  data: RunLogLine[];
  pagination: { next: string };
}

// --- incidents -------------------------------------------------------------

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** In lifecycle order. */
export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'investigating', 'mitigated', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses that still need work ("open" in the API's status filter). */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'investigating', 'mitigated'];

export function isIncidentOpen(status: IncidentStatus | string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export const INCIDENT_ACTIONS = [
  'acknowledge',
  'investigate',
  'mitigate',
  'resolve',
  'close',
  'reopen',
  'escalate',
] as const;
/** Actions without a body; reassign and comment carry one. */
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** Who one page reached. The API currently sends these keys capitalised (Go field names). */
export interface PageRecipient {
  channel: string;
  target: string;
  status: string;
  error?: string;
}

/** One round of notifications of a running incident. */
export interface IncidentPage {
  at: string;
  level: number;
  round: number;
  reason: string;
  recipients: PageRecipient[];
  error: string;
}

export interface Incident {
  id: string;
  serviceId: string;
  serviceName: string;
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  dedupKey: string;
  alertCount: number;
  lastAlertAt: string | null;
  assigneeId: string | null;
  /** 1-based; 0 before the first page. */
  escalationLevel: number;
  escalationRound: number;
  nextEscalationAt: string | null;
  ackDeadline: string | null;
  resolveDeadline: string | null;
  ackBreached: boolean;
  resolveBreached: boolean;
  workflowId: string;
  createdBy: string;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  temporalUrl: string;
  /** Live pages, while the workflow runs (normalised by entities/incident/normalise.ts). */
  pages?: IncidentPage[];
  /** Playbook runs linked to the incident (GET /incidents/:id only). */
  runs?: IncidentRunLink[];
}

export const TIMELINE_TYPES = [
  'triggered',
  'status_changed',
  'escalated',
  'notified',
  'sla_breached',
  'comment',
  'reassigned',
  'alert_attached',
  'playbook_started',
  'playbook_skipped',
  'playbook_failure',
  'playbook_approval_timeout',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEvent {
  id: string;
  at: string;
  type: TimelineType | (string & {});
  actor: string;
  message: string;
  details: Record<string, unknown> | null;
}

/** One delivery of a page to one recipient. */
export interface IncidentNotification {
  id: string;
  channel: string;
  target: string;
  level: number;
  reason: string;
  status: 'pending' | 'sent' | 'failed' | (string & {});
  attempts: number;
  lastError: string;
  createdAt: string;
  sentAt: string | null;
}

export interface ServiceMetrics {
  id: string;
  name: string;
  total: number;
  open: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  slaCompliance: number | null;
}

export interface IncidentMetrics {
  from: string;
  to: string;
  total: number;
  byStatus: Partial<Record<IncidentStatus, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  /** Share (0..1) of incidents with an SLA that met both deadlines; null when none had one. */
  slaCompliance: number | null;
  services: ServiceMetrics[];
  /** With ?bucket=hour|day: one entry per bucket of the range, oldest first, empty ones included. */
  series?: MetricBucket[];
}

/** Incidents created in [start, start + bucket). */
export interface MetricBucket {
  start: string;
  total: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
}

// --- services, policies, schedules ----------------------------------------

export const ESCALATION_TARGET_TYPES = ['user', 'schedule', 'email', 'webhook'] as const;
export type EscalationTargetType = (typeof ESCALATION_TARGET_TYPES)[number];

export interface EscalationTarget {
  type: EscalationTargetType | (string & {});
  /** User or schedule ID. */
  id?: string;
  /** Email address. */
  address?: string;
  /** Webhook URL. */
  url?: string;
  /** Webhook payload: json (default) or slack. */
  format?: 'json' | 'slack' | (string & {});
}

export interface EscalationLevel {
  delaySeconds: number;
  targets: EscalationTarget[];
}

export type EscalationPolicy = DomainEscalationPolicy;

export interface SlaRule {
  severity: Severity;
  ackSeconds: number;
  resolveSeconds: number;
}

export type SlaPolicy = DomainSLAPolicy;

/** A playbook a service starts when one of its incidents triggers. */
export interface PlaybookTrigger {
  playbook: string;
  /** String values may hold placeholders such as {{incident.title}} (see TRIGGER_PLACEHOLDERS). */
  params: Record<string, unknown>;
}

/** Placeholders a trigger's string parameters may use, filled from the incident. */
export const TRIGGER_PLACEHOLDERS = [
  'incident.id',
  'incident.title',
  'incident.description',
  'incident.severity',
  'incident.url',
  'service.id',
  'service.name',
] as const;

export interface Service {
  id: string;
  name: string;
  description: string;
  escalationPolicyId: string;
  slaPolicyId: string | null;
  autoResolve: boolean;
  /** Playbooks started when an incident of the service triggers. Older APIs omit it. */
  playbooks?: PlaybookTrigger[];
  createdAt: string;
  updatedAt: string;
}

export const SHIFT_TYPES = ['hourly', 'daily', 'weekly'] as const;

export interface Rotation {
  name: string;
  shiftType: (typeof SHIFT_TYPES)[number] | (string & {});
  shiftLength: number;
  /** Local wall-clock "2026-11-01T09:00" in the schedule's time zone. */
  start: string;
  userIds: string[];
}

export type Schedule = DomainSchedule;

export interface OnCallPerson {
  id: string;
  email: string;
  displayName: string;
}

export interface OnCallSet {
  at: string;
  users: OnCallPerson[];
}

export interface OnCall extends OnCallSet {
  /** Null when nobody changes within about two years. */
  next: OnCallSet | null;
}

// --- servers and credentials ---------------------------------------------

export const CREDENTIAL_KINDS = ['ssh-private-key', 'password', 'token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** A stored secret's metadata; the API never returns the secret itself. */
export type Credential = DomainCredential;

/** A machine playbooks run commands on over SSH (generated from the API's contract). */
export type Server = DomainServer;

/** POST /servers/:id/test — a failed connection is a normal answer with ok false (generated from the API's contract). */
export type ServerTestResult = DomainServerTestResult;

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
  'servers:host-key-reset',
  'credentials:write',
  'users:admin',
  'audit:read',
  'alerts:write',
  'temporal:decode',
] as const;
/** Kept open so a permission added by a newer API does not break the UI. */
export type Permission = (typeof PERMISSIONS)[number] | (string & {});

export type User = DomainUser;

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

export type Role = DomainRole;

export type PermissionInfo = DomainPermissionInfo;

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

export type AuditEntry = DomainAuditEntry;

export interface CursorEnvelope<T> {
  data: T[];
  pagination: { limit: number; nextCursor: string };
}
