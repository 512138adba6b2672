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
