import type { AuditFilter } from './api';

/** The filter form's values; from/to are <input type="datetime-local"> values in local time. */
export type AuditFilterValues = AuditFilter;

export const AUDIT_FILTER_KEYS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

export const emptyAuditFilter: AuditFilterValues = { actor: '', action: '', targetType: '', targetId: '', from: '', to: '' };

export function filterFromParams(params: URLSearchParams): AuditFilterValues {
  const values = { ...emptyAuditFilter };
  for (const key of AUDIT_FILTER_KEYS) values[key] = params.get(key) ?? '';
  return values;
}

/** A local "2026-11-25T14:30" as RFC 3339 UTC ("2026-11-25T13:30:00Z"); "" when empty or invalid. */
export function localToRfc3339(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the API is asked for: trimmed text, times converted. */
export function toApiFilter(values: AuditFilterValues): AuditFilter {
  return {
    actor: values.actor.trim(),
    action: values.action.trim(),
    targetType: values.targetType.trim(),
    targetId: values.targetId.trim(),
    from: localToRfc3339(values.from),
    to: localToRfc3339(values.to),
  };
}

/** Suggestions for the action filter, which also matches prefixes ("user" finds user.update). */
export const KNOWN_ACTIONS = [
  'auth',
  'auth.login',
  'auth.refresh',
  'auth.refresh.reuse',
  'auth.logout',
  'auth.logout_all',
  'auth.mfa.enroll',
  'auth.mfa.confirm',
  'auth.mfa.disable',
  'auth.mfa.recovery_code_used',
  'user',
  'user.create',
  'user.update',
  'user.mfa_reset',
  'role',
  'role.create',
  'role.update',
  'role.delete',
  'api_token',
  'api_token.create',
  'api_token.revoke',
  'playbook.run.start',
];

export const TARGET_TYPES = ['user', 'role', 'api_token', 'session', 'run', 'playbook'];
