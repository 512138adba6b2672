import type {
  CreatedToken,
  DomainAPIToken,
  DomainAuditEntry,
  DomainCredential,
  DomainDelivery,
  DomainEscalationLevel,
  DomainEscalationPolicy,
  DomainIncidentRunLink,
  DomainLogLine,
  DomainPermissionInfo,
  DomainPlaybookTrigger,
  DomainPlaybookView,
  DomainRole,
  DomainRotation,
  DomainRunStep,
  DomainSLAPolicy,
  DomainSLARule,
  DomainSchedule,
  DomainServer,
  DomainServerTestResult,
  DomainService,
  DomainTarget,
  DomainTimelineEvent,
  DomainUser,
  EnrollBody,
  IncidentView,
  MeBody,
  OnCallView,
  PageView,
  Pagination,
  RecipientView,
  RunView,
  SessionBody,
  StoreIncidentMetrics,
  StoreMetricBucket,
  StoreServiceMetrics,
} from './generated';
import type { Answer } from './call';
import type { ObjectSchema } from '../schema-form/schema';

/**
 * Wire types of the OpsManager API. They are the types generated from the Go
 * server's contract (generated.ts); the few the dashboard reads more narrowly
 * are narrowed here, each with the reason, and the rest of this file is
 * client-side (constants, predicates, /readyz).
 */

export type { LoginRequest, OnCallPerson, OnCallSet, Pagination } from './generated';

/**
 * A generated type with some members narrowed for the dashboard. Each narrowed
 * member must stay assignable to the generated one, so a change to the Go type
 * that breaks a narrowing is a type error here rather than a surprise at run time.
 */
type Narrow<T, N extends { [K in keyof N]: K extends keyof T ? T[K] : never }> = Omit<T, keyof N> & N;

/** A page of a paginated list (what PagedList shows); every such route's answer is one. */
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

/** A playbook of the catalogue; its parameter schema is read as the JSON Schema subset schema-form renders. */
export type Playbook = Narrow<DomainPlaybookView, { paramsSchema: ObjectSchema & Record<string, unknown> }>;

// --- runs ------------------------------------------------------------------

export const RUN_STATUSES = ['pending', 'running', 'waiting_approval', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['running', 'waiting_approval', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One recorded step of a run (an HTTP request, an SSH command, an approval...); kind and status stay open strings. */
export type RunStep = DomainRunStep;

/**
 * A playbook run. Narrowed: status to the known states, which pages switch over;
 * result to the JSON object a workflow returns (the contract only says "any JSON").
 */
export type Run = Narrow<RunView, { status: RunStatus; result: Record<string, unknown> | null }>;

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
export type IncidentRunLink = DomainIncidentRunLink;

/** GET /runs/:id/logs: lines and the cursor to ask from next. */
export type RunLogPage = Answer<'GET /api/v1/runs/{id}/logs'>;

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

/** Who one page reached. */
export type PageRecipient = RecipientView;

/** One round of notifications of a running incident. */
export type IncidentPage = PageView;

/** An incident; severity and status are narrowed to the known values, which badges, filters and actions switch over. */
export type Incident = Narrow<IncidentView, { severity: Severity; status: IncidentStatus }>;

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

export type TimelineEvent = DomainTimelineEvent;

/** One delivery of a page to one recipient. */
export type IncidentNotification = DomainDelivery;

export type ServiceMetrics = StoreServiceMetrics;

/** Incidents created in [start, start + bucket). */
export type MetricBucket = StoreMetricBucket;

/** GET /metrics/incidents; the counts are keyed by the known statuses and severities. */
export type IncidentMetrics = Narrow<
  StoreIncidentMetrics,
  { byStatus: Partial<Record<IncidentStatus, number>> | null; bySeverity: Partial<Record<Severity, number>> | null }
>;

// --- services, policies, schedules ----------------------------------------

export const ESCALATION_TARGET_TYPES = ['user', 'schedule', 'email', 'webhook'] as const;
export type EscalationTargetType = (typeof ESCALATION_TARGET_TYPES)[number];

export type EscalationTarget = DomainTarget;

export type EscalationLevel = DomainEscalationLevel;

export type EscalationPolicy = DomainEscalationPolicy;

export type SlaRule = DomainSLARule;

export type SlaPolicy = DomainSLAPolicy;

/** A playbook a service starts when one of its incidents triggers; string params may hold placeholders (TRIGGER_PLACEHOLDERS). */
export type PlaybookTrigger = DomainPlaybookTrigger;

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

export type Service = DomainService;

export const SHIFT_TYPES = ['hourly', 'daily', 'weekly'] as const;

export type Rotation = DomainRotation;

export type Schedule = DomainSchedule;

export type OnCall = OnCallView;

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
export type Me = MeBody;

export type Session = SessionBody;

export type MfaEnrollment = EnrollBody;

export type Role = DomainRole;

export type PermissionInfo = DomainPermissionInfo;

export type ApiToken = DomainAPIToken;

/** The answer to creating a token: the only time its secret is shown. */
export type CreatedApiToken = CreatedToken;

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditEntry = DomainAuditEntry;

// The asset inventory (CMDB).
export type {
  AssetsAsset as Asset,
  AssetsType as AssetType,
  AssetsChange as AssetChange,
  AssetsGraph as AssetGraph,
  AssetsGraphNode as AssetNode,
  AssetsRelationship as Relationship,
  AssetsRelationshipType as RelationshipType,
  AssetRelationship,
  Impact,
  ImpactedAsset,
  ImpactedService,
  IncidentImpact,
  ImportView as AssetImport,
  ImportPreview,
  DiscoverySchedule,
} from './generated';
